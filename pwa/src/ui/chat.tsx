/** The open chat: messages, queued prompts, waiting requests, and the input. */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { Chat } from '../state/chats.ts';
import { messagesOf } from '../state/messages.ts';
import { fromCache } from '../state/connection.ts';
import { cancelItem, editPrompt, outbox, progress, retryItem } from '../offline/outbox.ts';
import type { OutboxItem } from '../offline/db.ts';
import { MessageView } from './message.tsx';
import { Requests } from './requests.tsx';
import { Composer } from './composer.tsx';

/** Rendered at first; older messages on request, so a 1,000-message chat opens at once. */
const WINDOW = 60;

function Queued({ item }: { item: OutboxItem }) {
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(item.kind === 'prompt' ? item.text : '');
  const p = progress.value[item.seq!];
  const label = item.kind === 'chat' ? `new chat in ${item.repo}` : item.text;
  const state =
    p ??
    (item.state === 'failed'
      ? `failed: ${item.error}`
      : item.error
        ? `${item.state} (${item.error})`
        : item.state);
  const editable = item.kind === 'prompt' && !item.messageId;
  return (
    <div class={`queued ${item.state}`} data-outbox={item.seq}>
      {editing ? (
        <>
          <textarea value={text} onInput={(e) => setText(e.currentTarget.value)} />
          <button onClick={async () => setEditing(!(await editPrompt(item.seq!, text)))}>
            save
          </button>
        </>
      ) : (
        <pre>&gt; {label}</pre>
      )}
      {item.kind === 'prompt' && item.files.length > 0 && (
        <div class="dim">{item.files.length} photo(s)</div>
      )}
      <div class="row">
        <span class="state">{state}</span>
        {editable && !editing && <button onClick={() => setEditing(true)}>edit</button>}
        {item.state === 'failed' && <button onClick={() => retryItem(item.seq!)}>retry</button>}
        {(editable || item.state === 'failed') && (
          <button onClick={() => cancelItem(item.seq!)}>cancel</button>
        )}
      </div>
    </div>
  );
}

export function ChatView({ chat }: { chat: Chat }) {
  const list = chat.sessionId ? messagesOf(chat.sessionId).list.value : [];
  const [shown, setShown] = useState(WINDOW);
  const scroller = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const [showJump, setShowJump] = useState(false);
  const queued = outbox.value.filter((i) => i.chatId === chat.id);

  useEffect(() => {
    setShown(WINDOW);
    atBottom.current = true;
  }, [chat.id]);

  // Follow new content only while the user is at the bottom.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && atBottom.current) el.scrollTop = el.scrollHeight;
  });
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const observer = new MutationObserver(() => {
      if (atBottom.current) el.scrollTop = el.scrollHeight;
    });
    observer.observe(el, { childList: true, subtree: true, characterData: true });
    return () => observer.disconnect();
  }, [chat.id]);

  const onScroll = () => {
    const el = scroller.current!;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
    setShowJump(!atBottom.current);
  };
  const visible = list.slice(-shown);

  return (
    <div class="chat">
      <div class="messages" ref={scroller} onScroll={onScroll}>
        {fromCache.value && (
          <div class="banner">offline: showing the copy saved on this device</div>
        )}
        {list.length > visible.length && (
          <button class="earlier" onClick={() => setShown(shown + WINDOW)}>
            show {Math.min(WINDOW, list.length - visible.length)} earlier of{' '}
            {list.length - visible.length}
          </button>
        )}
        {visible.map((e) => (
          <MessageView key={e.id} entry={e} />
        ))}
        {queued.map((i) => (
          <Queued key={i.seq} item={i} />
        ))}
        <Requests chats={[chat]} />
      </div>
      {showJump && (
        <button
          class="jump"
          aria-label="scroll to bottom"
          onClick={() => {
            const el = scroller.current!;
            el.scrollTop = el.scrollHeight;
            atBottom.current = true;
            setShowJump(false);
          }}
        >
          ↓
        </button>
      )}
      <Composer chat={chat} />
    </div>
  );
}
