/** One message: the user's prompt, or the assistant's text, tool calls, edits and todos. */
import { memo } from 'preact/compat';
import { useMemo } from 'preact/hooks';
import type { Part } from '../api/opencode.ts';
import type { Entry } from '../state/messages.ts';
import { describeError } from '../state/activity.ts';
import { signal } from '@preact/signals';

/**
 * The markdown renderer (marked + DOMPurify) is a third of the app's weight: it loads right after
 * the first paint, and until then text shows as plain text.
 */
const renderer = signal<((text: string) => string) | undefined>(undefined);
export const loadMarkdown = () =>
  import('./markdown.ts').then((m) => (renderer.value = m.renderMarkdown));

function Markdown({ text }: { text: string }) {
  const render = renderer.value;
  const html = useMemo(() => render?.(text), [text, render]);
  return html === undefined ? (
    <pre class="md">{text}</pre>
  ) : (
    <div class="md" dangerouslySetInnerHTML={{ __html: html }} />
  );
}

/** Long output shown in full, collapsible with a tap. */
function Block({ label, text, cls }: { label: string; text: string; cls?: string }) {
  return (
    <details class="block" open>
      <summary>{label}</summary>
      <pre class={cls}>{text}</pre>
    </details>
  );
}

/** A unified diff, lines colored by what they do. */
export function DiffText({ text }: { text: string }) {
  return (
    <pre class="diff">
      {text.split('\n').map((line, i) => (
        <div
          key={i}
          class={
            line.startsWith('+')
              ? 'add'
              : line.startsWith('-')
                ? 'del'
                : line.startsWith('@@')
                  ? 'hunk'
                  : ''
          }
        >
          {line || ' '}
        </div>
      ))}
    </pre>
  );
}

interface Todo {
  content: string;
  status: string;
}

function Tool({ part }: { part: Extract<Part, { type: 'tool' }> }) {
  const s = part.state;
  const input = s.input as Record<string, unknown>;
  const meta = ('metadata' in s ? s.metadata : undefined) as Record<string, unknown> | undefined;
  const title =
    ('title' in s && s.title) || String(input.filePath ?? input.command ?? input.description ?? '');
  const mark = s.status === 'completed' ? '●' : s.status === 'error' ? '✕' : '○';
  let body;
  if (part.tool === 'todowrite' && Array.isArray(input.todos)) {
    body = (
      <ul class="todos">
        {(input.todos as Todo[]).map((t, i) => (
          <li key={i} class={t.status}>
            {t.status === 'completed' ? '[x]' : t.status === 'in_progress' ? '[~]' : '[ ]'}{' '}
            {t.content}
          </li>
        ))}
      </ul>
    );
  } else if (typeof meta?.diff === 'string') {
    body = <DiffText text={meta.diff} />;
  } else if (part.tool === 'write' && typeof input.content === 'string') {
    body = (
      <DiffText
        text={input.content
          .split('\n')
          .map((l) => `+${l}`)
          .join('\n')}
      />
    );
  } else {
    const shown =
      part.tool === 'bash' ? String(input.command ?? '') : JSON.stringify(input, null, 2);
    body = (
      <>
        {shown && <Block label="input" text={shown} />}
        {s.status === 'completed' && s.output && <Block label="output" text={s.output} />}
        {s.status === 'running' && typeof meta?.output === 'string' && (
          <Block label="output" text={meta.output} />
        )}
      </>
    );
  }
  return (
    <div class={`tool ${s.status}`}>
      <div class="tool-head">
        {mark} <b>{part.tool}</b> {title}
      </div>
      {body}
      {s.status === 'error' && <pre class="error">{s.error}</pre>}
    </div>
  );
}

function PartView({ part, user }: { part: Part; user: boolean }) {
  switch (part.type) {
    case 'text':
      if (part.synthetic) return null;
      return user ? <pre class="user-text">{part.text}</pre> : <Markdown text={part.text} />;
    case 'reasoning':
      return part.text ? <Block label="thinking" text={part.text} cls="dim" /> : null;
    case 'tool':
      return <Tool part={part} />;
    case 'file':
      return part.mime.startsWith('image/') ? (
        <img class="attachment" src={part.url} alt={part.filename ?? 'image'} />
      ) : (
        <div class="dim">[file {part.filename}]</div>
      );
    default:
      return null;
  }
}

export const MessageView = memo(function MessageView({ entry }: { entry: Entry }) {
  const info = entry.info.value;
  const parts = entry.parts.value;
  const user = info.role === 'user';
  const error = info.role === 'assistant' ? describeError(info.error) : undefined;
  const aborted = info.role === 'assistant' && info.error?.name === 'MessageAbortedError';
  return (
    <article class={`msg ${info.role}`} data-id={entry.id}>
      {user && <span class="prompt-mark">&gt; </span>}
      {parts.map((p) => (
        <PartView key={p.id} part={p} user={user} />
      ))}
      {error && <div class="error">✕ {error}</div>}
      {aborted && <div class="dim">stopped</div>}
    </article>
  );
});
