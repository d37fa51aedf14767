import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePorts } from './ports.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const COOKIE = 'dancodes_session';

export interface StackOptions {
  /** Extra environment for the start script (e.g. GITHUB_URL for local bare repos). */
  env?: Record<string, string>;
  /** Reuse a data dir (default: a fresh temp dir, removed by stop({ keepData: false })). */
  dataDir?: string;
}

export interface Stack {
  url: string;
  dataDir: string;
  password: string;
  ports: { caddy: number; opencode: number; sidecar: number; model: number };
  /** The start script's pid while running. */
  pid(): number | undefined;
  /** Everything the stack printed so far. */
  logs(): string;
  /** Logs in through Caddy; returns the session cookie's value. */
  login(): Promise<string>;
  /** The Cookie header for an authenticated request. */
  cookieHeader(): Promise<string>;
  /** fetch through Caddy with the session cookie. */
  fetch(p: string, init?: RequestInit): Promise<Response>;
  /** opencode directly, bypassing Caddy (for assertions about what opencode holds). */
  opencode(p: string, init?: RequestInit & { directory?: string }): Promise<Response>;
  /** Resolves with the start script's exit code once it exits by itself. */
  exited(): Promise<number | null>;
  /** Stops the whole stack (SIGTERM to the start script) and waits for it to exit. */
  stop(): Promise<number | null>;
  /** Starts the stack again on the same ports and data dir (after stop): an outage and recovery. */
  start(): Promise<void>;
  /** Stops it and removes the temp data dir. */
  dispose(): Promise<void>;
}

async function waitReady(url: string, proc: ChildProcess, logs: () => string) {
  for (;;) {
    if (proc.exitCode !== null || proc.signalCode !== null) {
      throw new Error(`the stack exited before it was ready:\n${logs()}`);
    }
    try {
      const res = await fetch(`${url}/admin/health`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** Runs the real start script (stack/start.ts) on free ports with a temp data dir. */
export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  if (!fs.existsSync(path.join(ROOT, 'pwa', 'dist', 'index.html'))) {
    throw new Error('pwa/dist is missing: run `npm run build` before the whole-stack tests');
  }
  const [caddy, opencode, sidecar, model] = await freePorts(4);
  const ports = { caddy: caddy!, opencode: opencode!, sidecar: sidecar!, model: model! };
  const dataDir = opts.dataDir ?? (await fsp.mkdtemp(path.join(os.tmpdir(), 'dancodes-stack-')));
  const home = await fsp.mkdtemp(path.join(os.tmpdir(), 'dancodes-home-'));
  const password = opts.env?.AUTH_PASSWORD ?? `test-${Math.random().toString(36).slice(2)}`;
  const url = `http://127.0.0.1:${ports.caddy}`;
  const env = {
    ...process.env,
    HOME: home,
    NODE_ENV: 'development',
    PORT: String(ports.caddy),
    OPENCODE_PORT: String(ports.opencode),
    SIDECAR_PORT: String(ports.sidecar),
    MODEL_PORT: String(ports.model),
    DATA_DIR: dataDir,
    AUTH_PASSWORD: password,
    OPENROUTER_API_KEY: '',
    ANTHROPIC_API_KEY: '',
    OPENAI_API_KEY: '',
    ...opts.env,
  };
  let output = '';
  let proc: ChildProcess | undefined;
  let cookie: string | undefined;

  const launch = async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(ROOT, 'stack', 'start.ts')],
      {
        cwd: ROOT,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    proc = child;
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    await waitReady(url, child, () => output);
  };

  const stop = async () => {
    const child = proc;
    if (!child || child.exitCode !== null || child.signalCode !== null)
      return child?.exitCode ?? null;
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    return exited;
  };

  const login = async () => {
    const res = await fetch(`${url}/auth/login`, {
      method: 'POST',
      body: new URLSearchParams({ password, next: '/' }),
      redirect: 'manual',
    });
    const set = res.headers.getSetCookie().find((c) => c.startsWith(`${COOKIE}=`));
    if (res.status !== 303 || !set) throw new Error(`login failed: HTTP ${res.status}`);
    cookie = decodeURIComponent(set.slice(COOKIE.length + 1).split(';')[0]!);
    return cookie;
  };
  const cookieHeader = async () => `${COOKIE}=${encodeURIComponent(cookie ?? (await login()))}`;

  await launch();
  return {
    url,
    dataDir,
    password,
    ports,
    pid: () => proc?.pid,
    logs: () => output,
    login,
    cookieHeader,
    async fetch(p, init = {}) {
      const headers = new Headers(init.headers);
      headers.set('cookie', await cookieHeader());
      return fetch(`${url}${p}`, { ...init, headers });
    },
    async opencode(p, init = {}) {
      const headers = new Headers(init.headers);
      if (init.directory) headers.set('x-opencode-directory', init.directory);
      return fetch(`http://127.0.0.1:${ports.opencode}${p}`, { ...init, headers });
    },
    exited() {
      const child = proc!;
      if (child.exitCode !== null || child.signalCode !== null)
        return Promise.resolve(child.exitCode);
      return new Promise((r) => child.once('exit', (code) => r(code)));
    },
    stop,
    start: launch,
    async dispose() {
      await stop();
      if (!opts.dataDir) await fsp.rm(dataDir, { recursive: true, force: true });
      await fsp.rm(home, { recursive: true, force: true });
    },
  };
}
