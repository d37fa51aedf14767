/** Permission requests and agent questions: a run waiting on one is never silent. */
import { useState } from 'preact/hooks';
import { opencode, type PermissionRequest, type QuestionRequest } from '../api/opencode.ts';
import type { Chat } from '../state/chats.ts';
import { permissions, questions } from '../state/activity.ts';

export function PermissionCard({ req, chat }: { req: PermissionRequest; chat: Chat }) {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const answer = async (reply: 'once' | 'always' | 'reject') => {
    setBusy(true);
    try {
      await opencode.replyPermission(chat.directory!, req.id, reply);
      permissions.value = permissions.value.filter((p) => p.id !== req.id);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const command =
    typeof req.metadata.command === 'string' ? req.metadata.command : req.patterns.join(' ');
  return (
    <div class="request" data-permission={req.id}>
      <div>
        <b>{chat.title}</b> asks: <b>{req.permission}</b> <code>{command}</code>
      </div>
      <div class="row">
        <button disabled={busy} onClick={() => answer('once')}>
          once
        </button>
        <button disabled={busy} onClick={() => answer('always')}>
          always
        </button>
        <button disabled={busy} onClick={() => answer('reject')}>
          reject
        </button>
      </div>
      {error && <div class="error">{error}</div>}
    </div>
  );
}

export function QuestionCard({ req, chat }: { req: QuestionRequest; chat: Chat }) {
  const [error, setError] = useState<string>();
  const pick = async (label: string) => {
    try {
      await opencode.replyQuestion(
        chat.directory!,
        req.id,
        req.questions.map(() => [label]),
      );
      questions.value = questions.value.filter((q) => q.id !== req.id);
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <div class="request">
      {req.questions.map((q, i) => (
        <div key={i}>
          <div>
            <b>{chat.title}</b> asks: {q.question}
          </div>
          <div class="row">
            {q.options.map((o) => (
              <button key={o.label} title={o.description} onClick={() => pick(o.label)}>
                {o.label}
              </button>
            ))}
          </div>
        </div>
      ))}
      {error && <div class="error">{error}</div>}
    </div>
  );
}

/** Every waiting request of the given chats. */
export function Requests({ chats }: { chats: Chat[] }) {
  const bySession = new Map(chats.filter((c) => c.sessionId).map((c) => [c.sessionId!, c]));
  return (
    <>
      {permissions.value
        .filter((p) => bySession.has(p.sessionID))
        .map((p) => (
          <PermissionCard key={p.id} req={p} chat={bySession.get(p.sessionID)!} />
        ))}
      {questions.value
        .filter((q) => bySession.has(q.sessionID))
        .map((q) => (
          <QuestionCard key={q.id} req={q} chat={bySession.get(q.sessionID)!} />
        ))}
    </>
  );
}
