/**
 * The chats: each a worktree of a repo with its opencode session. The server's list (the sidecar's
 * worktrees) is merged with chats created on this device that are still in the outbox.
 */
import { computed, signal } from '@preact/signals';
import { admin, type Worktree } from '../api/admin.ts';
import { ApiError } from '../api/errors.ts';
import { database, type Chat } from '../offline/db.ts';
import { authNeeded, fromCache, online } from './connection.ts';
import { prefs } from './prefs.ts';

export type { Chat };
export const chats = signal<Chat[]>([]);
export const currentId = signal<string | undefined>(undefined);
export const currentRepo = signal<string | undefined>(prefs.lastRepo());
export const current = computed(() => chats.value.find((c) => c.id === currentId.value));
export const chatsOfRepo = computed(() =>
  chats.value.filter((c) => c.repo === currentRepo.value).sort((a, b) => b.createdAt - a.createdAt),
);

const fromWorktree = (w: Worktree, known?: Chat): Chat => ({
  id: w.id,
  repo: w.repo,
  directory: w.path,
  branch: w.branch,
  sessionId: w.sessions[0]?.id ?? known?.sessionId,
  title: w.sessions[0]?.title || known?.title || w.branch,
  createdAt: Date.parse(w.createdAt) || known?.createdAt || Date.now(),
});

export async function loadCachedChats() {
  const db = await database();
  chats.value = await db.getAll('chats');
}

/** Refreshes from the sidecar; chats still queued on this device are kept. */
export async function refreshChats(): Promise<void> {
  const db = await database();
  let worktrees: Worktree[];
  try {
    worktrees = await admin.worktrees();
  } catch (err) {
    if (err instanceof ApiError && err.kind === 'auth') authNeeded.value = true;
    // Unreachable: the app is offline as far as the user is concerned; what shows is the cache.
    if (err instanceof ApiError && err.kind === 'transient') {
      online.value = false;
      fromCache.value = true;
    }
    throw err;
  }
  online.value = true;
  fromCache.value = false;
  const known = new Map((await db.getAll('chats')).map((c) => [c.id, c]));
  const queued = new Set(
    (await db.getAllFromIndex('outbox', 'chat'))
      .filter((i) => i.kind === 'chat')
      .map((i) => i.chatId),
  );
  const next = worktrees.map((w) => fromWorktree(w, known.get(w.id)));
  const onServer = new Set(next.map((c) => c.id));
  for (const c of known.values()) if (!onServer.has(c.id) && queued.has(c.id)) next.push(c);
  const tx = db.transaction('chats', 'readwrite');
  await tx.store.clear();
  for (const c of next) await tx.store.put(c);
  await tx.done;
  chats.value = next;
}

export async function saveChat(chat: Chat) {
  const db = await database();
  await db.put('chats', chat);
  chats.value = [...chats.value.filter((c) => c.id !== chat.id), chat];
}

export function updateTitle(sessionId: string, title: string) {
  const chat = chats.value.find((c) => c.sessionId === sessionId);
  if (chat && chat.title !== title) void saveChat({ ...chat, title });
}

export function openChat(chat: Chat | undefined) {
  currentId.value = chat?.id;
  if (chat) {
    currentRepo.value = chat.repo;
    prefs.setLastRepo(chat.repo);
    prefs.setLastChat(chat.repo, chat.id);
    if (location.hash !== `#/chat/${chat.id}`) history.replaceState(null, '', `#/chat/${chat.id}`);
  }
}

export function chooseRepo(repo: string) {
  currentRepo.value = repo;
  prefs.setLastRepo(repo);
  const last = prefs.lastChat(repo);
  openChat(chatsOfRepo.value.find((c) => c.id === last) ?? chatsOfRepo.value[0]);
}
