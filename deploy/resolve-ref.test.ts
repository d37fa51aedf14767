import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './files.ts';

const SCRIPT = path.join(ROOT, 'deploy', 'resolve-ref.sh');

function git(cwd: string, ...args: string[]): string {
  return execFileSync(
    'git',
    [
      '-c',
      'user.name=test',
      '-c',
      'user.email=test@example.com',
      '-c',
      'commit.gpgsign=false',
      ...args,
    ],
    { cwd, stdio: 'pipe' },
  )
    .toString()
    .trim();
}

async function commit(cwd: string, name: string): Promise<string> {
  await fs.writeFile(path.join(cwd, `${name}.txt`), `${name}\n`);
  git(cwd, 'add', '-A');
  git(cwd, 'commit', '-q', '-m', name);
  return git(cwd, 'rev-parse', 'HEAD');
}

function resolve(cwd: string, ...args: string[]) {
  const r = spawnSync('bash', [SCRIPT, ...args], { cwd, encoding: 'utf8' });
  return { status: r.status, sha: r.stdout.trim(), error: r.stderr.trim() };
}

function fails(cwd: string, args: string[], message: RegExp) {
  const r = resolve(cwd, ...args);
  expect(r.status, `resolve-ref ${JSON.stringify(args)}`).not.toBe(0);
  expect(r.sha).toBe('');
  expect(r.error).toMatch(/^resolve-ref: /);
  expect(r.error).toMatch(message);
}

describe('deploy/resolve-ref.sh', () => {
  let tmp: string;
  let repo: string;
  let c: string[];

  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'dancodes-resolve-'));
    repo = path.join(tmp, 'repo');
    await fs.mkdir(repo);
    git(repo, 'init', '-q', '-b', 'main');
    c = [];
    for (const name of ['c0', 'c1', 'c2', 'c3']) c.push(await commit(repo, name));
  });

  afterAll(async () => {
    if (tmp) await fs.rm(tmp, { recursive: true, force: true });
  });

  it('rollback 0 (or empty) is the tip; 1 and 3 go back that many commits', () => {
    expect(resolve(repo, '0')).toEqual({ status: 0, sha: c[3], error: '' });
    expect(resolve(repo, '').sha).toBe(c[3]);
    expect(resolve(repo).sha).toBe(c[3]);
    expect(resolve(repo, '1').sha).toBe(c[2]);
    expect(resolve(repo, '3').sha).toBe(c[0]);
    // Typed on a phone: spaces and a leading zero are forgiven.
    expect(resolve(repo, ' 2 ').sha).toBe(c[1]);
    expect(resolve(repo, '01').sha).toBe(c[2]);
  });

  it('prints the full SHA of a ref given short, long or in capitals; ref wins over rollback 0', () => {
    expect(resolve(repo, '0', c[1]!.slice(0, 7))).toEqual({ status: 0, sha: c[1], error: '' });
    expect(resolve(repo, '', c[1]!).sha).toBe(c[1]);
    expect(resolve(repo, '0', c[2]!.slice(0, 10).toUpperCase()).sha).toBe(c[2]);
    expect(resolve(repo, '0', ` ${c[0]!.slice(0, 8)} `).sha).toBe(c[0]);
  });

  it('refuses rollback and ref together', () => {
    fails(repo, ['1', c[1]!.slice(0, 7)], /either rollback .* or ref .*, not both/);
  });

  it('refuses a negative, fractional or non-numeric rollback', () => {
    fails(repo, ['-1'], /must not be negative/);
    fails(repo, ['1.5'], /whole number/);
    fails(repo, ['two'], /whole number/);
    fails(repo, ['1e3'], /whole number/);
    fails(repo, ['9999999999999'], /too large/);
  });

  it('refuses going back further than main goes', () => {
    fails(repo, ['4'], /only 4 commits .* cannot go back 4/);
  });

  it('refuses a ref that is not 7-40 hex digits, or no commit here', () => {
    fails(repo, ['0', 'main'], /7 to 40 hex digits/);
    fails(repo, ['0', c[1]!.slice(0, 6)], /7 to 40 hex digits/);
    fails(repo, ['0', `${c[1]!}0`], /7 to 40 hex digits/);
    fails(repo, ['0', 'HEAD~1'], /7 to 40 hex digits/);
    fails(repo, ['0', 'deadbeefdeadbeef'], /unknown commit 'deadbeefdeadbeef'/);
  });

  it('refuses a commit that is not on main', async () => {
    git(repo, 'checkout', '-q', '-b', 'side', c[1]!);
    const side = await commit(repo, 'side');
    git(repo, 'checkout', '-q', 'main');
    fails(repo, ['0', side.slice(0, 7)], /is not on main/);
  });

  it('follows main’s first parents across a merge', async () => {
    const dir = path.join(tmp, 'merges');
    await fs.mkdir(dir);
    git(dir, 'init', '-q', '-b', 'main');
    await commit(dir, 'm0');
    const m1 = await commit(dir, 'm1');
    git(dir, 'checkout', '-q', '-b', 'feature');
    await commit(dir, 'f1');
    const f2 = await commit(dir, 'f2');
    git(dir, 'checkout', '-q', 'main');
    const m2 = await commit(dir, 'm2');
    git(dir, 'merge', '-q', '--no-ff', '-m', 'merge feature', 'feature');
    expect(resolve(dir, '1').sha).toBe(m2);
    expect(resolve(dir, '2').sha).toBe(m1);
    // A merged commit is on main, so it may be deployed by ref.
    expect(resolve(dir, '0', f2.slice(0, 7)).sha).toBe(f2);
  });

  it('counts from origin/main when the clone has it, not from a local HEAD', async () => {
    const clone = path.join(tmp, 'clone');
    git(tmp, 'clone', '-q', '--branch', 'main', repo, clone);
    const local = await commit(clone, 'local');
    expect(resolve(clone, '0').sha).toBe(c[3]);
    expect(resolve(clone, '2').sha).toBe(c[1]);
    fails(clone, ['0', local.slice(0, 7)], /is not on main \(origin\/main\)/);
    // As in the workflow: a detached checkout of an older commit changes nothing.
    git(clone, 'checkout', '-q', '--detach', c[0]!);
    expect(resolve(clone, '1').sha).toBe(c[2]);
  });

  it('says so outside a git repository, and with too many arguments', async () => {
    const empty = path.join(tmp, 'not-a-repo');
    await fs.mkdir(empty);
    const r = spawnSync('bash', [SCRIPT, '0'], {
      cwd: empty,
      encoding: 'utf8',
      env: { ...process.env, GIT_CEILING_DIRECTORIES: tmp },
    });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/not inside a git repository/);
    fails(repo, ['0', c[0]!, 'extra'], /usage/);
  });
});
