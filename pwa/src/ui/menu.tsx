/** The three-dots menu: branch, share, rename, and the worktree's diff. */
import { useState } from 'preact/hooks';
import { admin, type Diff } from '../api/admin.ts';
import { opencode } from '../api/opencode.ts';
import { database } from '../offline/db.ts';
import { saveChat, type Chat } from '../state/chats.ts';
import { DiffText } from './message.tsx';

async function copy(text: string) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

export function DiffView({ chat, onClose }: { chat: Chat; onClose: () => void }) {
  const [diff, setDiff] = useState<Diff | undefined>();
  const [note, setNote] = useState<string>();
  const [asked, setAsked] = useState(false);
  if (!asked) {
    setAsked(true);
    void (async () => {
      const db = await database();
      const key = `diff:${chat.id}`;
      try {
        const d = await admin.diff(chat.repo, chat.id);
        setDiff(d);
        await db.put('cache', { diff: d, savedAt: Date.now() }, key);
      } catch (e) {
        const cached = await db.get('cache', key);
        if (cached?.diff) {
          setDiff(cached.diff);
          setNote(`offline: diff saved ${new Date(cached.savedAt).toLocaleString()}`);
        } else setNote((e as Error).message);
      }
    })();
  }
  return (
    <div class="sheet diff-view">
      <div class="row">
        <h2 class="grow">Changes vs {diff?.base ?? '…'}</h2>
        <button onClick={onClose}>close</button>
      </div>
      {note && <div class="banner">{note}</div>}
      {diff && (
        <>
          <ul class="files">
            {diff.files.map((f) => (
              <li key={f.path}>
                <span class={`st ${f.status}`}>{f.status[0]!.toUpperCase()}</span> {f.path}{' '}
                <span class="add">+{f.additions}</span> <span class="del">-{f.deletions}</span>
              </li>
            ))}
            {diff.files.length === 0 && <li class="dim">no changes</li>}
          </ul>
          <DiffText text={diff.patch} />
          {diff.truncated && <div class="dim">(patch truncated)</div>}
        </>
      )}
    </div>
  );
}

export function Menu({
  chat,
  onDiff,
  onClose,
}: {
  chat: Chat;
  onDiff: () => void;
  onClose: () => void;
}) {
  const [note, setNote] = useState<string>();
  const ready = chat.sessionId && chat.directory;
  const run = async (what: () => Promise<string | undefined>) => {
    try {
      const said = await what();
      if (said) setNote(said);
      else onClose();
    } catch (e) {
      setNote((e as Error).message);
    }
  };
  return (
    <div class="menu" role="menu">
      <button
        role="menuitem"
        onClick={() =>
          run(async () =>
            (await copy(chat.branch ?? '')) ? 'branch copied' : `branch: ${chat.branch}`,
          )
        }
      >
        copy branch <code>{chat.branch ?? '…'}</code>
      </button>
      <button
        role="menuitem"
        disabled={!ready}
        onClick={() =>
          run(async () => {
            const s = await opencode.share(chat.directory!, chat.sessionId!);
            const url = (s as { share?: { url?: string } }).share?.url ?? '';
            return (await copy(url)) ? `share link copied: ${url}` : `share link: ${url}`;
          })
        }
      >
        share session
      </button>
      <button
        role="menuitem"
        disabled={!ready}
        onClick={() =>
          run(async () => {
            const title = prompt('Rename chat', chat.title)?.trim();
            if (!title) return undefined;
            await opencode.rename(chat.directory!, chat.sessionId!, title);
            await saveChat({ ...chat, title });
            return undefined;
          })
        }
      >
        rename
      </button>
      <button role="menuitem" disabled={!chat.directory} onClick={onDiff}>
        git stat / diff
      </button>
      {note && <div class="note">{note}</div>}
    </div>
  );
}
