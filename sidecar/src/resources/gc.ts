import fs from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config.ts';
import { listRepos } from '../git/repos.ts';
import { git } from '../git/run.ts';
import { describeWorktree, hasWork, removeWorktree, worktreeIds } from '../git/worktrees.ts';

/** Worktrees git would prune (their directory is gone), as "path (reason)". */
async function prunable(repoDir: string): Promise<string[]> {
  const list = await git(['worktree', 'list', '--porcelain'], { cwd: repoDir });
  return list
    .split('\n\n')
    .map((block) => ({
      dir: /^worktree (.*)$/m.exec(block)?.[1],
      why: /^prunable (.*)$/m.exec(block)?.[1],
    }))
    .filter((w) => w.dir && w.why)
    .map((w) => `${path.basename(w.dir!)} (${w.why})`);
}

/**
 * Frees what nobody uses: stale worktree metadata, half-finished clones, and chat worktrees whose
 * opencode sessions are gone and that hold no work. Anything in doubt is kept, with the reason.
 * `minAgeMs` spares fresh worktrees whose session the client has not created yet.
 */
export async function gc(c: Config, minAgeMs: number) {
  const report = {
    pruned: [] as string[],
    removed: [] as { repo: string; id: string }[],
    kept: [] as { repo: string; id: string; reason: string }[],
  };
  // A clone interrupted by a crash leaves its temp dir (never a half repo in place).
  for (const e of await fs.readdir(c.reposDir).catch(() => [])) {
    if (!e.startsWith('.clone-')) continue;
    await fs.rm(path.join(c.reposDir, e), { recursive: true, force: true });
    report.pruned.push(`interrupted clone ${e}`);
  }
  for (const r of await listRepos(c)) {
    for (const stale of await prunable(r.path)) report.pruned.push(`${r.repo}: ${stale}`);
    await git(['worktree', 'prune'], { cwd: r.path });
    for (const id of await worktreeIds(c, r)) {
      const w = await describeWorktree(c, r, id);
      const keep = (reason: string) => report.kept.push({ repo: r.repo, id, reason });
      if (w.warnings?.length) keep(`sessions unknown: ${w.warnings.join('; ')}`);
      else if (w.sessions.length) keep(`${w.sessions.length} opencode session(s) work in it`);
      else if (hasWork(w)) keep(`${w.dirty} uncommitted file(s), ${w.unpushed} unpushed commit(s)`);
      else if (Date.now() - Date.parse(w.createdAt) < minAgeMs) keep('created moments ago');
      else {
        // Refuses (409) if work appeared since we looked: then it is kept.
        await removeWorktree(c, r, id, false).then(
          () => report.removed.push({ repo: r.repo, id }),
          (err: Error) => keep(err.message),
        );
      }
    }
  }
  return report;
}
