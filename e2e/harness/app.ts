/** Driving the dancodes PWA in a page: the steps every browser test repeats. */
import type { Page } from 'playwright-core';
import type { Stack } from './stack.ts';

/** Types a prompt into the open chat and sends it. */
export async function send(p: Page, text: string) {
  await p.locator('textarea[name=prompt]').fill(text);
  await p.getByRole('button', { name: 'send' }).click();
}

export async function openSidebar(p: Page) {
  if (!(await p.locator('nav.sidebar.open').count()))
    await p.getByRole('button', { name: 'chats' }).click();
}

/** Taps "+"; with `created`, waits until the outbox made its worktree and session. */
export async function newChat(p: Page, created = true) {
  const before = await p.locator('.chat-row').count();
  await p.getByRole('button', { name: 'new chat' }).click();
  await p.locator('.chat-row').nth(before).waitFor({ state: 'attached' });
  if (created) await p.locator('.queued').first().waitFor({ state: 'detached' });
}

/** Status of each chat row, in sidebar order. */
export const statuses = (p: Page) =>
  p
    .locator('.chat-row .status')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));

export interface ServerChat {
  id: string;
  path: string;
  sessionId?: string;
}

/** The chats the server has (the sidecar's worktrees), oldest first. */
export async function serverChats(stack: Stack): Promise<ServerChat[]> {
  const list = (await (await stack.fetch('/admin/worktrees')).json()) as {
    id: string;
    path: string;
    createdAt: string;
    sessions: { id: string }[];
  }[];
  return list
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
    .map((w) => ({ id: w.id, path: w.path, sessionId: w.sessions[0]?.id }));
}

/** The user prompts opencode holds for a chat, in order: what exactly-once is checked against. */
export async function promptsIn(stack: Stack, chat: ServerChat): Promise<string[]> {
  if (!chat.sessionId) return [];
  const res = await stack.opencode(`/session/${chat.sessionId}/message`, { directory: chat.path });
  const messages = (await res.json()) as {
    info: { role: string };
    parts: { type: string; text?: string }[];
  }[];
  return messages
    .filter((m) => m.info.role === 'user')
    .map((m) =>
      m.parts
        .filter((p) => p.type === 'text')
        .map((p) => p.text)
        .join(''),
    );
}

/** Waits until the page's outbox is empty (everything sent). */
export const outboxDrained = (p: Page) =>
  p.locator('.queued').first().waitFor({ state: 'detached', timeout: 120_000 });
