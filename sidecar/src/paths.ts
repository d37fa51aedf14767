import path from 'node:path';
import type { Config } from './config.ts';
import { HttpError } from './http/errors.ts';

/**
 * Where repos and worktrees live. Names are validated by zod at the edge; this asserts once more
 * that the resolved path stays under the data root, so no input can reach outside it.
 */
function inside(root: string, ...parts: string[]): string {
  const p = path.resolve(root, ...parts);
  if (p !== root && !p.startsWith(root + path.sep))
    throw new HttpError(400, 'invalid-path', 'that name would leave the data directory');
  return p;
}

export const repoPath = (c: Config, owner: string, name: string) => inside(c.reposDir, owner, name);
export const worktreesOf = (c: Config, owner: string, name: string) =>
  inside(c.worktreesDir, owner, name);
export const worktreePath = (c: Config, owner: string, name: string, id: string) =>
  inside(c.worktreesDir, owner, name, id);
