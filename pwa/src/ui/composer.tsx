/** The input area: text, photos, model and agent pickers, send and stop. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { opencode } from '../api/opencode.ts';
import type { Chat } from '../state/chats.ts';
import { agents, defaultModel, models } from '../state/catalog.ts';
import { statusOf } from '../state/activity.ts';
import { draft, draftVersion, setDraft } from '../state/drafts.ts';
import { prefs } from '../state/prefs.ts';
import { enqueuePrompt } from '../offline/outbox.ts';
import type { OutgoingFile } from '../offline/db.ts';
import { downscale } from './photo.ts';

export function Composer({ chat }: { chat: Chat }) {
  const [text, setText] = useState(() => draft(chat.id));
  const [files, setFiles] = useState<OutgoingFile[]>([]);
  const [error, setError] = useState<string>();
  const [model, setModel] = useState(prefs.model());
  const [agent, setAgent] = useState(prefs.agent());
  const input = useRef<HTMLTextAreaElement>(null);
  const running = statusOf.value(chat.sessionId) === 'running';
  const version = draftVersion.value;

  useEffect(() => {
    setText(draft(chat.id));
    input.current?.focus({ preventScroll: true });
  }, [chat.id, version]);

  // No choice: opencode's configured default (sent as no model at all).
  const chosenModel = model;
  const send = async () => {
    const body = text.trim();
    if (!body && !files.length) return;
    setError(undefined);
    // Cleared at once, so whatever is typed next is never wiped by this send finishing.
    const sent = { text, files };
    setText('');
    setFiles([]);
    setDraft(chat.id, '');
    try {
      await enqueuePrompt(chat.id, {
        text: body,
        files: sent.files,
        model: chosenModel
          ? { providerID: chosenModel.providerID, modelID: chosenModel.modelID }
          : undefined,
        agent,
      });
    } catch (err) {
      // Nothing is lost: the text goes back into the box.
      setText(sent.text);
      setFiles(sent.files);
      setDraft(chat.id, sent.text);
      setError(`could not queue the prompt: ${(err as Error).message}`);
    }
  };
  const stop = async () => {
    try {
      if (chat.sessionId && chat.directory) await opencode.abort(chat.directory, chat.sessionId);
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const addPhotos = async (list: FileList | null) => {
    try {
      const added = await Promise.all([...(list ?? [])].map(downscale));
      setFiles([...files, ...added]);
    } catch {
      setError('that file could not be read as an image');
    }
  };

  return (
    <div class="composer">
      {files.length > 0 && (
        <div class="row thumbs">
          {files.map((f, i) => (
            <button
              key={i}
              class="thumb"
              aria-label="remove photo"
              onClick={() => setFiles(files.filter((_, j) => j !== i))}
            >
              <img src={f.url} alt={f.filename} />
            </button>
          ))}
        </div>
      )}
      {error && <div class="error">{error}</div>}
      <textarea
        ref={input}
        name="prompt"
        rows={2}
        placeholder="Ask the agent…"
        value={text}
        onInput={(e) => {
          setText(e.currentTarget.value);
          setDraft(chat.id, e.currentTarget.value);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) void send();
        }}
      />
      <div class="row controls">
        <select
          aria-label="model"
          value={chosenModel ? `${chosenModel.providerID}/${chosenModel.modelID}` : ''}
          onChange={(e) => {
            const m = models.value.find(
              (x) => `${x.providerID}/${x.modelID}` === e.currentTarget.value,
            );
            setModel(m);
            prefs.setModel(m);
          }}
        >
          <option value="">default{defaultModel.value ? ` (${defaultModel.value})` : ''}</option>
          {models.value.map((m) => (
            <option key={m.label} value={m.label}>
              {m.label}
            </option>
          ))}
        </select>
        <select
          aria-label="agent"
          value={agent}
          onChange={(e) => {
            setAgent(e.currentTarget.value);
            prefs.setAgent(e.currentTarget.value);
          }}
        >
          {(agents.value.length ? agents.value : [{ name: agent }]).map((a) => (
            <option key={a.name} value={a.name}>
              {a.name}
            </option>
          ))}
        </select>
        <label class="button" aria-label="add photo">
          ▣
          <input
            type="file"
            accept="image/*"
            multiple
            hidden
            onChange={(e) => addPhotos(e.currentTarget.files)}
          />
        </label>
        <span class="grow" />
        {running && (
          <button class="stop" onClick={stop}>
            stop
          </button>
        )}
        <button class="send" onClick={send}>
          send
        </button>
      </div>
    </div>
  );
}
