import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from './harness/stack.ts';
import { makeRemote } from './harness/git.ts';

const TOKEN = 'ghp_e2eSECRETtoken9876543210';
let stack: Stack;
let remotes: string;

beforeAll(async () => {
  remotes = await fs.mkdtemp(path.join(os.tmpdir(), 'dancodes-remotes-'));
  await makeRemote(remotes, 'octo/app', { 'README.md': '# app\n' });
  stack = await startStack({ env: { GITHUB_URL: remotes, GITHUB_TOKEN: TOKEN } });
});
afterAll(async () => {
  await stack?.dispose();
  await fs.rm(remotes, { recursive: true, force: true });
});

const post = (p: string, body: unknown) =>
  stack.fetch(p, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('a chat in its own worktree, through Caddy', () => {
  let worktree: { path: string; branch: string };
  let sessionId: string;

  it('refuses the admin API without a login', async () => {
    const res = await fetch(`${stack.url}/admin/repos`);
    expect(res.status).toBe(401);
  });

  it('clones as a job and creates a worktree', async () => {
    const started = await post('/admin/repos/clone', { repo: 'octo/app' });
    expect(started.status).toBe(202);
    let job = (await started.json()) as { id: string; state: string };
    while (job.state === 'running') {
      await new Promise((r) => setTimeout(r, 100));
      job = (await (await stack.fetch(`/admin/jobs/${job.id}`)).json()) as typeof job;
    }
    expect(job.state).toBe('succeeded');
    const created = await post('/admin/worktrees', { repo: 'octo/app', id: 'chat1' });
    expect(created.status).toBe(201);
    worktree = (await created.json()) as typeof worktree;
    expect(worktree.branch).toBe('dancodes/chat1');
    expect(worktree.path.startsWith(path.join(stack.dataDir, 'projects'))).toBe(true);
  });

  it('lets opencode work in the worktree; the diff and the worktree list show it', async () => {
    const created = await stack.fetch('/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-opencode-directory': worktree.path },
      body: '{}',
    });
    sessionId = ((await created.json()) as { id: string }).id;
    const reply = await stack.fetch(`/session/${sessionId}/message`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-opencode-directory': worktree.path },
      body: JSON.stringify({
        parts: [{ type: 'text', text: 'note it [[write notes/a.txt: hello]] and [[bash: env]]' }],
      }),
    });
    expect(reply.status).toBe(200);
    // Tool calls live in the turn's earlier assistant messages: read the whole history.
    const history = (await (
      await stack.fetch(`/session/${sessionId}/message`, {
        headers: { 'x-opencode-directory': worktree.path },
      })
    ).json()) as { parts: { type: string; state?: { output?: string } }[] }[];
    const envOutput = history
      .flatMap((m) => m.parts)
      .find((p) => p.type === 'tool' && p.state?.output?.includes('PATH='));
    expect(envOutput, 'the env tool call ran').toBeDefined();
    // The agent runs arbitrary commands: it must never see the GitHub token.
    expect(envOutput!.state!.output).not.toContain(TOKEN);

    const diff = (await (await stack.fetch('/admin/worktrees/octo/app/chat1/diff')).json()) as {
      files: { path: string; status: string }[];
      patch: string;
    };
    expect(diff.files).toEqual([
      { path: 'notes/a.txt', status: 'added', additions: 1, deletions: 0 },
    ]);
    expect(diff.patch).toContain('+hello');

    const list = (await (await stack.fetch('/admin/worktrees?repo=octo/app')).json()) as {
      id: string;
      dirty: number;
      sessions: { id: string }[];
    }[];
    expect(list).toEqual([
      expect.objectContaining({
        id: 'chat1',
        dirty: 1,
        sessions: [expect.objectContaining({ id: sessionId })],
      }),
    ]);
  });

  it('keeps the worktree in gc while its session exists, and refuses to delete its work', async () => {
    const gc = (await (await post('/admin/gc', { minAgeMinutes: 0 })).json()) as {
      removed: unknown[];
      kept: { id: string; reason: string }[];
    };
    expect(gc.removed).toEqual([]);
    expect(gc.kept).toEqual([expect.objectContaining({ id: 'chat1' })]);
    const del = await stack.fetch('/admin/worktrees/octo/app/chat1', { method: 'DELETE' });
    expect(del.status).toBe(409);
    expect(await fs.readFile(path.join(worktree.path, 'notes/a.txt'), 'utf8')).toBe('hello');
  });

  it('finds a process the agent left running, and kills it', async () => {
    const reply = await stack.fetch(`/session/${sessionId}/message`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-opencode-directory': worktree.path },
      body: JSON.stringify({
        parts: [
          { type: 'text', text: '[[bash: nohup sleep 4321 >/dev/null 2>&1 & echo started]]' },
        ],
      }),
    });
    expect(reply.status).toBe(200);
    let orphan: { pid: number; command: string } | undefined;
    while (!orphan) {
      const list = (await (await stack.fetch('/admin/processes')).json()) as {
        pid: number;
        command: string;
      }[];
      orphan = list.find((p) => p.command === 'sleep 4321');
      if (!orphan) await new Promise((r) => setTimeout(r, 200));
    }
    const killed = await post(`/admin/processes/${orphan.pid}/kill`, {});
    expect(await killed.json()).toEqual({ pid: orphan.pid, signal: 'SIGTERM' });
    // The stack's own processes are never killable.
    const refused = await post(`/admin/processes/${stack.pid()}/kill`, {});
    expect(refused.status).toBe(403);
  });

  it('serves the API docs behind the login', async () => {
    expect(
      (await fetch(`${stack.url}/admin/docs`, { headers: { accept: 'application/json' } })).status,
    ).toBe(401);
    const docs = await stack.fetch('/admin/docs');
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger-ui-bundle.js');
  });
});
