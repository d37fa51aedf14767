/**
 * The device's own storage (IndexedDB via idb): the outbox of things to send, the chats this
 * device knows (including ones created offline), and a cache of what was last seen of each chat.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { MessageWithParts } from '../api/opencode.ts';
import type { Diff } from '../api/admin.ts';

export interface OutgoingFile {
  mime: string;
  filename: string;
  /** A `data:` URL, downscaled on the device. */
  url: string;
}

interface ItemBase {
  /** Insertion order: replay is in this order per chat. */
  seq?: number;
  chatId: string;
  state: 'queued' | 'sending' | 'failed';
  error?: string;
  createdAt: number;
  attempts: number;
  /** Not before this time (backoff). */
  nextAt: number;
}
/** A new chat: clone if needed, its worktree, its opencode session. */
export interface ChatItem extends ItemBase {
  kind: 'chat';
  repo: string;
}
/** A prompt. `messageId` is fixed at the first send, so every retry is the same message. */
export interface PromptItem extends ItemBase {
  kind: 'prompt';
  text: string;
  files: OutgoingFile[];
  model?: { providerID: string; modelID: string };
  agent?: string;
  messageId?: string;
}
export type OutboxItem = ChatItem | PromptItem;

/** A chat as this device knows it; `sessionId` and `directory` arrive once it exists on the server. */
export interface Chat {
  id: string;
  repo: string;
  title: string;
  createdAt: number;
  directory?: string;
  sessionId?: string;
  branch?: string;
}

interface Schema extends DBSchema {
  outbox: { key: number; value: OutboxItem; indexes: { chat: string } };
  chats: { key: string; value: Chat };
  cache: { key: string; value: { messages?: MessageWithParts[]; diff?: Diff; savedAt: number } };
}

let db: Promise<IDBPDatabase<Schema>> | undefined;

export function database(): Promise<IDBPDatabase<Schema>> {
  db ??= openDB<Schema>('dancodes', 1, {
    upgrade(d) {
      const outbox = d.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true });
      outbox.createIndex('chat', 'chatId');
      d.createObjectStore('chats', { keyPath: 'id' });
      d.createObjectStore('cache');
    },
  });
  return db;
}
