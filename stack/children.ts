import { spawn, type ChildProcess } from 'node:child_process';
import readline from 'node:readline';

/** How long a child gets between SIGTERM and SIGKILL. */
const GRACE_MS = 5000;

export interface ChildSpec {
  name: string;
  command: string;
  args: string[];
  cwd?: string;
  env: NodeJS.ProcessEnv;
}

export interface Child {
  name: string;
  pid: number;
  /** Resolves with the exit code (or signal) once the process is gone. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(): Promise<void>;
}

/** Prefixes every line a child prints with its name, so four services share one terminal readably. */
function pipeLines(stream: NodeJS.ReadableStream | null, name: string, out: NodeJS.WriteStream) {
  if (!stream) return;
  readline
    .createInterface({ input: stream })
    .on('line', (line) => out.write(`[${name}] ${line}\n`));
}

/** Starts a child in its own process group, so stopping it also stops what it spawned. */
export function startChild(spec: ChildSpec): Child {
  const proc: ChildProcess = spawn(spec.command, spec.args, {
    cwd: spec.cwd,
    env: spec.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  pipeLines(proc.stdout, spec.name, process.stdout);
  pipeLines(proc.stderr, spec.name, process.stderr);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    proc.on('exit', (code, signal) => resolve({ code, signal }));
    proc.on('error', (err) => {
      process.stderr.write(`[${spec.name}] failed to start ${spec.command}: ${err.message}\n`);
      resolve({ code: 127, signal: null });
    });
  });
  let done = false;
  void exited.then(() => (done = true));
  const group = (signal: NodeJS.Signals) => {
    try {
      process.kill(-proc.pid!, signal);
    } catch {
      // Already gone.
    }
  };
  let stopping: Promise<void> | undefined;
  return {
    name: spec.name,
    pid: proc.pid ?? -1,
    exited,
    // Safe to call twice: the second call waits for the first.
    stop() {
      stopping ??= (async () => {
        if (done || proc.pid === undefined) return;
        group('SIGTERM');
        const timer = setTimeout(() => group('SIGKILL'), GRACE_MS);
        await exited;
        clearTimeout(timer);
        // The leader is gone; anything left in its group goes too.
        group('SIGKILL');
      })();
      return stopping;
    },
  };
}
