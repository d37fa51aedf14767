/// <reference lib="webworker" />
/**
 * The service worker: the app shell from the precache, so dancodes opens with no network. Only
 * the app's own navigations (`/`; chats live in the URL hash) fall back to the shell. Nothing
 * else is routed here, so /auth, /admin, opencode's API and its event streams always go to the
 * network and are never cached.
 */
import {
  cleanupOutdatedCaches,
  createHandlerBoundToURL,
  precacheAndRoute,
} from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';

declare const self: ServiceWorkerGlobalScope & {
  __WB_MANIFEST: Array<{ url: string; revision: string | null }>;
};

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
registerRoute(
  new NavigationRoute(createHandlerBoundToURL('index.html'), {
    allowlist: [/^\/$/, /^\/index\.html$/],
  }),
);

// A new version waits until the user taps "Reload" (see src/offline/updates.ts).
self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});
