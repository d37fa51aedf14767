import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRepo } from '../e2e/harness/git.ts';
import { startStack, type Stack } from '../e2e/harness/stack.ts';

/** Every file below `dir` (relative paths), following no symlinks. */
async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await fs.readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isDirectory()) out.push(path.relative(dir, path.join(e.parentPath, e.name)));
  }
  return out.sort();
}

/** Files below `dir` whose bytes contain `needle` (a session id: where opencode stored it). */
async function filesContaining(dir: string, needle: string): Promise<string[]> {
  const hits: string[] = [];
  for (const rel of await walk(dir)) {
    const file = path.join(dir, rel);
    const stat = await fs.lstat(file);
    if (!stat.isFile() || stat.size > 64 * 1024 * 1024) continue;
    if ((await fs.readFile(file)).includes(needle)) hits.push(rel);
  }
  return hits;
}

/**
 * The stack as the image runs it: NODE_ENV=production with the secrets from the environment (as
 * `fly secrets` sets them) and DATA_DIR on "the volume". Every piece of state must land there, and
 * nothing in HOME, which on a Fly machine is the image's own disk, lost at every deploy.
 */
describe('production state lives on the volume', () => {
  let tmp: string;
  let vol: string;
  let home: string;
  let stack: Stack;
  let startedMs: number;

  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'dancodes-volume-'));
    vol = path.join(tmp, 'vol');
    home = path.join(tmp, 'home');
    await fs.mkdir(home);
    const t0 = Date.now();
    stack = await startStack({
      dataDir: vol,
      env: {
        NODE_ENV: 'production',
        AUTH_SECRET: randomBytes(32).toString('hex'),
        AUTH_PASSWORD: `pw-${randomBytes(6).toString('hex')}`,
        HOME: home,
        DANCODES_VERSION: '0.1.0+volume',
      },
    });
    startedMs = Date.now() - t0;
    console.log(
      `volume.test: the production stack answered /admin/health after ${startedMs} ms (first start)`,
    );
  });

  afterAll(async () => {
    await stack?.dispose();
    if (tmp) await fs.rm(tmp, { recursive: true, force: true });
  });

  it('is healthy through Caddy, in production mode', async () => {
    const res = await fetch(`${stack.url}/admin/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      ok: true,
      version: '0.1.0+volume',
      opencode: { healthy: true, version: '1.18.33' },
    });
    expect(stack.logs()).toContain(`data in ${vol}`);
    // Production takes its secrets from the environment and never writes them to the volume.
    expect(stack.logs()).not.toContain('generated password');
    await expect(fs.access(path.join(vol, 'secrets.json'))).rejects.toThrow();
  });

  it('keeps a chat and its project under DATA_DIR across a restart, and writes nothing to HOME', async () => {
    const project = path.join(vol, 'projects', 'repos', 'demo');
    await makeRepo(project);
    const headers = { 'content-type': 'application/json', 'x-opencode-directory': project };

    const created = await stack.fetch('/session', { method: 'POST', headers, body: '{}' });
    expect(created.status).toBe(200);
    const session = (await created.json()) as { id: string; directory: string };
    expect(session.directory).toBe(project);

    const reply = await stack.fetch(`/session/${session.id}/message`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ parts: [{ type: 'text', text: 'hello from the volume test' }] }),
    });
    expect(reply.status).toBe(200);
    expect(((await reply.json()) as { info: { role: string } }).info.role).toBe('assistant');

    expect(await stack.stop()).toBe(0);

    // opencode's database (or file storage) is under $DATA_DIR/opencode-state/, XDG dirs and all.
    const state = path.join(vol, 'opencode-state');
    const files = await walk(state);
    expect(
      files.some((f) => /^data\/opencode\/(opencode\.db|storage\/)/.test(f)),
      files.join('\n'),
    ).toBe(true);
    expect(await filesContaining(state, session.id)).not.toEqual([]);
    expect(await walk(path.join(vol, 'caddy'))).not.toEqual([]);
    expect(await walk(home), 'files written to HOME instead of the volume').toEqual([]);

    // A new machine with the same volume (a deploy): the chat is still there.
    await stack.start();
    const list = await stack.fetch('/session', { headers: { 'x-opencode-directory': project } });
    expect(list.status).toBe(200);
    const sessions = (await list.json()) as { id: string }[];
    expect(sessions.map((s) => s.id)).toContain(session.id);
    expect(await stack.stop()).toBe(0);
    expect(await walk(home), 'files written to HOME instead of the volume').toEqual([]);
  });
});
