/**
 * The service worker's updates: a new version waits until the user taps "Reload" (never reloads
 * by itself, so nothing being typed is lost).
 */
import { signal } from '@preact/signals';
import { Workbox } from 'workbox-window';

export const updateReady = signal(false);
let wb: Workbox | undefined;

export function registerServiceWorker() {
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;
  wb = new Workbox('/sw.js', { scope: '/' });
  wb.addEventListener('waiting', () => (updateReady.value = true));
  void wb
    .register()
    .catch((err: unknown) => console.warn('dancodes: service worker not registered', err));
}

export function applyUpdate() {
  if (!wb) return;
  wb.addEventListener('controlling', () => location.reload());
  wb.messageSkipWaiting();
}
