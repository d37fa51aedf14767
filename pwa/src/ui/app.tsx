/** The shell: top bar, sidebar, the open chat (or the repo picker), banners. */
import { useEffect, useState } from 'preact/hooks';
import { chatId } from '../api/ids.ts';
import {
  current,
  currentRepo,
  chatsOfRepo,
  chooseRepo,
  openChat,
  saveChat,
} from '../state/chats.ts';
import { authNeeded, fromCache, loginUrl, online, stream } from '../state/connection.ts';
import { markSeen } from '../state/activity.ts';
import { loadCachedMessages, loadMessages } from '../state/sync.ts';
import { enqueueChat, outbox } from '../offline/outbox.ts';
import { applyUpdate, updateReady } from '../offline/updates.ts';
import { ChatView } from './chat.tsx';
import { DiffView, Menu } from './menu.tsx';
import { RepoPicker } from './repo-picker.tsx';
import { Sidebar } from './sidebar.tsx';
import { serverVersion } from './version.ts';

/** opencode's own web UI addresses a chat by its base64url directory and session id. */
const opencodeUiUrl = (dir: string, id: string) =>
  `/${btoa(String.fromCharCode(...new TextEncoder().encode(dir)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '')}/session/${id}`;

export async function newChat() {
  const repo = currentRepo.value;
  if (!repo) return false;
  const chat = { id: chatId(), repo, title: 'New chat', createdAt: Date.now() };
  await saveChat(chat);
  await enqueueChat(chat.id, repo);
  openChat(chat);
  return true;
}

function useSwipe(setOpen: (open: boolean) => void) {
  useEffect(() => {
    let start: { x: number; y: number } | undefined;
    const down = (e: TouchEvent) => {
      const t = e.touches[0]!;
      start = { x: t.clientX, y: t.clientY };
    };
    const up = (e: TouchEvent) => {
      const t = e.changedTouches[0]!;
      if (!start) return;
      const dx = t.clientX - start.x;
      const dy = Math.abs(t.clientY - start.y);
      if (dx > 70 && dy < 50 && start.x < 40) setOpen(true);
      if (dx < -70 && dy < 50) setOpen(false);
      start = undefined;
    };
    addEventListener('touchstart', down, { passive: true });
    addEventListener('touchend', up, { passive: true });
    return () => {
      removeEventListener('touchstart', down);
      removeEventListener('touchend', up);
    };
  }, []);
}

export function App() {
  const [sidebar, setSidebar] = useState(false);
  const [picker, setPicker] = useState(false);
  const [menu, setMenu] = useState(false);
  const [diff, setDiff] = useState(false);
  const chat = current.value;
  useSwipe(setSidebar);

  useEffect(() => {
    if (!chat?.sessionId) return;
    markSeen(chat.id);
    void loadCachedMessages(chat.sessionId);
    if (chat.directory)
      void loadMessages(chat.sessionId, chat.directory).catch(() => (fromCache.value = true));
  }, [chat?.id, chat?.sessionId]);

  const showPicker = picker || !currentRepo.value;
  const queued = outbox.value.length;
  return (
    <div class="app">
      <header class="topbar">
        <button aria-label="chats" onClick={() => setSidebar(!sidebar)}>
          ☰
        </button>
        <div class="grow title">
          <div>{chat?.title ?? currentRepo.value ?? 'dancodes'}</div>
          <div class="dim small">
            dancodes {serverVersion.value}
            {chat?.directory && chat.sessionId && (
              <>
                {' · '}
                <a
                  href={opencodeUiUrl(chat.directory, chat.sessionId)}
                  target="_blank"
                  rel="noopener"
                >
                  opencode
                </a>
              </>
            )}
          </div>
        </div>
        {chat && (
          <button aria-label="menu" onClick={() => setMenu(!menu)}>
            ⋮
          </button>
        )}
        <button aria-label="new chat" onClick={async () => (await newChat()) || setPicker(true)}>
          +
        </button>
      </header>
      {authNeeded.value && (
        <div class="banner warn">
          Your login expired; {queued} item(s) wait. <a href={loginUrl()}>Log in</a>
        </div>
      )}
      {!online.value && (
        <div class="banner">
          offline{queued ? `: ${queued} item(s) queued, sent when back online` : ''}
        </div>
      )}
      {online.value && stream.value.state === 'down' && <div class="banner">reconnecting…</div>}
      {updateReady.value && (
        <div class="banner">
          A new version is ready. <button onClick={applyUpdate}>Reload</button>
        </div>
      )}
      {menu && chat && (
        <Menu
          chat={chat}
          onClose={() => setMenu(false)}
          onDiff={() => {
            setMenu(false);
            setDiff(true);
          }}
        />
      )}
      <Sidebar
        open={sidebar}
        onClose={() => setSidebar(false)}
        onPickRepo={() => (setPicker(true), setSidebar(false))}
      />
      <main class="main">
        {showPicker ? (
          <RepoPicker
            onClose={currentRepo.value ? () => setPicker(false) : undefined}
            onPick={(repo) => {
              chooseRepo(repo);
              setPicker(false);
            }}
          />
        ) : diff && chat ? (
          <DiffView chat={chat} onClose={() => setDiff(false)} />
        ) : chat ? (
          <ChatView chat={chat} />
        ) : (
          <div class="empty">
            {chatsOfRepo.value.length
              ? 'Pick a chat from the sidebar, or '
              : 'No chats yet in this repo: '}
            <button onClick={newChat}>start one</button>
          </div>
        )}
      </main>
    </div>
  );
}
