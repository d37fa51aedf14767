import fs from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config.ts';
import type { RepoRef, Worktree } from '../api/schemas.ts';
import { HttpError } from '../http/errors.ts';
import { dirSize, exists, subdirs } from '../fsutil.ts';
import { withLock } from '../locks.ts';
import { sessionsIn } from '../opencode.ts';
import { repoPath, worktreePath, worktreesOf } from '../paths.ts';
import { fetchRepo, requireRepo } from './repos.ts';
import { git, gitTest, validBranch } from './run.ts';

/** Git config keys (on the branch) where we remember what a chat's branch was cut from. */
const BASE_KEY = (branch: string) => `branch.${branch}.dancodesbase`;
const CREATED_KEY = (branch: string) => `branch.${branch}.dancodescreated`;

const configGet = (cwd: string, key: string) =>
  git(['config', '--get', key], { cwd }).catch(() => undefined);

async function count(args: string[], cwd: string): Promise<number> {
  return Number(await git(args, { cwd }).catch(() => '0')) || 0;
}

/** A worktree's state: what it changed, how far from its base, who works in it. */
export async function describeWorktree(c: Config, r: RepoRef, id: string): Promise<Worktree> {
  const dir = worktreePath(c, r.owner, r.name, id);
  const repoDir = repoPath(c, r.owner, r.name);
  const branch = await git(['symbolic-ref', '--short', 'HEAD'], { cwd: dir }).catch(() => 'HEAD');
  const base =
    (await configGet(repoDir, BASE_KEY(branch))) ??
    (await git(['symbolic-ref', '--short', 'HEAD'], { cwd: repoDir }));
  const status = await git(['status', '--porcelain=v1', '-z', '--untracked-files=all'], {
    cwd: dir,
  });
  const [behind = 0, ahead = 0] = (
    await git(['rev-list', '--left-right', '--count', `refs/remotes/origin/${base}...HEAD`], {
      cwd: dir,
    }).catch(() => '0 0')
  )
    .split(/\s+/)
    .map(Number);
  const { sessions, warning } = await sessionsIn(c, dir);
  return {
    id,
    repo: r.repo,
    branch,
    base,
    path: dir,
    createdAt:
      (await configGet(repoDir, CREATED_KEY(branch))) ??
      (await fs.stat(dir)).birthtime.toISOString(),
    dirty: status.split('\0').filter(Boolean).length,
    ahead,
    behind,
    unpushed: await count(['rev-list', '--count', 'HEAD', '--not', '--remotes'], dir),
    size: await dirSize(dir),
    sessions: sessions ?? [],
    ...(warning ? { warnings: [warning] } : {}),
  };
}

/** Uncommitted changes or commits no remote has: work that deleting would lose. */
export const hasWork = (w: Worktree) => w.dirty > 0 || w.unpushed > 0;

const isWorktree = (dir: string) => exists(path.join(dir, '.git'));

/**
 * A worktree for a chat, keyed by the id the client chose: asking again with the same id returns
 * the same worktree, so a chat created offline can be replayed safely.
 */
export async function createWorktree(
  c: Config,
  r: RepoRef,
  input: { id: string; branch?: string; base?: string },
): Promise<{ worktree: Worktree; created: boolean }> {
  const branch = input.branch ?? `dancodes/${input.id}`;
  for (const [what, name] of [
    ['branch', branch],
    ['base', input.base],
  ] as const) {
    if (name !== undefined && !(await validBranch(name)))
      throw new HttpError(
        400,
        'invalid-branch',
        `${what} "${name}" is not a valid git branch name`,
      );
  }
  return withLock(r.repo, async () => {
    const repo = await requireRepo(c, r);
    const dir = worktreePath(c, r.owner, r.name, input.id);
    if (await isWorktree(dir))
      return { worktree: await describeWorktree(c, r, input.id), created: false };

    const warnings: string[] = [];
    await fetchRepo(c, repo.path).catch((err: Error) =>
      warnings.push(`could not fetch, using the last fetched state: ${err.message}`),
    );
    const base = input.base ?? repo.defaultBranch;
    const baseRef = (await gitTest(
      ['rev-parse', '--verify', '--quiet', `refs/remotes/origin/${base}`],
      repo.path,
    ))
      ? `refs/remotes/origin/${base}`
      : (await gitTest(['rev-parse', '--verify', '--quiet', `refs/heads/${base}`], repo.path))
        ? `refs/heads/${base}`
        : undefined;
    if (!baseRef) throw new HttpError(404, 'base-not-found', `${r.repo} has no branch "${base}"`);
    const branchExists = await gitTest(
      ['rev-parse', '--verify', '--quiet', `refs/heads/${branch}`],
      repo.path,
    );

    await fs.mkdir(path.dirname(dir), { recursive: true });
    try {
      await git(
        branchExists
          ? ['worktree', 'add', '--', dir, branch]
          : ['worktree', 'add', '--no-track', '-b', branch, '--', dir, baseRef],
        { cwd: repo.path },
      );
    } catch (err) {
      await fs.rm(dir, { recursive: true, force: true });
      await git(['worktree', 'prune'], { cwd: repo.path }).catch(() => undefined);
      if (err instanceof HttpError && /already (checked out|used by worktree)/.test(err.message))
        throw new HttpError(
          409,
          'branch-in-use',
          `branch ${branch} is checked out by another chat`,
        );
      throw err;
    }
    await git(['config', BASE_KEY(branch), base], { cwd: repo.path });
    await git(['config', CREATED_KEY(branch), new Date().toISOString()], { cwd: repo.path });
    const worktree = await describeWorktree(c, r, input.id);
    if (warnings.length) worktree.warnings = [...warnings, ...(worktree.warnings ?? [])];
    return { worktree, created: true };
  });
}

/** The ids of a repo's chat worktrees on disk. */
export async function worktreeIds(c: Config, r: RepoRef): Promise<string[]> {
  const ids = await subdirs(worktreesOf(c, r.owner, r.name));
  const out: string[] = [];
  for (const id of ids) if (await isWorktree(worktreePath(c, r.owner, r.name, id))) out.push(id);
  return out;
}

export async function listWorktrees(c: Config, repos: RepoRef[]): Promise<Worktree[]> {
  const out: Worktree[] = [];
  for (const r of repos)
    for (const id of await worktreeIds(c, r)) out.push(await describeWorktree(c, r, id));
  return out.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

export async function requireWorktree(c: Config, r: RepoRef, id: string): Promise<Worktree> {
  if (!(await isWorktree(worktreePath(c, r.owner, r.name, id))))
    throw new HttpError(404, 'worktree-not-found', `${r.repo} has no chat worktree "${id}"`);
  return describeWorktree(c, r, id);
}

/**
 * Removes a chat's worktree; refuses while it holds work unless forced. Its branch goes too when
 * merged into the base (nothing lost) or when forced.
 */
export async function removeWorktree(c: Config, r: RepoRef, id: string, force: boolean) {
  return withLock(r.repo, async () => {
    const w = await requireWorktree(c, r, id);
    if (hasWork(w) && !force) {
      throw new HttpError(
        409,
        'worktree-has-work',
        `${r.repo} chat ${id} has ${w.dirty} uncommitted file(s) and ${w.unpushed} unpushed commit(s); add ?force=1 to delete anyway`,
        { dirty: w.dirty, unpushed: w.unpushed },
      );
    }
    const repoDir = repoPath(c, r.owner, r.name);
    await git(['worktree', 'remove', '--force', '--', w.path], { cwd: repoDir });
    const merged = await gitTest(
      ['merge-base', '--is-ancestor', `refs/heads/${w.branch}`, `refs/remotes/origin/${w.base}`],
      repoDir,
    );
    const branchDeleted = w.branch !== 'HEAD' && (merged || force);
    if (branchDeleted) {
      await git(['branch', '-D', '--', w.branch], { cwd: repoDir });
      await git(['config', '--remove-section', `branch.${w.branch}`], { cwd: repoDir }).catch(
        () => undefined,
      );
    }
    return { removed: id, branchDeleted };
  });
}

/** Deletes a clone and its chat worktrees; refuses while any of them holds work unless forced. */
export async function removeRepo(c: Config, r: RepoRef, force: boolean) {
  await requireRepo(c, r);
  return withLock(r.repo, async () => {
    const worktrees = await listWorktrees(c, [r]);
    const busy = worktrees.filter(hasWork);
    if (busy.length && !force) {
      throw new HttpError(
        409,
        'repo-has-work',
        `${r.repo} has ${busy.length} chat worktree(s) with uncommitted or unpushed work (${busy.map((w) => w.id).join(', ')}); add ?force=1 to delete anyway`,
        { worktrees: busy.map((w) => ({ id: w.id, dirty: w.dirty, unpushed: w.unpushed })) },
      );
    }
    await fs.rm(worktreesOf(c, r.owner, r.name), { recursive: true, force: true });
    await fs.rm(repoPath(c, r.owner, r.name), { recursive: true, force: true });
    // Leave no empty owner directories behind.
    for (const root of [c.reposDir, c.worktreesDir])
      await fs.rmdir(path.join(root, r.owner)).catch(() => undefined);
    return { removed: r.repo, worktrees: worktrees.map((w) => w.id) };
  });
}
