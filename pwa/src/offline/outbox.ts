/**
 * The outbox: every new chat and every prompt is written to IndexedDB before any network attempt,
 * then sent by one tab at a time (Web Locks), in order per chat, with backoff. Ids are fixed on the
 * device, so a send whose outcome was lost is checked, not blindly repeated: exactly once.
 */
import { signal } from '@preact/signals';
import { admin, cloneAndWait } from '../api/admin.ts';
import { ApiError } from '../api/errors.ts';
import { ascendingId } from '../api/ids.ts';
import { opencode } from '../api/opencode.ts';
import { authNeeded, online } from '../state/connection.ts';
import { database, type Chat, type ChatItem, type OutboxItem, type PromptItem } from './db.ts';

export type { OutboxItem, PromptItem };
export const outbox = signal<OutboxItem[]>([]);
/** What the sender is doing now, e.g. "cloning octo/app 45%". */
export const progress = signal<Record<number, string>>({});

const MAX_BACKOFF_MS = 60_000;
/** opencode stores a prompt_async message a moment after answering: wait this long before a re-check. */
const SETTLE_MS = 1500;
const channel =
  typeof BroadcastChannel === 'function' ? new BroadcastChannel('dancodes-outbox') : undefined;
let kick: (() => void) | undefined;
/** Set when the network is back: everything queued is due now, whatever its backoff said. */
let urgent = false;
let onChatReady: ((chat: Chat) => void) | undefined;

async function refresh() {
  outbox.value = await (await database()).getAll('outbox');
}

function changed() {
  void refresh();
  channel?.postMessage('changed');
  kick?.();
}

export async function enqueueChat(chatId: string, repo: string) {
  const db = await database();
  const item: ChatItem = {
    kind: 'chat',
    chatId,
    repo,
    state: 'queued',
    createdAt: Date.now(),
    attempts: 0,
    nextAt: 0,
  };
  await db.add('outbox', item);
  changed();
}

export async function enqueuePrompt(
  chatId: string,
  p: Pick<PromptItem, 'text' | 'files' | 'model' | 'agent'>,
) {
  const db = await database();
  const item: PromptItem = {
    kind: 'prompt',
    chatId,
    ...p,
    state: 'queued',
    createdAt: Date.now(),
    attempts: 0,
    nextAt: 0,
  };
  await db.add('outbox', item);
  changed();
}

/** Edits a queued prompt's text; refused once it may have reached the server. */
export async function editPrompt(seq: number, text: string): Promise<boolean> {
  const db = await database();
  const item = await db.get('outbox', seq);
  if (!item || item.kind !== 'prompt' || item.messageId) return false;
  await db.put('outbox', { ...item, text, state: 'queued', error: undefined });
  changed();
  return true;
}

export async function cancelItem(seq: number): Promise<boolean> {
  const db = await database();
  const item = await db.get('outbox', seq);
  if (!item || (item.kind === 'prompt' && item.messageId && item.state !== 'failed')) return false;
  await db.delete('outbox', seq);
  changed();
  return true;
}

export async function retryItem(seq: number) {
  const db = await database();
  const item = await db.get('outbox', seq);
  if (item)
    await db.put('outbox', { ...item, state: 'queued', error: undefined, nextAt: 0, attempts: 0 });
  changed();
}

/** The server is reachable again (network back, app visible, stream reconnected): send now. */
export function retryNow() {
  urgent = true;
  kick?.();
}

/** Starts the sender in whichever tab gets the lock; the others watch and wait their turn. */
export function startOutbox(chatReady: (chat: Chat) => void) {
  onChatReady = chatReady;
  channel?.addEventListener('message', () => {
    void refresh();
    kick?.();
  });
  addEventListener('online', retryNow);
  document.addEventListener(
    'visibilitychange',
    () => document.visibilityState === 'visible' && retryNow(),
  );
  void refresh();
  void navigator.storage?.persist?.().catch(() => false);
  const run = () => sendLoop();
  if (navigator.locks) void navigator.locks.request('dancodes-outbox-sender', run);
  else void run();
}

async function sendLoop(): Promise<never> {
  for (;;) {
    const wait = await drain();
    await new Promise<void>((r) => {
      const t = setTimeout(r, wait);
      kick = () => {
        clearTimeout(t);
        r();
      };
    });
  }
}

/** Sends what is due; returns how long to sleep before the next due item. */
async function drain(): Promise<number> {
  const db = await database();
  for (;;) {
    // Offline or logged out, attempts only burn backoff: the `online` event or a login wakes us.
    if (authNeeded.value || !navigator.onLine) return MAX_BACKOFF_MS;
    const items = await db.getAll('outbox');
    const now = urgent ? Infinity : Date.now();
    urgent = false;
    // The head of each chat's queue; a failed head holds its chat until retried or cancelled.
    const heads = new Map<string, OutboxItem>();
    for (const i of items) if (!heads.has(i.chatId)) heads.set(i.chatId, i);
    const due = [...heads.values()].filter((i) => i.state !== 'failed' && i.nextAt <= now);
    if (!due.length) {
      const next = Math.min(
        ...[...heads.values()].filter((i) => i.state !== 'failed').map((i) => i.nextAt),
      );
      return Number.isFinite(next) ? Math.max(100, next - Date.now()) : MAX_BACKOFF_MS;
    }
    for (const item of due) await sendOne(item);
  }
}

async function sendOne(item: OutboxItem) {
  const db = await database();
  const seq = item.seq!;
  try {
    if (item.kind === 'chat') await sendChat(item);
    else await sendPrompt(item);
    await db.delete('outbox', seq);
    online.value = true;
  } catch (err) {
    const e = err instanceof ApiError ? err : new ApiError('transient', String(err));
    const fresh = await db.get('outbox', seq);
    if (!fresh) return;
    if (e.kind === 'auth') {
      authNeeded.value = true;
      await db.put('outbox', { ...fresh, state: 'queued', error: 'waiting for you to log in' });
    } else if (e.kind === 'permanent') {
      await db.put('outbox', { ...fresh, state: 'failed', error: e.message });
    } else {
      if (e.message.endsWith('no connection')) online.value = false;
      const attempts = fresh.attempts + 1;
      const backoff =
        Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.min(attempts, 6)) * (0.75 + Math.random() / 2);
      await db.put('outbox', {
        ...fresh,
        state: 'queued',
        attempts,
        nextAt: Date.now() + backoff,
        error: e.message,
      });
    }
  } finally {
    const { [seq]: _, ...rest } = progress.value;
    progress.value = rest;
    changed();
  }
}

async function sendChat(item: ChatItem) {
  const db = await database();
  const chat = (await db.get('chats', item.chatId)) ?? {
    id: item.chatId,
    repo: item.repo,
    title: 'New chat',
    createdAt: item.createdAt,
  };
  const say = (text: string) => (progress.value = { ...progress.value, [item.seq!]: text });
  const repos = await admin.repos();
  if (!repos.some((r) => r.repo === item.repo)) {
    await cloneAndWait(item.repo, (job) =>
      say(`cloning ${item.repo}: ${job.phase}${job.percent === null ? '' : ` ${job.percent}%`}`),
    );
  }
  say('creating the worktree');
  // Both steps are idempotent: the worktree on its id, the session on its directory.
  const w = await admin.createWorktree(item.repo, item.chatId);
  say('starting the session');
  // Ask opencode itself (not a possibly stale list): a lost answer to an earlier create left the
  // session there, and then it is reused, never doubled.
  const existing = (await opencode.sessions(w.path)).find((s) => s.directory === w.path);
  const sessionId = existing?.id ?? (await opencode.createSession(w.path)).id;
  const ready: Chat = { ...chat, directory: w.path, branch: w.branch, sessionId };
  await db.put('chats', ready);
  onChatReady?.(ready);
}

async function sendPrompt(item: PromptItem) {
  const db = await database();
  const chat = await db.get('chats', item.chatId);
  if (!chat) throw new ApiError('permanent', 'this chat no longer exists on the device');
  if (!chat.sessionId || !chat.directory)
    throw new ApiError('transient', 'the chat is not created yet');
  let messageId = item.messageId;
  if (messageId) {
    // An earlier attempt's outcome is unknown: ask before sending again.
    if (await opencode.hasMessage(chat.directory, chat.sessionId, messageId)) return;
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    if (await opencode.hasMessage(chat.directory, chat.sessionId, messageId)) return;
  } else {
    messageId = ascendingId('msg');
  }
  await db.put('outbox', { ...item, messageId, state: 'sending' });
  void refresh();
  await opencode.prompt(chat.directory, chat.sessionId, {
    messageID: messageId,
    parts: [
      { type: 'text', text: item.text },
      ...item.files.map((f) => ({
        type: 'file' as const,
        mime: f.mime,
        filename: f.filename,
        url: f.url,
      })),
    ],
    model: item.model,
    agent: item.agent,
  });
}
