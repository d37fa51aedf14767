/**
 * The text being typed per chat, shared across tabs last-write-wins through localStorage (its
 * `storage` event tells the other tabs), so a draft survives a reload and follows to a second tab.
 */
import { signal } from '@preact/signals';

const KEY = (chatId: string) => `dancodes:draft:${chatId}`;
export const draftVersion = signal(0);

export function draft(chatId: string): string {
  return localStorage.getItem(KEY(chatId)) ?? '';
}

export function setDraft(chatId: string, text: string) {
  try {
    if (text) localStorage.setItem(KEY(chatId), text);
    else localStorage.removeItem(KEY(chatId));
  } catch {
    // storage full: the textarea still holds the text
  }
}

addEventListener('storage', (e) => {
  if (e.key?.startsWith('dancodes:draft:')) draftVersion.value++;
});
