/**
 * What the sidecar adds to a new chat's worktree: POST /admin/worktrees (validation, lock, fetch,
 * branch bookkeeping, describe) against a raw `git worktree add` of the same clone, same run.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import request from 'supertest';
import { fixture } from '../sidecar/src/testing.ts';
import { printComparison, summarize, timeRuns } from './stats.ts';

const f = await fixture();
try {
  const files = Object.fromEntries(
    Array.from({ length: 200 }, (_, i) => [`src/${i}.ts`, `export const v = ${i};\n`]),
  );
  await f.remote('octo/bench', files);
  await f.clone('octo/bench');
  const repoDir = path.join(f.config.reposDir, 'octo', 'bench');
  const rawDir = path.join(f.root, 'raw');
  await fs.mkdir(rawDir);
  let n = 0;
  const raw = await timeRuns(30, async () => {
    const id = `raw${n++}`;
    execFileSync(
      'git',
      [
        'worktree',
        'add',
        '-q',
        '-b',
        `raw/${id}`,
        path.join(rawDir, id),
        'refs/remotes/origin/main',
      ],
      {
        cwd: repoDir,
        stdio: 'pipe',
      },
    );
  });
  const viaSidecar = await timeRuns(30, async () => {
    const res = await request(f.app)
      .post('/admin/worktrees')
      .send({ repo: 'octo/bench', id: `s${n++}` });
    if (res.status !== 201) throw new Error(res.text);
  });
  await request(f.app)
    .post('/admin/worktrees')
    .send({ repo: 'octo/bench', id: 'replay' })
    .expect(201);
  const again = await timeRuns(
    30,
    async () => {
      await request(f.app)
        .post('/admin/worktrees')
        .send({ repo: 'octo/bench', id: 'replay' })
        .expect(200);
    },
    2,
  );
  printComparison('New chat worktree, 200-file repo (baseline: raw git worktree add)', [
    ['git worktree add (raw)', summarize(raw)],
    ['POST /admin/worktrees (fetch + create + describe)', summarize(viaSidecar)],
    ['POST /admin/worktrees, same id again (replay)', summarize(again)],
  ]);
} finally {
  await f.dispose();
}
