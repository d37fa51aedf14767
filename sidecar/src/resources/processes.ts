import fs from 'node:fs/promises';
import type { Config } from '../config.ts';
import { HttpError } from '../http/errors.ts';

interface Proc {
  pid: number;
  ppid: number;
  state: string;
  uid: number;
  /** Clock ticks after boot. */
  start: number;
  rssPages: number;
  command: string;
}

const TICKS_PER_SECOND = 100; // USER_HZ on every Linux the image runs on
const PAGE_SIZE = 4096;

async function readProc(pid: number): Promise<Proc | undefined> {
  try {
    const [stat, status, cmdline] = await Promise.all([
      fs.readFile(`/proc/${pid}/stat`, 'utf8'),
      fs.readFile(`/proc/${pid}/status`, 'utf8'),
      fs.readFile(`/proc/${pid}/cmdline`, 'utf8'),
    ]);
    // The command name sits in parentheses and may hold spaces: split after the last ')'.
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const f = stat.slice(close + 2).split(' ');
    return {
      pid,
      state: f[0]!,
      ppid: Number(f[1]),
      start: Number(f[19]),
      rssPages: Number(f[21]),
      uid: Number(/^Uid:\s+(\d+)/m.exec(status)?.[1] ?? -1),
      command: (cmdline.split('\0').filter(Boolean).join(' ') || `[${comm}]`).slice(0, 500),
    };
  } catch {
    return undefined; // gone meanwhile, or not ours to read
  }
}

async function allProcs(): Promise<Proc[]> {
  const pids = (await fs.readdir('/proc')).filter((d) => /^\d+$/.test(d)).map(Number);
  return (await Promise.all(pids.map(readProc))).filter((p): p is Proc => !!p);
}

async function bootTimeMs(): Promise<number> {
  const btime = /^btime (\d+)/m.exec(await fs.readFile('/proc/stat', 'utf8'))?.[1];
  return Number(btime) * 1000;
}

/**
 * An orphan is a process of ours that init adopted after the stack started: something the agent
 * left running (a dev server, a watcher) whose parent shell is gone. The stack's own services and
 * anything older than the stack (system daemons) never count.
 */
function orphanRule(c: Config, procs: Proc[]) {
  const own = new Set([process.pid, ...c.stackPids]);
  const starts = procs.filter((p) => own.has(p.pid)).map((p) => p.start);
  const since = Math.min(...starts);
  const uid = process.getuid?.() ?? -1;
  return (p: Proc) =>
    p.ppid === 1 && p.uid === uid && !own.has(p.pid) && p.state !== 'Z' && p.start >= since;
}

export async function orphans(c: Config) {
  const procs = await allProcs();
  const isOrphan = orphanRule(c, procs);
  const boot = await bootTimeMs();
  return procs.filter(isOrphan).map((p) => ({
    pid: p.pid,
    command: p.command,
    startedAt: new Date(boot + (p.start / TICKS_PER_SECOND) * 1000).toISOString(),
    rssBytes: p.rssPages * PAGE_SIZE,
  }));
}

const alive = async (pid: number) => {
  const p = await readProc(pid);
  return !!p && p.state !== 'Z';
};

/** Stops an orphan: SIGTERM, then SIGKILL if it is still there after the grace period. */
export async function killOrphan(c: Config, pid: number) {
  const procs = await allProcs();
  const target = procs.find((p) => p.pid === pid);
  if (!target || target.state === 'Z')
    throw new HttpError(404, 'process-not-found', `no process ${pid}`);
  if (!orphanRule(c, procs)(target))
    throw new HttpError(
      403,
      'not-an-orphan',
      `process ${pid} is not an orphan of the agent; refusing to kill it`,
    );
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + c.killGraceMs;
  while (Date.now() < deadline) {
    if (!(await alive(pid))) return { pid, signal: 'SIGTERM' as const };
    await new Promise((r) => setTimeout(r, 50));
  }
  if (await alive(pid)) process.kill(pid, 'SIGKILL');
  return { pid, signal: 'SIGKILL' as const };
}
