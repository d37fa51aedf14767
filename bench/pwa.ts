/**
 * The PWA's weight and speed, beside baselines from the same run: its initial download against
 * opencode's own web UI served by the same server; rendering a 1,000-message chat against just
 * fetching it; absorbing 5,000 streamed deltas against a bare reader of the same event stream.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import zlib from 'node:zlib';
import { startStack } from '../e2e/harness/stack.ts';
import { launchBrowser, signIn } from '../e2e/harness/browser.ts';
import { cloneBench, countMessages, makeChat, remoteRoot, storePrompt } from './chats.ts';

const DIST = path.resolve(import.meta.dirname, '..', 'pwa', 'dist');
const gz = (b: Buffer) => zlib.gzipSync(b, { level: 9 }).length;
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
/** The scripts and stylesheets a page loads before it can run (not lazy chunks). */
const initialRefs = (html: string) =>
  [
    ...html.matchAll(
      /<(?:script[^>]+src|link[^>]+rel="(?:stylesheet|modulepreload)"[^>]+href)="([^"]+)"/g,
    ),
  ].map((m) => m[1]!);

const remotes = await remoteRoot();
const stack = await startStack({ env: { GITHUB_URL: remotes.root } });
const browser = await launchBrowser({ viewport: 'desktop' });
try {
  // 1. Initial download.
  const html = await fs.readFile(path.join(DIST, 'index.html'));
  let ours = gz(html);
  for (const ref of initialRefs(html.toString()))
    ours += gz(await fs.readFile(path.join(DIST, ref)));
  const theirsHtml = Buffer.from(await (await stack.opencode('/')).arrayBuffer());
  let theirs = gz(theirsHtml);
  for (const ref of initialRefs(theirsHtml.toString()))
    theirs += gz(
      Buffer.from(
        await (await stack.opencode(ref.startsWith('/') ? ref : `/${ref}`)).arrayBuffer(),
      ),
    );
  console.log('Initial download, HTML + JS + CSS gzipped (baseline: opencode web UI, same server)');
  console.log(`  opencode web UI   ${kb(theirs).padStart(10)}  x1.00`);
  console.log(
    `  dancodes PWA      ${kb(ours).padStart(10)}  x${(ours / theirs).toFixed(3)}  (target < 60 KB)`,
  );

  // 2. A chat of 1,000 messages.
  await cloneBench(stack);
  const big = await makeChat(stack, 'bigchat');
  for (let i = 0; i < 1000; i++)
    await storePrompt(stack, big, `message ${i}: ${'lorem ipsum '.repeat(8)}`);
  if ((await countMessages(stack, big)) !== 1000) throw new Error('setup: expected 1000 messages');
  await signIn(browser.context, stack);
  const page = browser.context.pages()[0] ?? (await browser.context.newPage());
  await page.goto(`${stack.url}/#/chat/${big.id}`);
  await page.locator('.msg').first().waitFor();
  const opens: number[] = [];
  const fetches: number[] = [];
  for (let run = 0; run < 5; run++) {
    fetches.push(
      await page.evaluate(async (c) => {
        const t = performance.now();
        await (
          await fetch(
            `/session/${c.sessionId}/message?directory=${encodeURIComponent(c.directory)}`,
          )
        ).json();
        return performance.now() - t;
      }, big),
    );
    await page.reload();
    await page.locator('.msg').nth(59).waitFor();
    opens.push(await page.evaluate(() => performance.now()));
  }
  const expand = await page.evaluate(async () => {
    const t = performance.now();
    for (;;) {
      const more = document.querySelector<HTMLButtonElement>('button.earlier');
      if (!more) break;
      more.click();
      await new Promise((r) => requestAnimationFrame(r));
    }
    return { ms: performance.now() - t, shown: document.querySelectorAll('.msg').length };
  });
  const med = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
  console.log('\nA chat of 1,000 messages (baseline: fetching its JSON in the page)');
  console.log(
    `  fetch + parse the 1,000 messages       ${med(fetches).toFixed(0).padStart(6)} ms  x1.00`,
  );
  console.log(
    `  open the app on it, first 60 rendered  ${med(opens).toFixed(0).padStart(6)} ms  x${(med(opens) / med(fetches)).toFixed(2)}  (from navigation start)`,
  );
  console.log(
    `  then render all ${expand.shown}                  ${expand.ms.toFixed(0).padStart(6)} ms`,
  );

  // 3. 5,000 streamed deltas.
  const burst = await makeChat(stack, 'burstchat');
  const bare = await makeChat(stack, 'barechat');
  const prompt = 'stream please [[burst: 5000]]';
  // Baseline: a bare reader of the same event stream, counting deltas until the turn ends.
  const t0 = performance.now();
  const ctl = new AbortController();
  const events = await stack.fetch('/global/event', { signal: ctl.signal });
  await stack.opencode(`/session/${bare.sessionId}/prompt_async`, {
    method: 'POST',
    directory: bare.directory,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ parts: [{ type: 'text', text: prompt }] }),
  });
  let deltas = 0;
  const reader = events.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buf = '';
  outer: for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buf += value;
    let i: number;
    while ((i = buf.indexOf('\n\n')) >= 0) {
      const block = buf.slice(0, i);
      buf = buf.slice(i + 2);
      if (!block.includes(bare.sessionId)) continue;
      if (block.includes('"message.part.delta"')) deltas++;
      if (block.includes('"session.idle"')) break outer;
    }
  }
  ctl.abort();
  const bareMs = performance.now() - t0;

  await page.goto(`${stack.url}/#/chat/${burst.id}`);
  await page.locator('textarea[name=prompt]').waitFor();
  await page.evaluate(() => {
    const w = window as unknown as { longTasks: number[] };
    w.longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.longTasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: false });
  });
  const t1 = Date.now();
  await page.locator('textarea[name=prompt]').fill(prompt);
  await page.getByRole('button', { name: 'send' }).click();
  await page.locator('.msg.assistant', { hasText: 'b5000' }).waitFor({ timeout: 300_000 });
  const appMs = Date.now() - t1;
  const longTasks = await page.evaluate(
    () => (window as unknown as { longTasks: number[] }).longTasks,
  );
  console.log(
    `\n5,000 streamed deltas (${deltas} delta events seen by the bare reader; baseline: that reader)`,
  );
  console.log(
    `  bare event-stream reader, send to idle   ${bareMs.toFixed(0).padStart(6)} ms  x1.00`,
  );
  console.log(
    `  PWA, send to the last chunk on screen    ${appMs.toFixed(0).padStart(6)} ms  x${(appMs / bareMs).toFixed(2)}`,
  );
  console.log(
    `  main-thread tasks over 50 ms while streaming: ${longTasks.length}` +
      (longTasks.length ? ` (longest ${Math.max(...longTasks).toFixed(0)} ms)` : '') +
      '  (target: none)',
  );
} finally {
  await browser.close();
  await stack.dispose();
  await remotes.dispose();
}
