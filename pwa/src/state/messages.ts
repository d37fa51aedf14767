/**
 * Each session's messages, one signal per message so a streamed delta re-renders one message,
 * not the chat. Deltas are batched to one update per animation frame: a fast stream costs the
 * main thread one short task per frame instead of one per token.
 */
import { batch, signal, type Signal } from '@preact/signals';
import type { Message, MessageWithParts, Part } from '../api/opencode.ts';

export interface Entry {
  id: string;
  info: Signal<Message>;
  parts: Signal<Part[]>;
}

interface SessionMessages {
  list: Signal<Entry[]>;
  byId: Map<string, Entry>;
  /** Whether the full history (not just the cached or last few) was loaded. */
  loaded: boolean;
}

const sessions = new Map<string, SessionMessages>();

export function messagesOf(sessionId: string): SessionMessages {
  let s = sessions.get(sessionId);
  if (!s) {
    s = { list: signal([]), byId: new Map(), loaded: false };
    sessions.set(sessionId, s);
  }
  return s;
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Replaces a session's messages with what the server (or the cache) holds now. */
export function setMessages(sessionId: string, messages: MessageWithParts[], loaded: boolean) {
  const s = messagesOf(sessionId);
  batch(() => {
    const next: Entry[] = [];
    for (const m of messages) {
      const existing = s.byId.get(m.info.id);
      if (existing) {
        existing.info.value = m.info;
        existing.parts.value = m.parts;
        next.push(existing);
      } else {
        const e = { id: m.info.id, info: signal(m.info), parts: signal(m.parts) };
        s.byId.set(e.id, e);
        next.push(e);
      }
    }
    const keep = new Set(next.map((e) => e.id));
    for (const id of [...s.byId.keys()]) if (!keep.has(id)) s.byId.delete(id);
    s.list.value = next.sort(byId);
  });
  s.loaded = loaded;
}

export function upsertMessage(info: Message) {
  const s = messagesOf(info.sessionID);
  const e = s.byId.get(info.id);
  if (e) {
    e.info.value = info;
    return;
  }
  const entry = { id: info.id, info: signal(info), parts: signal<Part[]>([]) };
  s.byId.set(info.id, entry);
  s.list.value = [...s.list.value, entry].sort(byId);
}

export function removeMessage(sessionId: string, messageId: string) {
  const s = messagesOf(sessionId);
  if (!s.byId.delete(messageId)) return;
  s.list.value = s.list.value.filter((e) => e.id !== messageId);
}

function entryFor(sessionId: string, messageId: string): Entry {
  const e = messagesOf(sessionId).byId.get(messageId);
  if (e) return e;
  // A part before its message (events can race): a placeholder until message.updated arrives.
  upsertMessage({
    id: messageId,
    sessionID: sessionId,
    role: 'assistant',
    time: { created: Date.now() },
  } as Message);
  return messagesOf(sessionId).byId.get(messageId)!;
}

export function upsertPart(part: Part) {
  pendingDeltas.delete(part.id);
  const e = entryFor(part.sessionID, part.messageID);
  const parts = e.parts.value;
  const i = parts.findIndex((p) => p.id === part.id);
  e.parts.value = i >= 0 ? parts.map((p, j) => (j === i ? part : p)) : [...parts, part].sort(byId);
}

export function removePart(sessionId: string, messageId: string, partId: string) {
  const e = messagesOf(sessionId).byId.get(messageId);
  if (e) e.parts.value = e.parts.value.filter((p) => p.id !== partId);
}

interface Delta {
  sessionID: string;
  messageID: string;
  partID: string;
  field: string;
  delta: string;
}
const pendingDeltas = new Map<string, Delta>();
let scheduled = false;

/** Streamed text: appended to the part's field, applied once per frame. */
export function appendDelta(d: Delta) {
  const pending = pendingDeltas.get(d.partID);
  if (pending && pending.field === d.field) pending.delta += d.delta;
  else pendingDeltas.set(d.partID, { ...d });
  if (!scheduled) {
    scheduled = true;
    // rAF stops in a hidden tab; a timer keeps the state current there too.
    if (document.visibilityState === 'visible') requestAnimationFrame(flushDeltas);
    else setTimeout(flushDeltas, 100);
  }
}

export function flushDeltas() {
  scheduled = false;
  const all = [...pendingDeltas.values()];
  pendingDeltas.clear();
  batch(() => {
    for (const d of all) {
      const e = entryFor(d.sessionID, d.messageID);
      const parts = e.parts.value;
      const i = parts.findIndex((p) => p.id === d.partID);
      if (i < 0) {
        const part = {
          id: d.partID,
          sessionID: d.sessionID,
          messageID: d.messageID,
          type: 'text',
          text: '',
        } as Part;
        (part as unknown as Record<string, string>)[d.field] = d.delta;
        e.parts.value = [...parts, part].sort(byId);
        continue;
      }
      const old = parts[i] as unknown as Record<string, unknown>;
      const next = { ...old, [d.field]: String(old[d.field] ?? '') + d.delta } as unknown as Part;
      e.parts.value = parts.map((p, j) => (j === i ? next : p));
    }
  });
}
