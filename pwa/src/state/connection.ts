/** What the app knows about reaching the server. */
import { signal } from '@preact/signals';

/** The browser's own idea (navigator.onLine), corrected by real request outcomes. */
export const online = signal(navigator.onLine);
/** A request answered 401: the login expired; the outbox waits and the UI asks to log in. */
export const authNeeded = signal(false);
/** The one event stream: live, connecting (with the attempt), or down. */
export const stream = signal<{ state: 'live' | 'connecting' | 'down'; attempt: number }>({
  state: 'connecting',
  attempt: 0,
});
/** Data on screen came from the device's cache, not the server. */
export const fromCache = signal(false);

addEventListener('online', () => (online.value = true));
addEventListener('offline', () => (online.value = false));

export function loginUrl(): string {
  return `/auth/login?next=${encodeURIComponent(location.pathname + location.hash)}`;
}
