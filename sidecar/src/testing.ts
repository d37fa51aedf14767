/** Test fixtures: a temp data root and local bare repos standing in for GitHub's git remote. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import type { Express } from 'express';
import { createApp } from './app.ts';
import { configFrom, type Config } from './config.ts';
import type { Job } from './api/schemas.ts';

export const TOKEN = 'ghp_TESTtoken0123456789abcdefSECRET';

export interface Fixture {
  root: string;
  config: Config;
  app: Express;
  /** A bare repo at <remotes>/owner/name.git with one commit on `main` (or `branch`). */
  remote(repo: string, files?: Record<string, string>, branch?: string): Promise<string>;
  /** Pushes a new commit to a remote's branch, as someone else would on GitHub. */
  push(repo: string, file: string, content: string, branch?: string): Promise<void>;
  /** Clones through the API and waits for the job to finish. */
  clone(repo: string): Promise<Job>;
  /** Polls a job until it is no longer running. */
  wait(jobId: string): Promise<Job>;
  dispose(): Promise<void>;
}

const run = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, stdio: 'pipe' }).toString().trim();
const commit = (cwd: string, msg: string) =>
  run(cwd, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', msg);

export async function fixture(env: Record<string, string> = {}): Promise<Fixture> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'dancodes-sidecar-'));
  const remotes = path.join(root, 'remotes');
  const config = configFrom({
    DATA_DIR: path.join(root, 'data'),
    GITHUB_URL: remotes,
    GITHUB_TOKEN: TOKEN,
    // Nothing listens here: sessions are "unknown" unless a test points at a stand-in.
    OPENCODE_URL: 'http://127.0.0.1:9',
    KILL_GRACE_MS: '1000',
    ...env,
  });
  const app = createApp(config);
  const work = (repo: string) => path.join(root, 'work', repo);

  const f: Fixture = {
    root,
    config,
    app,
    async remote(repo, files = { 'README.md': '# hi\n' }, branch = 'main') {
      const bare = path.join(remotes, `${repo}.git`);
      await fs.mkdir(bare, { recursive: true });
      run(bare, 'init', '-q', '--bare', '-b', branch);
      const dir = work(repo);
      await fs.mkdir(dir, { recursive: true });
      run(dir, 'init', '-q', '-b', branch);
      for (const [name, content] of Object.entries(files)) {
        await fs.mkdir(path.dirname(path.join(dir, name)), { recursive: true });
        await fs.writeFile(path.join(dir, name), content);
      }
      run(dir, 'add', '-A');
      commit(dir, 'initial');
      run(dir, 'remote', 'add', 'origin', bare);
      run(dir, 'push', '-q', 'origin', branch);
      return bare;
    },
    async push(repo, file, content, branch = 'main') {
      const dir = work(repo);
      run(dir, 'checkout', '-q', '-B', branch);
      await fs.writeFile(path.join(dir, file), content);
      run(dir, 'add', '-A');
      commit(dir, `change ${file}`);
      run(dir, 'push', '-q', 'origin', branch);
    },
    async clone(repo) {
      const started = await request(app).post('/admin/repos/clone').send({ repo });
      if (started.status !== 202)
        throw new Error(`clone answered ${started.status}: ${started.text}`);
      return f.wait(started.body.id);
    },
    async wait(jobId) {
      for (;;) {
        const job = (await request(app).get(`/admin/jobs/${jobId}`)).body as Job;
        if (job.state !== 'running') return job;
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    dispose: () => fs.rm(root, { recursive: true, force: true }),
  };
  return f;
}

/** Every path under dir with its size and mtime: proof that a request touched nothing. */
export async function snapshot(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string) => {
    for (const e of await fs.readdir(d, { withFileTypes: true }).catch(() => [])) {
      const p = path.join(d, e.name);
      const st = await fs.lstat(p);
      out.push(`${path.relative(dir, p)} ${st.size} ${st.mtimeMs}`);
      if (e.isDirectory()) await walk(p);
    }
  };
  await walk(dir);
  return out.sort();
}

/** Every regular file under dir (for scanning content). */
export async function filesUnder(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}
