/**
 * Bringing the device up to date with the server: on start and after every stream (re)connect.
 * Everything is keyed by ids, so applying a snapshot over live state never duplicates anything.
 */
import { opencode } from '../api/opencode.ts';
import { database } from '../offline/db.ts';
import {
  describeError,
  permissions,
  questions,
  replaceRequests,
  setError,
  statuses,
} from './activity.ts';
import { chats, current, refreshChats } from './chats.ts';
import { fromCache } from './connection.ts';
import { messagesOf, setMessages } from './messages.ts';

/** How many messages per chat are kept on the device for offline reading. */
const CACHED_MESSAGES = 50;

export async function loadMessages(sessionId: string, directory: string) {
  const messages = await opencode.messages(directory, sessionId);
  fromCache.value = false;
  setMessages(sessionId, messages, true);
  const last = [...messages].reverse().find((m) => m.info.role === 'assistant');
  setError(sessionId, last && 'error' in last.info ? describeError(last.info.error) : undefined);
  await saveMessages(sessionId);
}

async function saveMessages(sessionId: string) {
  const messages = messagesOf(sessionId)
    .list.value.slice(-CACHED_MESSAGES)
    .map((e) => ({ info: e.info.value, parts: e.parts.value }));
  const db = await database();
  await db.put('cache', { messages, savedAt: Date.now() }, `messages:${sessionId}`);
}

const saving = new Map<string, ReturnType<typeof setTimeout>>();

/** Keeps the device's copy of a chat current as events change it (debounced). */
export function cacheSoon(sessionId: string) {
  clearTimeout(saving.get(sessionId));
  saving.set(
    sessionId,
    setTimeout(() => {
      saving.delete(sessionId);
      void saveMessages(sessionId);
    }, 250),
  );
}

// Leaving (reload, app switch): write what is pending now rather than lose it.
addEventListener('pagehide', () => {
  for (const [sessionId, timer] of saving) {
    clearTimeout(timer);
    void saveMessages(sessionId);
  }
  saving.clear();
});

/** Shows what the device saved of a chat, when the server cannot be asked. */
export async function loadCachedMessages(sessionId: string) {
  if (messagesOf(sessionId).list.value.length) return;
  const cached = await (await database()).get('cache', `messages:${sessionId}`);
  if (cached?.messages) setMessages(sessionId, cached.messages, false);
}

export async function resync() {
  await refreshChats();
  const byDir = new Map<string, string[]>();
  for (const c of chats.value)
    if (c.directory && c.sessionId)
      byDir.set(c.directory, [...(byDir.get(c.directory) ?? []), c.sessionId]);
  await Promise.all(
    [...byDir].map(async ([dir, ids]) => {
      const sessionIds = new Set(ids);
      const [status, perms, qs] = await Promise.all([
        opencode.statuses(dir),
        opencode.permissions(dir),
        opencode.questions(dir).catch(() => []),
      ]);
      const next = { ...statuses.value };
      for (const id of ids) next[id] = status[id]?.type ?? 'idle';
      statuses.value = next;
      permissions.value = replaceRequests(
        permissions.value,
        perms.filter((p) => sessionIds.has(p.sessionID)),
        sessionIds,
      );
      questions.value = replaceRequests(
        questions.value,
        qs.filter((q) => sessionIds.has(q.sessionID)),
        sessionIds,
      );
      // The latest turn's outcome for chats not on screen: one message each.
      for (const id of ids) {
        if (id === current.value?.sessionId) continue;
        const [last] = await opencode.messages(dir, id, 1);
        if (last?.info.role === 'assistant') setError(id, describeError(last.info.error));
      }
    }),
  );
  const open = current.value;
  if (open?.sessionId && open.directory) await loadMessages(open.sessionId, open.directory);
}
