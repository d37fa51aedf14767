import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startStack, type Stack } from './harness/stack.ts';
import { makeRemote } from './harness/git.ts';
import { fakeGithub } from './harness/github.ts';
import { keepEvidence, launchBrowser, SCREENSHOTS, type Browser } from './harness/browser.ts';
import { newChat, openSidebar, send, statuses as rowStatuses } from './harness/app.ts';

let stack: Stack;
let remotes: string;
let github: Awaited<ReturnType<typeof fakeGithub>>;
let browser: Browser;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  remotes = await fs.mkdtemp(path.join(os.tmpdir(), 'dancodes-remotes-'));
  await makeRemote(remotes, 'octo/app', { 'README.md': '# app\n' });
  github = await fakeGithub(['octo/app']);
  stack = await startStack({
    env: {
      GITHUB_URL: remotes,
      GITHUB_TOKEN: 'ghp_test',
      GITHUB_API_URL: github.url,
      GITHUB_USER: 'octo',
    },
  });
  await fs.mkdir(SCREENSHOTS, { recursive: true });
  browser = await launchBrowser({ viewport: 'iphone' });
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  page.on('pageerror', (e) => errors.push(String(e)));
});
afterAll(async () => {
  await browser?.close();
  await stack?.dispose();
  await github?.close();
  await fs.rm(remotes, { recursive: true, force: true });
});

// On failure, keep what the phone showed.
afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') await keepEvidence(page, ctx.task.name);
});

const shot = (name: string, p: Page = page) =>
  p.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });

describe('the PWA on an iPhone viewport', () => {
  it('logs in through the login page and lands in the repo picker, cloning nothing by itself', async () => {
    await page.goto(stack.url);
    await page.waitForURL(/\/auth\/login/);
    await shot('login');
    await page.locator('input[name=password]').fill(stack.password);
    await page.locator('button[type=submit], input[type=submit]').first().click();
    await page.waitForURL(`${stack.url}/`);
    await page.getByRole('heading', { name: 'Pick a repo' }).waitFor();
    await page.getByText('nothing cloned yet').waitFor();
    await page.locator('.repo-row[data-repo="octo/app"]').waitFor();
    expect(await fs.readdir(path.join(stack.dataDir, 'projects')).catch(() => [])).toEqual([]);
    await shot('repo-picker');
  });

  it('clones a repo from GitHub with progress, starts a chat, and streams the reply', async () => {
    await page.locator('.repo-row[data-repo="octo/app"]').click();
    await page.getByText('No chats yet').waitFor();
    await newChat(page);
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('name')))
      .toBe('prompt');
    await send(page, 'please [[write notes/a.txt: hello from the phone]]');
    await page.locator('.msg.assistant', { hasText: 'You said: please' }).waitFor();
    await page.locator('.tool', { hasText: 'write' }).first().waitFor();
    await shot('chat');
  });

  it('shows the file the agent wrote in the diff view', async () => {
    await page.getByRole('button', { name: 'menu' }).click();
    await page.getByText(/copy branch/).waitFor();
    expect(await page.locator('.menu code').textContent()).toMatch(/^dancodes\/c/);
    await page.getByRole('menuitem', { name: /diff/ }).click();
    await page.locator('.files li', { hasText: 'notes/a.txt' }).waitFor();
    await page.locator('.diff .add', { hasText: '+hello from the phone' }).waitFor();
    await shot('diff');
    await page.getByRole('button', { name: 'close' }).click();
  });

  it('runs three chats at once with the right sidebar statuses, and answers a permission from the sidebar', async () => {
    // Chat 1 (the first chat) gets a slow run; chat 2 asks for a permission; chat 3 stays idle.
    await send(page, 'take your time [[slow: 20]]');
    await newChat(page);
    await send(page, 'look outside [[outside]]');
    await newChat(page);
    await send(page, 'just say hi');
    await page.locator('.msg.assistant', { hasText: 'You said: just say hi' }).waitFor();

    await openSidebar(page);
    const rows = page.locator('.chat-row');
    await expect.poll(() => rows.count()).toBe(3);
    const statuses = async () => (await rowStatuses(page)).sort();
    await expect.poll(statuses, { timeout: 60_000 }).toEqual(['idle', 'needs', 'running']);
    await page.waitForTimeout(300); // let the drawer finish sliding in for the screenshot
    await shot('sidebar-three-chats');

    // The permission request is answerable right in the sidebar.
    const request = page.locator('nav.sidebar .request');
    await request.waitFor();
    expect(await request.textContent()).toContain('external_directory');
    await request.getByRole('button', { name: 'once' }).click();
    await expect.poll(statuses, { timeout: 60_000 }).toEqual(['idle', 'idle', 'running']);
  });

  it('stops a slow run from the input area', async () => {
    const running = page.locator('.chat-row', { has: page.locator('[data-status=running]') });
    await running.click();
    await page.getByRole('button', { name: 'stop' }).click();
    await page.locator('.msg.assistant .dim', { hasText: 'stopped' }).waitFor();
    await openSidebar(page);
    await expect.poll(() => rowStatuses(page)).toEqual(['idle', 'idle', 'idle']);
    await page.keyboard.press('Escape');
    await page
      .locator('.scrim')
      .click({ force: true })
      .catch(() => undefined);
  });

  it('reconnects the event stream after the server restarts, and keeps streaming', async () => {
    await stack.stop();
    await page.locator('.banner', { hasText: /reconnecting|offline/ }).waitFor();
    await stack.start();
    await page
      .locator('.banner', { hasText: /reconnecting|offline/ })
      .waitFor({ state: 'detached', timeout: 120_000 });
    await send(page, 'after the restart');
    await page.locator('.msg.assistant', { hasText: 'You said: after the restart' }).waitFor();
    // Nothing shown twice after the resync.
    const ids = await page
      .locator('.msg')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('renders assistant markdown sanitized: no script or handler reaches the DOM', async () => {
    await send(
      page,
      'echo <img src=x onerror="window.pwned=1"><script>window.pwned=2</script> **bold**',
    );
    await page.locator('.msg.assistant strong', { hasText: 'bold' }).last().waitFor();
    expect(await page.evaluate(() => (window as { pwned?: number }).pwned)).toBeUndefined();
    expect(await page.locator('.msg.assistant script, .msg.assistant [onerror]').count()).toBe(0);
  });

  it("answers the agent's question in the chat; the sidebar shows it needs you meanwhile", async () => {
    await send(page, 'pick one [[ask: Which color? | red | blue]]');
    const card = page.locator('.chat .request', { hasText: 'Which color?' });
    await card.waitFor();
    await openSidebar(page);
    await page.locator('nav.sidebar .request', { hasText: 'Which color?' }).waitFor();
    expect(await rowStatuses(page)).toContain('needs');
    await page.locator('.scrim').click({ position: { x: 380, y: 400 } });
    await card.getByRole('button', { name: 'blue' }).click();
    await card.waitFor({ state: 'detached' });
    await page.locator('.msg.assistant', { hasText: 'You said: pick one' }).last().waitFor();
    await page.locator('.tool', { hasText: 'question' }).last().waitFor();
  });

  it("links the top bar to opencode's own web UI for this chat", async () => {
    const href = await page.getByRole('link', { name: 'opencode' }).getAttribute('href');
    expect(href).toMatch(/^\/[A-Za-z0-9_-]+\/session\/ses_/);
    const dir = Buffer.from(href!.split('/')[1]!, 'base64url').toString();
    expect(dir).toContain(path.join(stack.dataDir, 'projects', 'worktrees', 'octo', 'app'));
    const res = await page.request.get(`${stack.url}${href}`);
    expect(res.status()).toBe(200);
    const html = await res.text();
    expect(html).not.toContain('<div id="app">'); // opencode's page, not ours
    expect(html).toMatch(/<script[^>]+src="\/assets\//);
  });

  it('reopens in the last chat with the input focused', async () => {
    const title = await page.locator('.topbar .title > div').first().textContent();
    await page.reload();
    await page.waitForFunction(() => document.activeElement?.getAttribute('name') === 'prompt');
    expect(await page.locator('.topbar .title > div').first().textContent()).toBe(title);
  });

  it('opens the sidebar with a swipe from the left edge', async () => {
    const cdp = await browser.context.newCDPSession(page);
    const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', x: number) =>
      cdp.send('Input.dispatchTouchEvent', {
        type,
        touchPoints: type === 'touchEnd' ? [] : [{ x, y: 400 }],
      });
    await touch('touchStart', 8);
    await touch('touchMove', 120);
    await touch('touchMove', 220);
    await touch('touchEnd', 220);
    await page.locator('nav.sidebar.open').waitFor();
    await page.locator('.scrim').click({ position: { x: 380, y: 400 } });
    await page.locator('nav.sidebar.open').waitFor({ state: 'detached' });
  });

  it('sends a photo, downscaled on the device, as a file part', async () => {
    // A 2000x1000 PNG: the app must shrink it to 1600 px on the long side before sending.
    const png = await page.evaluate(async () => {
      const c = document.createElement('canvas');
      c.width = 2000;
      c.height = 1000;
      c.getContext('2d')!.fillRect(0, 0, 2000, 1000);
      const blob = await new Promise<Blob>((r) => c.toBlob((b) => r(b!), 'image/png'));
      return Array.from(new Uint8Array(await blob.arrayBuffer()));
    });
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: 'shot.png', mimeType: 'image/png', buffer: Buffer.from(png) });
    await page.locator('.thumb img').waitFor();
    await send(page, 'what is in this photo');
    const img = page.locator('.msg.user img.attachment').last();
    await img.waitFor();
    const size = await img.evaluate((el: HTMLImageElement) => [el.naturalWidth, el.naturalHeight]);
    expect(size).toEqual([1600, 800]);
    await page.locator('.msg.assistant', { hasText: 'You said: what is in this photo' }).waitFor();
  });

  it('follows new content at the bottom and offers a jump back when scrolled up', async () => {
    await send(page, 'a long answer [[burst: 400]]');
    await page.locator('.msg.assistant', { hasText: 'b400' }).waitFor();
    const messages = page.locator('.messages');
    const atBottom = () =>
      messages.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight < 40);
    await expect.poll(atBottom).toBe(true);
    await messages.evaluate((el) => {
      el.scrollTop = 0;
      el.dispatchEvent(new Event('scroll'));
    });
    await page.getByRole('button', { name: 'scroll to bottom' }).click();
    await expect.poll(atBottom).toBe(true);
  });

  it('shows the same chats on a desktop browser, sidebar beside the chat', async () => {
    const desktop = await launchBrowser({ viewport: 'desktop' });
    try {
      await desktop.context.addCookies(await browser.context.cookies());
      const p = desktop.context.pages()[0] ?? (await desktop.context.newPage());
      await p.goto(stack.url);
      await p.locator('.repo-row[data-repo="octo/app"]').first().click();
      await expect.poll(() => p.locator('.chat-row').count()).toBe(3);
      expect(await p.locator('nav.sidebar').isVisible()).toBe(true);
      await shot('desktop', p);
    } finally {
      await desktop.close();
    }
    expect(errors).toEqual([]);
  });
});
