import { execFileSync } from 'node:child_process';
import fsp from 'node:fs/promises';
import path from 'node:path';

/** A throwaway git repo with one commit holding `files`: a project for opencode to work in. */
export async function makeRepo(
  dir: string,
  files: Record<string, string> = { 'README.md': '# test\n' },
) {
  await fsp.mkdir(dir, { recursive: true });
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: dir, stdio: 'pipe' }).toString();
  git('init', '-q', '-b', 'main');
  for (const [name, content] of Object.entries(files)) {
    await fsp.mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await fsp.writeFile(path.join(dir, name), content);
  }
  git('add', '-A');
  git('-c', 'user.name=test', '-c', 'user.email=test@example.com', 'commit', '-q', '-m', 'initial');
  return { dir, git };
}

/** A bare repo at `<root>/<owner>/<name>.git`, standing in for GitHub (the stack's GITHUB_URL=root). */
export async function makeRemote(
  root: string,
  repo: string,
  files: Record<string, string> = { 'README.md': '# test\n' },
) {
  const work = await makeRepo(path.join(root, 'work', repo), files);
  const bare = path.join(root, `${repo}.git`);
  execFileSync('git', ['clone', '-q', '--bare', work.dir, bare], { stdio: 'pipe' });
  return bare;
}
