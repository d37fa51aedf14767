import { render } from 'preact';
import { App } from '../ui/app.tsx';
import {
  chats,
  chatsOfRepo,
  currentRepo,
  loadCachedChats,
  current,
  openChat,
  refreshChats,
  saveChat,
} from '../state/chats.ts';
import { startEvents } from '../state/events.ts';
import { loadCatalog } from '../state/catalog.ts';
import { loadMessages, resync } from '../state/sync.ts';
import { prefs } from '../state/prefs.ts';
import { retryNow, startOutbox } from '../offline/outbox.ts';
import { registerServiceWorker } from '../offline/updates.ts';
import { loadVersion } from '../ui/version.ts';
import { loadMarkdown } from '../ui/message.tsx';
import '../ui/styles.css';

/** The chat to land in: the one in the address, else the last used one of the last repo. */
function restore() {
  const fromHash = /^#\/chat\/(.+)$/.exec(location.hash)?.[1];
  const byHash = chats.value.find((c) => c.id === fromHash);
  if (byHash) return openChat(byHash);
  const repo = currentRepo.value;
  if (!repo) return;
  const last = prefs.lastChat(repo);
  openChat(chatsOfRepo.value.find((c) => c.id === last) ?? chatsOfRepo.value[0]);
}

async function boot() {
  registerServiceWorker();
  await loadCachedChats();
  restore();
  render(<App />, document.getElementById('app')!);
  void loadMarkdown();
  // Learn at once whether the server answers (the stream may take a while to give up).
  void refreshChats().catch(() => undefined);
  startOutbox((chat) => {
    void saveChat(chat);
    if (current.value?.id === chat.id && chat.sessionId && chat.directory)
      void loadMessages(chat.sessionId, chat.directory).catch(() => undefined);
  });
  let first = true;
  startEvents(async () => {
    retryNow();
    await resync();
    if (first) {
      first = false;
      if (!current.value) restore();
      void loadCatalog(current.value?.directory).catch(() => undefined);
    }
  });
  void loadVersion();
}

void boot();
