import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from './harness/stack.ts';
import { makeRepo } from './harness/git.ts';
import { readEvents } from './harness/sse.ts';
import { alive, descendants } from './harness/procs.ts';

/** The whole stack, started by the real start script: opencode, the scripted model, the sidecar, Caddy. */
describe('the whole stack', () => {
  let stack: Stack;
  let repo: string;
  let scratch: string;

  beforeAll(async () => {
    stack = await startStack();
    scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'dancodes-repo-'));
    repo = (await makeRepo(path.join(scratch, 'project'))).dir;
  });

  afterAll(async () => {
    await stack?.dispose();
    if (scratch) await fs.rm(scratch, { recursive: true, force: true });
  });

  const json = (directory: string) => ({
    'content-type': 'application/json',
    'x-opencode-directory': directory,
  });

  it('serves health publicly through Caddy', async () => {
    const res = await fetch(`${stack.url}/admin/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      ok: true,
      opencode: { healthy: true, version: '1.18.33' },
    });
  });

  it('answers an unauthenticated API request with 401 JSON, and a navigation with the login page', async () => {
    const api = await fetch(`${stack.url}/session`, { headers: { 'x-opencode-directory': repo } });
    expect(api.status).toBe(401);
    expect(await api.json()).toMatchObject({ error: 'unauthenticated' });

    const admin = await fetch(`${stack.url}/admin/repos`);
    expect(admin.status).toBe(401);

    const events = await fetch(`${stack.url}/global/event`, {
      headers: { accept: 'text/event-stream' },
    });
    expect(events.status).toBe(401);

    // node:http, because fetch always sends its own `sec-fetch-mode: cors`.
    const page = await new Promise<http.IncomingMessage>((resolve, reject) =>
      http
        .get(
          `${stack.url}/`,
          { headers: { 'sec-fetch-mode': 'navigate', accept: 'text/html' } },
          resolve,
        )
        .on('error', reject),
    );
    page.resume();
    expect(page.statusCode).toBe(302);
    expect(page.headers.location).toBe('/auth/login?next=%2F');

    const login = await fetch(`${stack.url}/auth/login`);
    expect(login.status).toBe(200);
    expect(await login.text()).toContain('name="password"');
  });

  it('refuses a wrong password and logs in with the right one', async () => {
    const wrong = await fetch(`${stack.url}/auth/login`, {
      method: 'POST',
      body: new URLSearchParams({ password: 'not-it' }),
      redirect: 'manual',
    });
    expect(wrong.status).toBe(401);
    expect(await stack.login()).toMatch(/^v1\.\d+\./);
  });

  it('serves the PWA shell at / to a logged-in user', async () => {
    const res = await stack.fetch('/');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<div id="app">');
  });

  it('creates a session, streams its events through Caddy, and the scripted model writes a file', async () => {
    const created = await stack.fetch('/session', {
      method: 'POST',
      headers: json(repo),
      body: '{}',
    });
    expect(created.status).toBe(200);
    const session = (await created.json()) as { id: string; directory: string };
    expect(session.directory).toBe(repo);

    // The one event stream for every chat, opened before the prompt so nothing is missed.
    const stream = await stack.fetch('/global/event', { headers: { accept: 'text/event-stream' } });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toMatch(/text\/event-stream/);
    const idle = readEvents(stream, (e) => {
      const payload = e.payload as
        { type?: string; properties?: { sessionID?: string } } | undefined;
      return payload?.type === 'session.idle' && payload.properties?.sessionID === session.id;
    });

    const reply = await stack.fetch(`/session/${session.id}/message`, {
      method: 'POST',
      headers: json(repo),
      body: JSON.stringify({
        parts: [{ type: 'text', text: 'please [[write notes/hello.txt: hi from the stack]]' }],
      }),
    });
    expect(reply.status).toBe(200);
    const message = (await reply.json()) as { info: { role: string; error?: unknown } };
    expect(message.info.role).toBe('assistant');
    expect(message.info.error).toBeUndefined();

    const { seen } = await idle;
    const types = new Set(seen.map((e) => (e.payload as { type: string }).type));
    expect(types).toContain('message.part.updated');
    expect(seen.some((e) => e.directory === repo)).toBe(true);

    expect(await fs.readFile(path.join(repo, 'notes', 'hello.txt'), 'utf8')).toBe(
      'hi from the stack',
    );
  });

  it('a plain prompt completes with the scripted reply', async () => {
    const created = await stack.fetch('/session', {
      method: 'POST',
      headers: json(repo),
      body: '{}',
    });
    const { id } = (await created.json()) as { id: string };
    const reply = await stack.fetch(`/session/${id}/message`, {
      method: 'POST',
      headers: json(repo),
      body: JSON.stringify({ parts: [{ type: 'text', text: 'hello there scripted model' }] }),
    });
    const body = (await reply.json()) as { parts: { type: string; text?: string }[] };
    const text = body.parts
      .filter((p) => p.type === 'text')
      .map((p) => p.text)
      .join('');
    expect(text).toContain('hello there scripted model');
  });

  it('stops cleanly on SIGTERM and leaves no process behind', async () => {
    const pid = stack.pid()!;
    const tree = descendants(pid);
    // start script, model, opencode, sidecar, caddy (and their own children).
    expect(tree.length).toBeGreaterThanOrEqual(5);
    const code = await stack.stop();
    expect(code).toBe(0);
    // Give the kernel a moment to reap the last group members.
    for (let i = 0; i < 50 && tree.some(alive); i++) await new Promise((r) => setTimeout(r, 100));
    expect(tree.filter(alive)).toEqual([]);
    const health = await fetch(`${stack.url}/admin/health`).catch(() => undefined);
    expect(health).toBeUndefined();
  });
});

describe('the start script', () => {
  it('stops everything and exits non-zero with a clear message when a service dies', async () => {
    const stack = await startStack();
    try {
      const tree = descendants(stack.pid()!);
      const opencode = tree.find((pid) => {
        try {
          return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes('serve');
        } catch {
          return false;
        }
      });
      expect(opencode).toBeDefined();
      process.kill(opencode!, 'SIGKILL');
      expect(await stack.exited()).toBe(1);
      expect(stack.logs()).toMatch(/opencode exited unexpectedly \(SIGKILL\); stopping the stack/);
      for (let i = 0; i < 50 && tree.some(alive); i++) await new Promise((r) => setTimeout(r, 100));
      expect(tree.filter(alive)).toEqual([]);
    } finally {
      await stack.dispose();
    }
  });
});
