import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Diff, Worktree } from '../api/schemas.ts';
import { git } from './run.ts';

/** A phone does not need more patch than this; the rest is marked truncated. */
const MAX_PATCH = 1024 * 1024;

const STATUS: Record<string, string> = {
  A: 'added',
  M: 'modified',
  D: 'deleted',
  T: 'type-changed',
};

/**
 * Everything the chat changed against where its branch left the base: commits, uncommitted edits
 * and new files. Untracked files are staged into a throwaway copy of the index, so the user's
 * real index is never touched.
 */
export async function worktreeDiff(w: Worktree): Promise<Diff> {
  const cwd = w.path;
  const baseRef = `refs/remotes/origin/${w.base}`;
  const mergeBase = await git(['merge-base', 'HEAD', baseRef], { cwd }).catch(() => 'HEAD');
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'dancodes-index-'));
  try {
    const index = path.join(tmp, 'index');
    const realIndex = await git(['rev-parse', '--path-format=absolute', '--git-path', 'index'], {
      cwd,
    });
    await fs.copyFile(realIndex, index).catch(() => undefined);
    const env = { GIT_INDEX_FILE: index };
    await git(['add', '-A'], { cwd, env });
    const run = (args: string[]) =>
      git(['diff', '--cached', '--no-color', '--no-renames', ...args, mergeBase], { cwd, env });
    const [numstat, names, stat, patch] = await Promise.all([
      run(['--numstat']),
      run(['--name-status']),
      run(['--stat']),
      run(['--patch']),
    ]);
    // --no-renames keeps one path per line: a rename shows as a deletion and an addition.
    const statusOf = new Map(
      names
        .split('\n')
        .filter(Boolean)
        .map((l) => {
          const [code = '', file = ''] = l.split('\t');
          return [file, STATUS[code[0]!] ?? code] as const;
        }),
    );
    const files = numstat
      .split('\n')
      .filter(Boolean)
      .map((l) => {
        const [add = '0', del = '0', file = ''] = l.split('\t');
        // Binary files count '-' lines.
        return {
          path: file,
          status: statusOf.get(file) ?? 'modified',
          additions: Number(add) || 0,
          deletions: Number(del) || 0,
        };
      });
    const truncated = patch.length > MAX_PATCH;
    return {
      base: w.base,
      files,
      stat,
      patch: truncated ? patch.slice(0, MAX_PATCH) : patch,
      truncated,
    };
  } finally {
    await fs.rm(tmp, { recursive: true, force: true });
  }
}
