/** Bench fixtures: chats made through the real stack (clone, worktree, opencode session). */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Stack } from '../e2e/harness/stack.ts';
import { makeRemote } from '../e2e/harness/git.ts';
import { cloneRepo } from '../e2e/harness/app.ts';

const json = { 'content-type': 'application/json' };

/** A local bare repo as the stack's GITHUB_URL; returns its root and a cleanup. */
export async function remoteRoot() {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'dancodes-bench-remotes-'));
  await makeRemote(root, 'octo/bench');
  return { root, dispose: () => fs.rm(root, { recursive: true, force: true }) };
}

export const cloneBench = (stack: Stack) => cloneRepo(stack, 'octo/bench');

/** A chat as the PWA makes it: a worktree keyed by the id, and a session in it. */
export async function makeChat(stack: Stack, id: string) {
  const w = (await (
    await stack.fetch('/admin/worktrees', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ repo: 'octo/bench', id }),
    })
  ).json()) as { path: string };
  const s = (await (
    await stack.fetch('/session', {
      method: 'POST',
      headers: { ...json, 'x-opencode-directory': w.path },
      body: '{}',
    })
  ).json()) as { id: string };
  return { id, directory: w.path, sessionId: s.id };
}

/** Stores a prompt without running the model (`noReply`): history to render, fast. */
export async function storePrompt(
  stack: Stack,
  chat: { directory: string; sessionId: string },
  text: string,
) {
  const res = await stack.opencode(`/session/${chat.sessionId}/prompt_async`, {
    method: 'POST',
    directory: chat.directory,
    headers: json,
    body: JSON.stringify({ noReply: true, parts: [{ type: 'text', text }] }),
  });
  if (res.status !== 204) throw new Error(`prompt_async: ${res.status}`);
}

export async function countMessages(stack: Stack, chat: { directory: string; sessionId: string }) {
  const res = await stack.opencode(`/session/${chat.sessionId}/message`, {
    directory: chat.directory,
  });
  return ((await res.json()) as unknown[]).length;
}
