import fs from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config.ts';
import type { Repo, RepoRef } from '../api/schemas.ts';
import { HttpError } from '../http/errors.ts';
import { dirSize, exists, subdirs } from '../fsutil.ts';
import { repoPath, worktreesOf } from '../paths.ts';
import { git } from './run.ts';

export const remoteUrl = (c: Config, r: RepoRef) =>
  `${c.github.cloneBase}/${r.owner}/${r.name}.git`;

/** What is on disk for one clone, or undefined when it is not cloned. */
export async function readRepo(c: Config, r: RepoRef): Promise<Repo | undefined> {
  const dir = repoPath(c, r.owner, r.name);
  if (!(await exists(path.join(dir, 'HEAD')))) return undefined;
  const fetched = await fs.stat(path.join(dir, 'FETCH_HEAD')).catch(() => undefined);
  return {
    ...r,
    path: dir,
    defaultBranch: await git(['symbolic-ref', '--short', 'HEAD'], { cwd: dir }),
    size: await dirSize(dir),
    worktrees: (await subdirs(worktreesOf(c, r.owner, r.name))).length,
    fetchedAt: fetched?.mtime.toISOString(),
  };
}

export async function listRepos(c: Config): Promise<Repo[]> {
  const out: Repo[] = [];
  for (const owner of await subdirs(c.reposDir)) {
    for (const name of await subdirs(path.join(c.reposDir, owner))) {
      const repo = await readRepo(c, { owner, name, repo: `${owner}/${name}` });
      if (repo) out.push(repo);
    }
  }
  return out;
}

/**
 * Fetches every branch into refs/remotes/origin/* and follows a changed default branch, so
 * worktrees are cut from what GitHub has now.
 */
export async function fetchRepo(c: Config, dir: string, onProgress?: (line: string) => void) {
  await git(['fetch', '--progress', '--prune', 'origin'], {
    cwd: dir,
    token: c.github.token,
    onProgress,
  });
  const head = await git(['ls-remote', '--symref', 'origin', 'HEAD'], {
    cwd: dir,
    token: c.github.token,
  });
  const branch = /^ref: refs\/heads\/(\S+)\s+HEAD/m.exec(head)?.[1];
  if (branch) await git(['symbolic-ref', 'HEAD', `refs/heads/${branch}`], { cwd: dir });
}

/**
 * Clones as a bare repository (worktrees hold the checkouts) into a temp dir inside the data root,
 * renamed into place only when complete: a failed clone leaves nothing behind. An existing clone
 * is fetched instead. Callers serialize per repo (withLock).
 */
export async function cloneOrFetch(
  c: Config,
  r: RepoRef,
  onProgress: (line: string) => void,
): Promise<Repo> {
  const dir = repoPath(c, r.owner, r.name);
  if (await readRepo(c, r)) {
    await fetchRepo(c, dir, onProgress);
    return (await readRepo(c, r))!;
  }
  await fs.mkdir(path.dirname(dir), { recursive: true });
  const tmp = await fs.mkdtemp(path.join(c.reposDir, `.clone-${r.owner}-${r.name}-`));
  try {
    await git(['clone', '--bare', '--progress', '--', remoteUrl(c, r), tmp], {
      token: c.github.token,
      onProgress,
    });
    // A bare clone has no remote-tracking refs; worktrees are cut from origin/<branch>.
    await git(['config', 'remote.origin.fetch', '+refs/heads/*:refs/remotes/origin/*'], {
      cwd: tmp,
    });
    await fetchRepo(c, tmp, onProgress);
    await fs.rename(tmp, dir);
  } catch (err) {
    await fs.rm(tmp, { recursive: true, force: true });
    throw err;
  }
  return (await readRepo(c, r))!;
}

export async function requireRepo(c: Config, r: RepoRef): Promise<Repo> {
  const repo = await readRepo(c, r);
  if (!repo) throw new HttpError(404, 'repo-not-found', `${r.repo} is not cloned; clone it first`);
  return repo;
}
