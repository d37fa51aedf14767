/**
 * The outbox under load and the offline start, beside baselines from the same run: 100 prompts
 * queued offline across 10 chats, from reconnect until opencode admitted them all, against the
 * same 100 prompts posted straight from Node; and the cold start to a focused input with no
 * network, against the same start online.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startStack } from '../e2e/harness/stack.ts';
import { launchBrowser, signIn } from '../e2e/harness/browser.ts';
import { outboxCount } from '../e2e/harness/app.ts';
import { cloneBench, countMessages, makeChat, remoteRoot } from './chats.ts';
import { printComparison, summarize } from './stats.ts';

const CHATS = 10;
const PER_CHAT = 10;
const remotes = await remoteRoot();
const stack = await startStack({ env: { GITHUB_URL: remotes.root } });
const profile = await fs.mkdtemp(path.join(os.tmpdir(), 'dancodes-bench-profile-'));
let browser = await launchBrowser({ viewport: 'iphone', userDataDir: profile });
try {
  await cloneBench(stack);
  const direct = await Promise.all(
    Array.from({ length: CHATS }, (_, i) => makeChat(stack, `direct${i}`)),
  );
  const viaApp = await Promise.all(
    Array.from({ length: CHATS }, (_, i) => makeChat(stack, `app${i}`)),
  );

  // Baseline: the same 100 prompts posted from Node, one chat after another, no retries.
  const t0 = performance.now();
  for (const chat of direct)
    for (let n = 0; n < PER_CHAT; n++) {
      const res = await stack.opencode(`/session/${chat.sessionId}/prompt_async`, {
        method: 'POST',
        directory: chat.directory,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ parts: [{ type: 'text', text: `direct ${n}` }] }),
      });
      if (res.status !== 204) throw new Error(`prompt_async ${res.status}`);
    }
  const directMs = performance.now() - t0;

  await signIn(browser.context, stack);
  let page = browser.context.pages()[0] ?? (await browser.context.newPage());
  await page.goto(stack.url);
  await page.locator('.repo-row[data-repo="octo/bench"]').click();
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await page.reload(); // from now on the service worker controls the page
  await page.waitForFunction(() => !!navigator.serviceWorker.controller);
  // Every chat known on the device before the network goes.
  await page
    .locator('.chat-row')
    .nth(2 * CHATS - 1)
    .waitFor({ state: 'attached' });

  await browser.context.setOffline(true);
  for (const chat of viaApp) {
    await page.goto(`${stack.url}/#/chat/${chat.id}`);
    await page.reload();
    await page.locator('textarea[name=prompt]').waitFor();
    for (let n = 0; n < PER_CHAT; n++) {
      await page.locator('textarea[name=prompt]').fill(`queued ${n}`);
      await page.getByRole('button', { name: 'send' }).click();
    }
    await page
      .locator('.queued')
      .nth(PER_CHAT - 1)
      .waitFor();
  }
  const t1 = performance.now();
  await browser.context.setOffline(false);
  while ((await outboxCount(page)) > 0) await new Promise((r) => setTimeout(r, 20));
  const appMs = performance.now() - t1;
  for (const chat of viaApp) {
    // Each prompt's user message, plus replies being written: at least PER_CHAT messages each.
    if ((await countMessages(stack, chat)) < PER_CHAT)
      throw new Error(`chat ${chat.id}: prompts missing`);
  }
  console.log(
    `${CHATS * PER_CHAT} prompts across ${CHATS} chats, all admitted by opencode (baseline: posted from Node)`,
  );
  console.log(
    `  posted from Node, sequentially        ${directMs.toFixed(0).padStart(7)} ms  x1.00`,
  );
  console.log(
    `  queued offline in the PWA, from reconnect ${appMs.toFixed(0).padStart(7)} ms  x${(appMs / directMs).toFixed(2)}`,
  );

  // Cold start to a focused input: a fresh browser process each time, online and offline.
  const coldStart = async (offline: boolean) => {
    await browser.close();
    browser = await launchBrowser({ viewport: 'iphone', userDataDir: profile });
    await browser.context.setOffline(offline);
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await page.goto(`${stack.url}/#/chat/${viaApp[0]!.id}`);
    await page.waitForFunction(() => document.activeElement?.getAttribute('name') === 'prompt');
    return page.evaluate(() => performance.now());
  };
  const online: number[] = [];
  const offline: number[] = [];
  for (let i = 0; i < 5; i++) {
    online.push(await coldStart(false));
    offline.push(await coldStart(true));
  }
  printComparison('Cold start to a focused input (baseline: online)', [
    ['online (service worker + network)', summarize(online)],
    ['offline (service worker only)', summarize(offline)],
  ]);
} finally {
  await browser.close();
  await stack.dispose();
  await remotes.dispose();
  await fs.rm(profile, { recursive: true, force: true });
}
