import fs from 'node:fs/promises';
import type { Config } from '../config.ts';
import { dirSize } from '../fsutil.ts';
import { listRepos } from '../git/repos.ts';
import { worktreeIds } from '../git/worktrees.ts';
import { worktreePath } from '../paths.ts';

/** The volume's space and what each repo and chat worktree takes of it. */
export async function disk(c: Config) {
  await fs.mkdir(c.dataDir, { recursive: true });
  const s = await fs.statfs(c.dataDir);
  const repos = [];
  for (const r of await listRepos(c)) {
    const worktrees = [];
    for (const id of await worktreeIds(c, r))
      worktrees.push({ id, size: await dirSize(worktreePath(c, r.owner, r.name, id)) });
    repos.push({ repo: r.repo, size: r.size, worktrees });
  }
  return {
    volume: {
      total: s.blocks * s.bsize,
      used: (s.blocks - s.bfree) * s.bsize,
      // bavail, not bfree: what an unprivileged process (git, the agent) can still write.
      free: s.bavail * s.bsize,
    },
    repos,
  };
}
