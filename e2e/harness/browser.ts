import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, devices, type BrowserContext, type Page } from 'playwright-core';
import type { Stack } from './stack.ts';

/** Debian's Chromium; playwright cannot download browsers on these machines. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags verified on these machines (see shared/browser-testing.md): no sandbox as root, no background traffic. */
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export type Viewport = 'iphone' | 'desktop';

export interface BrowserOptions {
  viewport?: Viewport;
  /** Reuse a profile (IndexedDB, service worker) across launches; default: a fresh temp dir. */
  userDataDir?: string;
  /** Remove SyncManager so the app takes the iOS path (no Background Sync there). Default true. */
  iosLike?: boolean;
}

export interface Browser {
  context: BrowserContext;
  userDataDir: string;
  close(): Promise<void>;
}

/** A persistent Chromium context, so tests can close the app and reopen it with its storage kept. */
export async function launchBrowser(opts: BrowserOptions = {}): Promise<Browser> {
  const userDataDir =
    opts.userDataDir ?? (await fsp.mkdtemp(path.join(os.tmpdir(), 'dancodes-chromium-')));
  const device =
    (opts.viewport ?? 'iphone') === 'iphone'
      ? devices['iPhone 13']
      : {
          viewport: { width: 1280, height: 800 },
          deviceScaleFactor: 1,
          isMobile: false,
          hasTouch: false,
        };
  // The iPhone descriptor says webkit; we drive Chromium with its viewport, touch and user agent.
  const { defaultBrowserType: _ignored, ...descriptor } = device as typeof device & {
    defaultBrowserType?: string;
  };
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    ...descriptor,
  });
  if (opts.iosLike ?? true) {
    await context.addInitScript({ content: 'delete window.SyncManager;' });
  }
  return {
    context,
    userDataDir,
    async close() {
      await context.close();
    },
  };
}

/** Puts a valid session cookie for the stack into the context (skipping the login form). */
export async function signIn(context: BrowserContext, stack: Stack): Promise<void> {
  const value = await stack.login();
  await context.addCookies([
    {
      name: 'dancodes_session',
      value,
      url: stack.url,
      httpOnly: true,
      sameSite: 'Lax',
      // Persistent like the real cookie (30 days), so it survives closing the browser.
      expires: Math.floor(Date.now() / 1000) + 30 * 24 * 3600,
    },
  ]);
}

/** Where tests save screenshots (gitignored). */
export const SCREENSHOTS = path.resolve(
  import.meta.dirname,
  '..',
  '..',
  'test-results',
  'screenshots',
);

/** Keeps what the page showed when a test failed: a screenshot and its text, under SCREENSHOTS. */
export async function keepEvidence(page: Page | undefined, testName: string): Promise<void> {
  if (!page || page.isClosed()) return;
  await fsp.mkdir(SCREENSHOTS, { recursive: true });
  const name = `failed-${testName.replace(/\W+/g, '-').slice(0, 60)}`;
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) }).catch(() => undefined);
  const text = await page.innerText('body').catch(() => '');
  await fsp.writeFile(path.join(SCREENSHOTS, `${name}.txt`), text).catch(() => undefined);
}
