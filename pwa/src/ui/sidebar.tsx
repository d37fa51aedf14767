/** Every chat with its live status, queued count and unread mark; requests answerable here. */
import { chats, chatsOfRepo, currentId, currentRepo, openChat, type Chat } from '../state/chats.ts';
import { lastActivity, seen, statusOf } from '../state/activity.ts';
import { outbox } from '../offline/outbox.ts';
import { Requests } from './requests.tsx';

const LABEL = { needs: 'needs you', running: 'running', failed: 'failed', idle: 'idle' } as const;

function Row({ chat, onPick }: { chat: Chat; onPick: () => void }) {
  const status = statusOf.value(chat.sessionId);
  const queued = outbox.value.filter((i) => i.chatId === chat.id && i.kind === 'prompt').length;
  const activity = chat.sessionId ? lastActivity.value[chat.sessionId] : undefined;
  const unread =
    chat.id !== currentId.value && activity !== undefined && activity > (seen.value[chat.id] ?? 0);
  return (
    <li>
      <button
        class={`chat-row ${chat.id === currentId.value ? 'active' : ''}`}
        data-chat={chat.id}
        onClick={onPick}
      >
        <span class="title">
          {unread && (
            <span class="unread" aria-label="unread">
              •{' '}
            </span>
          )}
          {chat.title}
        </span>
        <span class={`status ${status}`} data-status={status}>
          {LABEL[status]}
          {queued > 0 && <span class="queued-count"> · {queued} queued</span>}
          {!chat.sessionId && <span> · not created yet</span>}
        </span>
      </button>
    </li>
  );
}

export function Sidebar({
  open,
  onClose,
  onPickRepo,
}: {
  open: boolean;
  onClose: () => void;
  onPickRepo: () => void;
}) {
  const list = chatsOfRepo.value;
  const others = chats.value.filter((c) => c.repo !== currentRepo.value);
  return (
    <>
      {open && <div class="scrim" onClick={onClose} />}
      <nav class={`sidebar ${open ? 'open' : ''}`} aria-label="chats" aria-hidden={!open}>
        <button class="repo" onClick={onPickRepo}>
          {currentRepo.value ?? 'pick a repo'} ▾
        </button>
        <Requests chats={chats.value} />
        <ul>
          {list.map((c) => (
            <Row key={c.id} chat={c} onPick={() => (openChat(c), onClose())} />
          ))}
        </ul>
        {others.length > 0 && (
          <>
            <div class="dim section">other repos</div>
            <ul>
              {others.map((c) => (
                <Row key={c.id} chat={c} onPick={() => (openChat(c), onClose())} />
              ))}
            </ul>
          </>
        )}
      </nav>
    </>
  );
}
