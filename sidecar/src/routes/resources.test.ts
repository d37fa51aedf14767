import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import request from 'supertest';
import { createApp } from '../app.ts';
import { fixture, type Fixture } from '../testing.ts';
import { git } from '../git/run.ts';

let f: Fixture;
beforeEach(async () => {
  f = await fixture();
});
afterEach(() => f.dispose());

const alive = (pid: number) => {
  try {
    const stat = execFileSync('cat', [`/proc/${pid}/stat`]).toString();
    return !/\) Z /.test(stat);
  } catch {
    return false;
  }
};

/** Starts `command` in the background of a shell that exits at once: init adopts it. */
function orphan(command: string): number {
  const out = execFileSync('sh', ['-c', `${command} >/dev/null 2>&1 & echo $!`]).toString();
  return Number(out.trim());
}

describe('processes', () => {
  const started: number[] = [];
  afterEach(() => {
    for (const pid of started.splice(0)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });

  it('lists an orphan and kills it with SIGTERM', async () => {
    const pid = orphan('sleep 300');
    started.push(pid);
    const list = await request(f.app).get('/admin/processes');
    expect(list.body).toContainEqual(expect.objectContaining({ pid, command: 'sleep 300' }));
    const res = await request(f.app).post(`/admin/processes/${pid}/kill`);
    expect(res.body).toEqual({ pid, signal: 'SIGTERM' });
    expect(alive(pid)).toBe(false);
  });

  it('escalates to SIGKILL when an orphan ignores SIGTERM', async () => {
    const pid = orphan(
      `${process.execPath} -e "process.on('SIGTERM',()=>{});setInterval(()=>{},1000)"`,
    );
    started.push(pid);
    // Give node a moment to install its handler, else SIGTERM would end it.
    await new Promise((r) => setTimeout(r, 500));
    const res = await request(f.app).post(`/admin/processes/${pid}/kill`);
    expect(res.body).toEqual({ pid, signal: 'SIGKILL' });
    expect(alive(pid)).toBe(false);
  });

  it('refuses to kill anything that is not an orphan', async () => {
    const child = spawn('sleep', ['300']);
    started.push(child.pid!);
    const list = await request(f.app).get('/admin/processes');
    expect(list.body.map((p: { pid: number }) => p.pid)).not.toContain(child.pid);
    for (const pid of [child.pid!, process.pid, 1]) {
      const res = await request(f.app).post(`/admin/processes/${pid}/kill`);
      expect(res.status, String(pid)).toBe(403);
      expect(res.body.error).toBe('not-an-orphan');
    }
    expect(alive(child.pid!)).toBe(true);
    // A stack service is never an orphan, even when init adopted it.
    const service = orphan('sleep 300');
    started.push(service);
    const app = createApp({ ...f.config, stackPids: [service] });
    expect((await request(app).post(`/admin/processes/${service}/kill`)).status).toBe(403);
    expect(alive(service)).toBe(true);
  });

  it('answers 404 for a process that does not exist and 400 for a bad pid', async () => {
    expect((await request(f.app).post('/admin/processes/4194000/kill')).body.error).toBe(
      'process-not-found',
    );
    expect((await request(f.app).post('/admin/processes/abc/kill')).status).toBe(400);
  });
});

describe('disk', () => {
  it('reports the volume and per repo and worktree sizes', async () => {
    await f.remote('octo/app', { 'big.bin': 'x'.repeat(100_000) });
    await f.clone('octo/app');
    await request(f.app).post('/admin/worktrees').send({ repo: 'octo/app', id: 'c1' });
    const { body } = await request(f.app).get('/admin/disk').expect(200);
    expect(body.volume.total).toBeGreaterThan(body.volume.free);
    expect(body.volume.used).toBeGreaterThan(0);
    expect(body.repos).toEqual([
      {
        repo: 'octo/app',
        size: expect.any(Number),
        worktrees: [{ id: 'c1', size: expect.any(Number) }],
      },
    ]);
    expect(body.repos[0].worktrees[0].size).toBeGreaterThanOrEqual(100_000);
  });
});

describe('gc', () => {
  let server: http.Server | undefined;
  afterEach(() => new Promise((r) => (server ? server.close(r) : r(undefined))));

  /** opencode's session list, as the real server shapes it, for one directory with a session. */
  async function opencodeWithSessionIn(dir: string) {
    server = http.createServer((req, res) => {
      const asked = new URL(req.url!, 'http://x').searchParams.get('directory');
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify(asked === dir ? [{ id: 'ses_1', title: 'busy', directory: dir }] : []),
      );
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('removes unused clean worktrees and keeps unpushed work, live sessions and fresh ones', async () => {
    await f.remote('octo/app');
    await f.clone('octo/app');
    const make = async (id: string) =>
      (await request(f.app).post('/admin/worktrees').send({ repo: 'octo/app', id })).body;
    const unused = await make('unused');
    const unpushed = await make('unpushed');
    const busy = await make('busy');
    const stale = await make('stale');
    await fs.writeFile(path.join(unpushed.path, 'x.txt'), 'x');
    await git(['add', 'x.txt'], { cwd: unpushed.path });
    await git(['-c', 'user.name=t', '-c', 'user.email=t@e', 'commit', '-qm', 'x'], {
      cwd: unpushed.path,
    });
    // Metadata whose directory vanished (e.g. removed by hand).
    await fs.rm(stale.path, { recursive: true });

    const app = createApp({ ...f.config, opencodeUrl: await opencodeWithSessionIn(busy.path) });
    const fresh = await request(app).post('/admin/gc').send({});
    expect(fresh.body.removed).toEqual([]); // all younger than the default 10 minutes
    expect(fresh.body.pruned).toEqual([expect.stringMatching(/^octo\/app: stale \(.+\)$/)]);

    const { body } = await request(app).post('/admin/gc').send({ minAgeMinutes: 0 });
    expect(body.removed).toEqual([{ repo: 'octo/app', id: 'unused' }]);
    expect(body.kept).toEqual(
      expect.arrayContaining([
        { repo: 'octo/app', id: 'unpushed', reason: '0 uncommitted file(s), 1 unpushed commit(s)' },
        { repo: 'octo/app', id: 'busy', reason: '1 opencode session(s) work in it' },
      ]),
    );
    expect(body.pruned).toEqual([]);
    await expect(fs.access(unused.path)).rejects.toThrow();
    expect(await fs.readFile(path.join(unpushed.path, 'x.txt'), 'utf8')).toBe('x');
  });

  it('keeps everything when opencode cannot say which sessions exist', async () => {
    await f.remote('octo/app');
    await f.clone('octo/app');
    await request(f.app).post('/admin/worktrees').send({ repo: 'octo/app', id: 'c1' });
    const { body } = await request(f.app).post('/admin/gc').send({ minAgeMinutes: 0 });
    expect(body.removed).toEqual([]);
    expect(body.kept).toEqual([
      {
        repo: 'octo/app',
        id: 'c1',
        reason: 'sessions unknown: opencode is unreachable: sessions unknown',
      },
    ]);
  });

  it('clears an interrupted clone', async () => {
    await fs.mkdir(path.join(f.config.reposDir, '.clone-octo-app-abc', 'objects'), {
      recursive: true,
    });
    const { body } = await request(f.app).post('/admin/gc').send({});
    expect(body.pruned).toEqual(['interrupted clone .clone-octo-app-abc']);
    expect(await fs.readdir(f.config.reposDir)).toEqual([]);
  });
});
