/**
 * A new version of the app: the service worker finds it, the app says so, and it reloads only
 * when the user taps "Reload", never by itself while they are typing.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startStack, type Stack } from './harness/stack.ts';
import { launchBrowser, signIn, type Browser } from './harness/browser.ts';

const PWA = path.resolve(import.meta.dirname, '..', 'pwa');
let scratch: string;
let served: string;
let stack: Stack;
let browser: Browser;
let page: Page;

const scriptSrc = () => page.locator('script[type=module]').getAttribute('src');

beforeAll(async () => {
  scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'dancodes-update-'));
  served = path.join(scratch, 'served');
  await fs.cp(path.join(PWA, 'dist'), served, { recursive: true });
  stack = await startStack({ env: { PWA_DIR: served } });
  browser = await launchBrowser({ viewport: 'iphone' });
  await signIn(browser.context, stack);
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  await page.goto(stack.url);
  // Installed and active first; then the next load is controlled by it.
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await page.reload();
  await page.waitForFunction(() => !!navigator.serviceWorker.controller);
});

afterAll(async () => {
  await browser?.close();
  await stack?.dispose();
  await fs.rm(scratch, { recursive: true, force: true });
});

describe('app updates', () => {
  it('offers the new version and reloads only when the user agrees', async () => {
    const before = await scriptSrc();
    // Build a different version and put it where Caddy serves the app from.
    const next = path.join(scratch, 'next');
    execFileSync('npx', ['vite', 'build', '--logLevel', 'error'], {
      cwd: PWA,
      env: { ...process.env, PWA_OUT_DIR: next, VITE_VERSION: 'next-version' },
      stdio: 'pipe',
    });
    await fs.rm(served, { recursive: true });
    await fs.cp(next, served, { recursive: true });

    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
    const search = page.locator('input[type=search]');
    await search.fill('half-typed');
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r!.update()));
    const banner = page.locator('.banner', { hasText: 'new version' });
    await banner.waitFor();
    // Nothing reloaded by itself: the page, and what was being typed, are still there.
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);
    expect(await search.inputValue()).toBe('half-typed');
    expect(await scriptSrc()).toBe(before);

    await Promise.all([
      page.waitForEvent('load'),
      banner.getByRole('button', { name: 'Reload' }).click(),
    ]);
    expect(
      await page.evaluate(() => (window as unknown as { marker?: number }).marker),
    ).toBeUndefined();
    expect(await scriptSrc()).not.toBe(before);
  });
});
