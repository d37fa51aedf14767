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

/** How many items the page's outbox (IndexedDB) holds. */
export const outboxCount = (p: Page) =>
  p.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('dancodes');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction('outbox').objectStore('outbox').count();
          req.onsuccess = () => resolve(req.result);
        };
      }),
  );

/** Clones a repo through the sidecar and waits for the job. */
export async function cloneRepo(stack: Stack, repo: string) {
  const started = await stack.fetch('/admin/repos/clone', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ repo }),
  });
  let job = (await started.json()) as { id: string; state: string };
  while (job.state === 'running') {
    await new Promise((r) => setTimeout(r, 100));
    job = (await (await stack.fetch(`/admin/jobs/${job.id}`)).json()) as typeof job;
  }
  if (job.state !== 'succeeded') throw new Error(`clone of ${repo}: ${JSON.stringify(job)}`);
}
