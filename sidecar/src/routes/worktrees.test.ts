import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import request from 'supertest';
import { fixture, type Fixture } from '../testing.ts';
import { git } from '../git/run.ts';

let f: Fixture;
beforeEach(async () => {
  f = await fixture();
  await f.remote('octo/app', { 'README.md': '# app\n', 'src/a.ts': 'export const a = 1;\n' });
  await f.clone('octo/app');
});
afterEach(() => f.dispose());

const create = (body: object) => request(f.app).post('/admin/worktrees').send(body);

describe('worktrees', () => {
  it('creates a worktree on dancodes/<id> from the default branch, after a fetch', async () => {
    await f.push('octo/app', 'later.txt', 'pushed after the clone');
    const res = await create({ repo: 'octo/app', id: 'chat1' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id: 'chat1',
      repo: 'octo/app',
      branch: 'dancodes/chat1',
      base: 'main',
      dirty: 0,
      ahead: 0,
      behind: 0,
      unpushed: 0,
    });
    expect(res.body.path).toBe(path.join(f.config.worktreesDir, 'octo', 'app', 'chat1'));
    // The fetch happened: the commit pushed after the clone is checked out.
    expect(await fs.readFile(path.join(res.body.path, 'later.txt'), 'utf8')).toBe(
      'pushed after the clone',
    );
    expect(res.body.warnings).toEqual(['opencode is unreachable: sessions unknown']);
  });

  it('returns the same worktree when the same id is created twice', async () => {
    const first = await create({ repo: 'octo/app', id: 'chat1' });
    await fs.writeFile(path.join(first.body.path, 'work.txt'), 'in progress');
    const again = await create({ repo: 'octo/app', id: 'chat1' });
    expect(again.status).toBe(200);
    expect(again.body.path).toBe(first.body.path);
    expect(again.body.dirty).toBe(1);
    expect(await fs.readFile(path.join(first.body.path, 'work.txt'), 'utf8')).toBe('in progress');
  });

  it('creates 10 worktrees of one repo in parallel', async () => {
    const ids = Array.from({ length: 10 }, (_, i) => `p${i}`);
    const results = await Promise.all(ids.map((id) => create({ repo: 'octo/app', id })));
    expect(results.map((r) => r.status)).toEqual(ids.map(() => 201));
    expect(new Set(results.map((r) => r.body.path)).size).toBe(10);
    const list = await request(f.app).get('/admin/worktrees?repo=octo/app');
    expect(list.body.map((w: { id: string }) => w.id).sort()).toEqual(ids);
    const porcelain = await git(['worktree', 'list', '--porcelain'], {
      cwd: path.join(f.config.reposDir, 'octo', 'app'),
    });
    for (const id of ids) expect(porcelain).toContain(`branch refs/heads/dancodes/${id}`);
  });

  it('honours a chosen branch and base', async () => {
    await f.push('octo/app', 'feature.txt', 'feature', 'feature');
    const res = await create({ repo: 'octo/app', id: 'c2', branch: 'fix/login', base: 'feature' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ branch: 'fix/login', base: 'feature' });
    expect(await fs.readFile(path.join(res.body.path, 'feature.txt'), 'utf8')).toBe('feature');
    const missing = await create({ repo: 'octo/app', id: 'c3', base: 'nope' });
    expect(missing.status).toBe(404);
    expect(missing.body.error).toBe('base-not-found');
    const taken = await create({ repo: 'octo/app', id: 'c4', branch: 'fix/login' });
    expect(taken.status).toBe(409);
    expect(taken.body.error).toBe('branch-in-use');
    expect(await fs.readdir(path.join(f.config.worktreesDir, 'octo', 'app'))).toEqual(['c2']);
  });

  it('lists counts: dirty, ahead, unpushed and behind', async () => {
    const { body: w } = await create({ repo: 'octo/app', id: 'c1' });
    await fs.writeFile(path.join(w.path, 'new.txt'), 'x');
    await fs.writeFile(path.join(w.path, 'src/a.ts'), 'export const a = 2;\n');
    const commitIn = async (file: string) => {
      await fs.writeFile(path.join(w.path, file), file);
      await git(['add', file], { cwd: w.path });
      await git(['-c', 'user.name=t', '-c', 'user.email=t@e', 'commit', '-qm', file], {
        cwd: w.path,
      });
    };
    await commitIn('c1.txt');
    await commitIn('c2.txt');
    await f.push('octo/app', 'upstream.txt', 'u');
    await request(f.app).post('/admin/repos/clone').send({ repo: 'octo/app' });
    await f.clone('octo/app'); // a fetch: origin/main moves ahead of the chat
    const { body } = await request(f.app).get('/admin/worktrees/octo/app/c1');
    expect(body).toMatchObject({ dirty: 2, ahead: 2, unpushed: 2, behind: 1 });
    expect(body.size).toBeGreaterThan(0);
  });

  it('diffs commits, edits and new files against the base without touching the index', async () => {
    const { body: w } = await create({ repo: 'octo/app', id: 'c1' });
    await fs.mkdir(path.join(w.path, 'notes'));
    await fs.writeFile(path.join(w.path, 'notes/a.txt'), 'hello\n');
    await fs.writeFile(path.join(w.path, 'src/a.ts'), 'export const a = 2;\n');
    await fs.rm(path.join(w.path, 'README.md'));
    const { body: diff } = await request(f.app)
      .get('/admin/worktrees/octo/app/c1/diff')
      .expect(200);
    expect(diff.files).toEqual(
      expect.arrayContaining([
        { path: 'notes/a.txt', status: 'added', additions: 1, deletions: 0 },
        { path: 'src/a.ts', status: 'modified', additions: 1, deletions: 1 },
        { path: 'README.md', status: 'deleted', additions: 0, deletions: 1 },
      ]),
    );
    expect(diff.patch).toContain('+hello');
    expect(diff.stat).toContain('3 files changed');
    // The user's index is untouched: the new file is still untracked.
    expect(await git(['status', '--porcelain'], { cwd: w.path })).toContain('?? notes/');
  });

  it('refuses to delete a dirty or unpushed worktree unless forced; deletes the branch only when merged or forced', async () => {
    const { body: clean } = await create({ repo: 'octo/app', id: 'clean' });
    const { body: dirty } = await create({ repo: 'octo/app', id: 'dirty' });
    await fs.writeFile(path.join(dirty.path, 'wip.txt'), 'wip');

    const refused = await request(f.app).delete('/admin/worktrees/octo/app/dirty');
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({
      error: 'worktree-has-work',
      details: { dirty: 1, unpushed: 0 },
    });
    expect(await fs.readFile(path.join(dirty.path, 'wip.txt'), 'utf8')).toBe('wip');

    const forced = await request(f.app).delete('/admin/worktrees/octo/app/dirty?force=1');
    expect(forced.body).toEqual({ removed: 'dirty', branchDeleted: true });
    const gone = await request(f.app).delete('/admin/worktrees/octo/app/clean');
    expect(gone.body).toEqual({ removed: 'clean', branchDeleted: true }); // merged: nothing lost
    await expect(fs.access(clean.path)).rejects.toThrow();
    const branches = await git(['branch', '--list', 'dancodes/*'], {
      cwd: path.join(f.config.reposDir, 'octo', 'app'),
    });
    expect(branches).toBe('');
    expect((await request(f.app).get('/admin/worktrees')).body).toEqual([]);
  });

  it('keeps an unmerged branch when its clean worktree is deleted', async () => {
    const { body: w } = await create({ repo: 'octo/app', id: 'c1' });
    await fs.writeFile(path.join(w.path, 'x.txt'), 'x');
    await git(['add', 'x.txt'], { cwd: w.path });
    await git(['-c', 'user.name=t', '-c', 'user.email=t@e', 'commit', '-qm', 'x'], { cwd: w.path });
    // Pushed elsewhere (so not "unpushed"), but not merged into main.
    await git(['update-ref', 'refs/remotes/origin/dancodes/c1', 'HEAD'], { cwd: w.path });
    const res = await request(f.app).delete('/admin/worktrees/octo/app/c1');
    expect(res.body).toEqual({ removed: 'c1', branchDeleted: false });
  });
});
