/**
 * The one event stream for every chat (opencode's /global/event), read with fetch so a 401 is
 * seen (EventSource hides it). It reconnects with backoff, at once when the network returns or
 * the app becomes visible, and after every (re)connect resyncs all state, because opencode does
 * not replay missed events.
 */
import type { GlobalEvent } from '@opencode-ai/sdk/v2/client';
import { authNeeded, online, stream } from './connection.ts';
import { apply } from './apply.ts';

/** No byte (not even opencode's heartbeat) for this long: the socket is dead (a phone slept). */
const SILENCE_MS = 45_000;
const MAX_BACKOFF_MS = 30_000;

let controller: AbortController | undefined;
let wake: (() => void) | undefined;

export function startEvents(onConnected: () => Promise<void>) {
  const kick = () => {
    if (stream.value.state !== 'live') wake?.();
  };
  addEventListener('online', kick);
  document.addEventListener(
    'visibilitychange',
    () => document.visibilityState === 'visible' && kick(),
  );
  void loop(onConnected);
}

/** Forces a reconnect now (e.g. after login). */
export function reconnectEvents() {
  controller?.abort();
  wake?.();
}

async function loop(onConnected: () => Promise<void>) {
  let attempt = 0;
  for (;;) {
    stream.value = { state: 'connecting', attempt };
    try {
      await connect(onConnected, () => (attempt = 0));
    } catch {
      // fall through to backoff
    }
    stream.value = { state: 'down', attempt };
    attempt++;
    const wait =
      Math.min(MAX_BACKOFF_MS, 500 * 2 ** Math.min(attempt, 6)) * (0.75 + Math.random() / 2);
    await new Promise<void>((r) => {
      const t = setTimeout(r, authNeeded.value ? MAX_BACKOFF_MS : wait);
      wake = () => {
        clearTimeout(t);
        r();
      };
    });
  }
}

async function connect(onConnected: () => Promise<void>, resetBackoff: () => void) {
  controller = new AbortController();
  const res = await fetch('/global/event', {
    headers: { accept: 'text/event-stream' },
    credentials: 'same-origin',
    signal: controller.signal,
    cache: 'no-store',
  });
  if (res.status === 401) {
    authNeeded.value = true;
    return;
  }
  if (!res.ok || !res.body) return;
  online.value = true;
  authNeeded.value = false;
  stream.value = { state: 'live', attempt: 0 };
  resetBackoff();
  // Resync after the stream is open, so nothing between the snapshot and the stream is lost.
  void onConnected().catch(() => undefined);

  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let timer = setTimeout(() => controller?.abort(), SILENCE_MS);
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      clearTimeout(timer);
      timer = setTimeout(() => controller?.abort(), SILENCE_MS);
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block
          .split('\n')
          .filter((l) => l.startsWith('data:'))
          .map((l) => l.slice(5).trimStart())
          .join('\n');
        if (!data) continue;
        try {
          apply(JSON.parse(data) as GlobalEvent);
        } catch (err) {
          console.warn('dancodes: could not apply an event', err);
        }
      }
    }
  } finally {
    clearTimeout(timer);
  }
}
