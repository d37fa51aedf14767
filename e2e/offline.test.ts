/**
 * The offline promise, in real Chromium against the real stack: the app opens with no network,
 * shows what it saved, queues prompts and new chats, and when the network returns every queued
 * item reaches opencode exactly once, in order per chat.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startStack, type Stack } from './harness/stack.ts';
import { makeRemote } from './harness/git.ts';
import { keepEvidence, launchBrowser, signIn, type Browser } from './harness/browser.ts';
import {
  cloneRepo,
  newChat,
  outboxCount,
  openSidebar,
  promptsIn,
  send,
  serverChats,
  type ServerChat,
} from './harness/app.ts';

let stack: Stack;
let remotes: string;
let profile: string;
let browser: Browser;
let page: Page;
let chats: ServerChat[];

const visible = () => page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
/** Polls what opencode holds for a chat until it equals `expected` (then it must stay so). */
async function expectPrompts(chat: ServerChat, expected: string[]) {
  await expect
    .poll(() => promptsIn(stack, chat), { timeout: 120_000, interval: 500 })
    .toEqual(expected);
}
/** Nothing left in the page's outbox (IndexedDB). */
async function drained(p: Page = page) {
  await expect.poll(() => outboxCount(p), { timeout: 120_000, interval: 300 }).toBe(0);
}

async function openBrowser() {
  browser = await launchBrowser({ viewport: 'iphone', userDataDir: profile });
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
}

beforeAll(async () => {
  remotes = await fs.mkdtemp(path.join(os.tmpdir(), 'dancodes-remotes-'));
  profile = await fs.mkdtemp(path.join(os.tmpdir(), 'dancodes-profile-'));
  await makeRemote(remotes, 'octo/app');
  stack = await startStack({ env: { GITHUB_URL: remotes } });
  await cloneRepo(stack, 'octo/app');

  await openBrowser();
  await signIn(browser.context, stack);
  await page.goto(stack.url);
  await page.locator('.repo-row[data-repo="octo/app"]').click();
  await newChat(page);
  await send(page, 'first online');
  await page.locator('.msg.assistant', { hasText: 'You said: first online' }).waitFor();
  await newChat(page);
  await send(page, 'second online');
  await page.locator('.msg.assistant', { hasText: 'You said: second online' }).waitFor();
  chats = await serverChats(stack);
  // The first visit installs the service worker; from the next load on it controls the page.
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await page.reload();
  await page.waitForFunction(() => !!navigator.serviceWorker.controller);
  await page.locator('.msg.assistant', { hasText: 'You said: second online' }).waitFor();
});

afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') await keepEvidence(page, ctx.task.name);
});

afterAll(async () => {
  await browser?.close();
  await stack?.dispose();
  await fs.rm(remotes, { recursive: true, force: true });
  await fs.rm(profile, { recursive: true, force: true });
});

describe('offline', () => {
  it('reloads with no network from the service worker, shows saved chats, and replays queued prompts and a new chat exactly once, in order', async () => {
    const [one, two] = chats as [ServerChat, ServerChat];
    await browser.context.setOffline(true);
    await page.reload();
    await page.locator('.banner', { hasText: 'offline' }).first().waitFor();
    // Saved on the device: the chat list and the open chat's messages.
    await page.locator('.msg.assistant', { hasText: 'You said: second online' }).waitFor();
    await page.locator('.banner', { hasText: 'saved on this device' }).waitFor();
    await send(page, 'queued A1');
    await send(page, 'queued A2');
    await openSidebar(page);
    await page.locator('.chat-row', { hasText: '2 queued' }).waitFor();
    await page.locator(`.chat-row[data-chat="${one.id}"]`).click();
    await page.locator('.msg.assistant', { hasText: 'You said: first online' }).waitFor();
    await send(page, 'queued B1');
    await newChat(page, false);
    await send(page, 'queued C1');
    await page.locator('.queued', { hasText: 'new chat in octo/app' }).waitFor();
    expect(await promptsIn(stack, two)).toEqual(['second online']);

    await browser.context.setOffline(false);
    await drained();
    const now = await serverChats(stack);
    expect(now).toHaveLength(3);
    const three = now.find((c) => c.id !== one.id && c.id !== two.id)!;
    await fs.access(three.path); // the new chat's worktree exists
    await expectPrompts(two, ['second online', 'queued A1', 'queued A2']);
    await expectPrompts(one, ['first online', 'queued B1']);
    await expectPrompts(three, ['queued C1']);
    chats = now;
  });

  it('opens from the service worker while the server is down, and sends once it is back', async () => {
    const chat = chats.find((c) => page.url().includes(c.id))!;
    const before = await promptsIn(stack, chat);
    await stack.stop();
    await page.reload();
    await page.locator('textarea[name=prompt]').waitFor();
    await send(page, 'while the server was down');
    await page.locator('.queued', { hasText: 'while the server was down' }).waitFor();
    await stack.start();
    await visible();
    await drained();
    await expectPrompts(chat, [...before, 'while the server was down']);
  });

  it('sends a prompt exactly once when the connection is cut after the server accepted it', async () => {
    const chat = chats.find((c) => page.url().includes(c.id))!;
    const before = await promptsIn(stack, chat);
    let hits = 0;
    await browser.context.route(/\/prompt_async/, async (route) => {
      hits++;
      if (hits > 1) return route.continue();
      // The request reaches opencode, which accepts it; its answer never reaches the app.
      const response = await route.fetch();
      expect(response.status()).toBe(204);
      await route.abort('connectionreset');
    });
    try {
      await send(page, 'cut in flight');
      await drained();
      await expectPrompts(chat, [...before, 'cut in flight']);
      // The retry asked opencode first and found the prompt there: no second POST.
      expect(hits).toBe(1);
    } finally {
      await browser.context.unroute(/\/prompt_async/);
    }
  });

  it('keeps queued prompts when the app is closed, and sends them when it is opened again', async () => {
    const chat = chats.find((c) => page.url().includes(c.id))!;
    const before = await promptsIn(stack, chat);
    await browser.context.setOffline(true);
    await send(page, 'queued before closing');
    await page.locator('.queued', { hasText: 'queued before closing' }).waitFor();
    await browser.close();
    expect(await promptsIn(stack, chat)).toEqual(before);

    await openBrowser();
    await browser.context.setOffline(true);
    await page.goto(stack.url);
    await page.locator('.queued', { hasText: 'queued before closing' }).waitFor();
    await browser.context.setOffline(false);
    await drained();
    await expectPrompts(chat, [...before, 'queued before closing']);
  });

  it('with two tabs, one sends and nothing doubles; the draft follows to the other tab', async () => {
    const chat = chats.find((c) => page.url().includes(c.id))!;
    const before = await promptsIn(stack, chat);
    const other = await browser.context.newPage();
    await other.goto(page.url());
    await other.locator('textarea[name=prompt]').waitFor();
    await page.locator('textarea[name=prompt]').fill('a draft typed in tab one');
    await expect
      .poll(() => other.locator('textarea[name=prompt]').inputValue())
      .toBe('a draft typed in tab one');
    await page.locator('textarea[name=prompt]').fill('');

    await browser.context.setOffline(true);
    await send(page, 'from tab one');
    await send(other, 'from tab two');
    await browser.context.setOffline(false);
    await drained(page);
    await drained(other);
    await expectPrompts(chat, [...before, 'from tab one', 'from tab two']);
    await other.close();
  });

  it('pauses when the login expired while offline, asks to log in, then completes', async () => {
    const chat = chats.find((c) => page.url().includes(c.id))!;
    const before = await promptsIn(stack, chat);
    await browser.context.setOffline(true);
    await browser.context.clearCookies();
    await send(page, 'after the login expired');
    await browser.context.setOffline(false);
    await visible();
    const banner = page.locator('.banner', { hasText: 'login expired' });
    await banner.waitFor({ timeout: 60_000 });
    expect(await promptsIn(stack, chat)).toEqual(before);
    await banner.getByRole('link', { name: 'Log in' }).click();
    await page.locator('input[name=password]').fill(stack.password);
    await page.locator('button[type=submit]').click();
    await page.waitForURL((u) => !u.pathname.startsWith('/auth'));
    await drained();
    await expectPrompts(chat, [...before, 'after the login expired']);
  });

  it('is installable: manifest parsed, icons and worker reachable, the worker controls the page', async () => {
    const cdp = await browser.context.newCDPSession(page);
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
      installabilityErrors: unknown[];
    };
    expect(installabilityErrors).toEqual([]);
    const manifest = (await cdp.send('Page.getAppManifest')) as { errors: unknown[]; data: string };
    expect(manifest.errors).toEqual([]);
    const m = JSON.parse(manifest.data) as Record<string, unknown> & {
      icons: { sizes: string; purpose?: string }[];
    };
    expect(m).toMatchObject({
      name: 'dancodes',
      short_name: 'dancodes',
      display: 'standalone',
      start_url: '/',
      scope: '/',
      background_color: '#000000',
    });
    expect(m.icons.map((i) => `${i.sizes}${i.purpose ? ` ${i.purpose}` : ''}`)).toEqual(
      expect.arrayContaining(['192x192', '512x512', '512x512 maskable']),
    );
    expect(await page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
    // Reachable without a login, as the login page needs them.
    for (const p of [
      '/manifest.webmanifest',
      '/sw.js',
      '/apple-touch-icon-180x180.png',
      '/pwa-192x192.png',
    ])
      expect((await fetch(`${stack.url}${p}`)).status, p).toBe(200);
  });
});
