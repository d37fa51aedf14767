import fs from 'node:fs/promises';
import path from 'node:path';

/** Bytes used by a directory tree (symlinks not followed); 0 when it is gone. */
export async function dirSize(dir: string): Promise<number> {
  let total = 0;
  let entries;
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) total += await dirSize(p);
    else if (e.isFile()) total += (await fs.lstat(p).catch(() => ({ size: 0 }))).size;
  }
  return total;
}

export const exists = (p: string) =>
  fs.access(p).then(
    () => true,
    () => false,
  );

/** Subdirectory names, or [] when the directory does not exist yet. */
export async function subdirs(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name);
}
