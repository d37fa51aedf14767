import { execa } from 'execa';
import { gitFailure } from './errors.ts';

export interface GitOptions {
  cwd?: string;
  /** A GitHub token for this one command (clone, fetch), never stored anywhere. */
  token?: string;
  /** Receives git's progress lines (stderr, split on \r and \n). */
  onProgress?: (line: string) => void;
  env?: Record<string, string>;
}

/**
 * Runs git with an argument array (never a shell). The token travels in GIT_CONFIG_* variables of
 * this one child: not on its command line (world-readable in /proc), not in any config file or
 * remote URL, and never in the agent's environment (opencode never gets it).
 */
export async function git(args: string[], opts: GitOptions = {}): Promise<string> {
  const env: Record<string, string> = {
    GIT_TERMINAL_PROMPT: '0',
    GIT_ASKPASS: 'true',
    LC_ALL: 'C',
    ...opts.env,
  };
  if (opts.token) {
    const basic = Buffer.from(`x-access-token:${opts.token}`).toString('base64');
    Object.assign(env, {
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'http.extraHeader',
      GIT_CONFIG_VALUE_0: `Authorization: Basic ${basic}`,
    });
  }
  const child = execa('git', args, { cwd: opts.cwd, env, reject: false, stripFinalNewline: true });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr += chunk;
    if (opts.onProgress) for (const line of chunk.split(/[\r\n]+/)) if (line) opts.onProgress(line);
  });
  const result = await child;
  if (result.exitCode !== 0 || result.failed) {
    throw gitFailure(args, stderr || String(result.stderr ?? ''), result.exitCode, opts.token);
  }
  return String(result.stdout);
}

/** git, answering true/false from the exit code (e.g. `merge-base --is-ancestor`). */
export async function gitTest(args: string[], cwd: string): Promise<boolean> {
  const r = await execa('git', args, { cwd, reject: false, env: { LC_ALL: 'C' } });
  return r.exitCode === 0;
}

/** `git check-ref-format --branch`: git's own rules for a branch name. */
export async function validBranch(name: string): Promise<boolean> {
  const r = await execa('git', ['check-ref-format', '--branch', name], { reject: false });
  return r.exitCode === 0;
}
