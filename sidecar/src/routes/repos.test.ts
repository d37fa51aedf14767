import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import request from 'supertest';
import { createApp } from '../app.ts';
import { filesUnder, fixture, TOKEN, type Fixture } from '../testing.ts';
import { git } from '../git/run.ts';

let f: Fixture;
beforeEach(async () => {
  f = await fixture();
});
afterEach(() => f.dispose());

describe('clone', () => {
  it('clones as a pollable job, then lists the repo with its default branch', async () => {
    await f.remote('octo/app', { 'README.md': '# app\n' }, 'trunk');
    const job = await f.clone('octo/app');
    expect(job).toMatchObject({ state: 'succeeded', percent: 100, repo: 'octo/app' });
    expect(job.result).toMatchObject({ repo: 'octo/app', defaultBranch: 'trunk', worktrees: 0 });
    const list = await request(f.app).get('/admin/repos');
    expect(list.body).toEqual([
      expect.objectContaining({ repo: 'octo/app', defaultBranch: 'trunk' }),
    ]);
    expect(list.body[0].size).toBeGreaterThan(0);
  });

  it('re-cloning fetches the existing clone instead of cloning again', async () => {
    await f.remote('octo/app');
    await f.clone('octo/app');
    const dir = path.join(f.config.reposDir, 'octo', 'app');
    const marker = path.join(dir, 'dancodes-marker');
    await fs.writeFile(marker, 'kept');
    await f.push('octo/app', 'new.txt', 'upstream change');
    const job = await f.clone('octo/app');
    expect(job.state).toBe('succeeded');
    expect(await fs.readFile(marker, 'utf8')).toBe('kept'); // same directory, not recloned
    const log = await git(['log', '--format=%s', 'refs/remotes/origin/main'], { cwd: dir });
    expect(log.split('\n')[0]).toBe('change new.txt');
  });

  it('gives concurrent requests for one repo the same job', async () => {
    await f.remote('octo/app');
    const [a, b] = await Promise.all([
      request(f.app).post('/admin/repos/clone').send({ repo: 'octo/app' }),
      request(f.app).post('/admin/repos/clone').send({ repo: 'octo/app' }),
    ]);
    expect(a.status).toBe(202);
    expect(a.headers.location).toBe(`/admin/jobs/${a.body.id}`);
    expect(b.body.id).toBe(a.body.id);
    expect((await f.wait(a.body.id)).state).toBe('succeeded');
  });

  it('reports progress phases from git while cloning', async () => {
    const files = Object.fromEntries(
      Array.from({ length: 300 }, (_, i) => [`f/${i}.txt`, `${i} `.repeat(2000)]),
    );
    await f.remote('octo/big', files);
    const started = await request(f.app).post('/admin/repos/clone').send({ repo: 'octo/big' });
    const phases = new Set<string>();
    for (;;) {
      const job = (await request(f.app).get(`/admin/jobs/${started.body.id}`)).body;
      phases.add(job.phase);
      if (job.state !== 'running') break;
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(phases.has('Done')).toBe(true);
    expect([...phases].some((p) => /objects|deltas|Starting/i.test(p))).toBe(true);
  });

  it('fails a missing repo with a clear reason and leaves nothing behind', async () => {
    const job = await f.clone('octo/missing');
    expect(job.state).toBe('failed');
    expect(job.error?.error).toBe('remote-repo-not-found');
    expect(job.error?.message).not.toContain(TOKEN);
    expect(await fs.readdir(f.config.reposDir)).toEqual(['octo']);
    expect(await fs.readdir(path.join(f.config.reposDir, 'octo'))).toEqual([]);
  });

  it('never stores the token: not in config, remotes, or any file under the data root', async () => {
    await f.remote('octo/app');
    await f.clone('octo/app');
    await request(f.app).post('/admin/worktrees').send({ repo: 'octo/app', id: 'c1' }).expect(201);
    const basic = Buffer.from(`x-access-token:${TOKEN}`).toString('base64');
    const files = await filesUnder(f.config.dataDir);
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const content = await fs.readFile(file, 'latin1');
      expect(content.includes(TOKEN) || content.includes(basic), file).toBe(false);
    }
    const remoteUrl = await git(['remote', 'get-url', 'origin'], {
      cwd: path.join(f.config.reposDir, 'octo', 'app'),
    });
    expect(remoteUrl).toBe(path.join(f.root, 'remotes', 'octo', 'app.git'));
  });
});

describe('DELETE /admin/repos/{owner}/{name}', () => {
  it('refuses while a worktree holds work, then deletes with force', async () => {
    await f.remote('octo/app');
    await f.clone('octo/app');
    const wt = await request(f.app).post('/admin/worktrees').send({ repo: 'octo/app', id: 'c1' });
    await fs.writeFile(path.join(wt.body.path, 'draft.txt'), 'unsaved');
    const refused = await request(f.app).delete('/admin/repos/octo/app');
    expect(refused.status).toBe(409);
    expect(refused.body.error).toBe('repo-has-work');
    expect(await fs.readFile(path.join(wt.body.path, 'draft.txt'), 'utf8')).toBe('unsaved');
    const done = await request(f.app).delete('/admin/repos/octo/app?force=1');
    expect(done.status).toBe(200);
    expect(done.body).toEqual({ removed: 'octo/app', worktrees: ['c1'] });
    expect((await request(f.app).get('/admin/repos')).body).toEqual([]);
    expect(await fs.readdir(f.config.worktreesDir)).toEqual([]);
  });

  it('deletes a repo whose worktrees are clean without force', async () => {
    await f.remote('octo/app');
    await f.clone('octo/app');
    await request(f.app).post('/admin/worktrees').send({ repo: 'octo/app', id: 'c1' });
    expect((await request(f.app).delete('/admin/repos/octo/app')).status).toBe(200);
  });

  it('answers 404 for a repo that is not cloned', async () => {
    const res = await request(f.app).delete('/admin/repos/octo/none');
    expect(res.status).toBe(404);
    expect(res.body.error).toBe('repo-not-found');
  });
});

describe('GET /admin/repos/github', () => {
  let server: http.Server;
  let seen: http.IncomingMessage[];
  afterEach(() => new Promise((r) => server?.close(r)));

  /** A local stand-in for api.github.com speaking the same REST shape. */
  async function github() {
    seen = [];
    server = http.createServer((req, res) => {
      seen.push(req);
      const repo = (n: string) => ({
        full_name: `octo/${n}`,
        name: n,
        owner: { login: 'octo' },
        private: n === 'secret',
        default_branch: 'main',
        pushed_at: '2026-11-01T00:00:00Z',
        description: null,
      });
      const url = new URL(req.url!, 'http://x');
      res.setHeader('content-type', 'application/json');
      if (url.pathname === '/user/repos') {
        if (url.searchParams.get('page') === '1')
          res.setHeader('link', '<http://x?page=2>; rel="next"');
        res.end(JSON.stringify([repo('app'), repo('secret')]));
      } else if (url.pathname === '/search/repositories') {
        res.end(JSON.stringify({ total_count: 1, items: [repo('app')] }));
      } else {
        res.statusCode = 404;
        res.end('{}');
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('lists, paginates and searches with the token as a bearer header', async () => {
    const api = await github();
    const g = await fixture({ GITHUB_API_URL: api, GITHUB_USER: 'octo' });
    try {
      const page1 = await request(g.app).get('/admin/repos/github?page=1&perPage=2');
      expect(page1.status).toBe(200);
      expect(page1.body).toEqual({
        page: 1,
        hasMore: true,
        repos: [
          expect.objectContaining({ repo: 'octo/app', private: false, defaultBranch: 'main' }),
          expect.objectContaining({ repo: 'octo/secret', private: true }),
        ],
      });
      expect(seen[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(seen[0]!.url).toContain('per_page=2');
      const search = await request(g.app).get('/admin/repos/github?q=app');
      expect(search.body.repos.map((r: { repo: string }) => r.repo)).toEqual(['octo/app']);
      expect(new URL(seen[1]!.url!, 'http://x').searchParams.get('q')).toBe(
        'app in:name user:octo fork:true',
      );
    } finally {
      await g.dispose();
    }
  });

  it('says when no token is configured, and rejects bad paging', async () => {
    const app = createApp({ ...f.config, github: { ...f.config.github, token: undefined } });
    const res = await request(app).get('/admin/repos/github');
    expect(res.status).toBe(503);
    expect(res.body.error).toBe('github-not-configured');
    expect((await request(f.app).get('/admin/repos/github?page=0')).status).toBe(400);
  });
});
