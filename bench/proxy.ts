/**
 * What the auth wall costs: the same opencode requests direct and through Caddy + forward_auth
 * (the sidecar's cookie check on every request), in the same run on the real stack.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startStack } from '../e2e/harness/stack.ts';
import { makeRepo } from '../e2e/harness/git.ts';
import { printComparison, summarize, timeRuns } from './stats.ts';

const stack = await startStack();
const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'dancodes-bench-'));
try {
  const repo = (await makeRepo(path.join(scratch, 'project'))).dir;
  const headers = { 'content-type': 'application/json', 'x-opencode-directory': repo };
  const ok = async (res: Response) => {
    if (!res.ok) throw new Error(`${res.url}: ${res.status}`);
    await res.arrayBuffer();
  };
  const direct = (p: string, init?: RequestInit) =>
    fetch(`http://127.0.0.1:${stack.ports.opencode}${p}`, init).then(ok);
  const proxied = (p: string, init?: RequestInit) => stack.fetch(p, init).then(ok);

  const health = [
    [
      'GET /global/health direct to opencode',
      summarize(await timeRuns(300, () => direct('/global/health'))),
    ],
    [
      'GET /global/health via Caddy + forward_auth',
      summarize(await timeRuns(300, () => proxied('/global/health'))),
    ],
  ] as [string, ReturnType<typeof summarize>][];
  printComparison('Small request latency (baseline: direct)', health);

  const list = [
    ['GET /session direct', summarize(await timeRuns(200, () => direct('/session', { headers })))],
    [
      'GET /session via Caddy',
      summarize(await timeRuns(200, () => proxied('/session', { headers }))),
    ],
  ] as [string, ReturnType<typeof summarize>][];
  printComparison('Session list (baseline: direct)', list);

  const session = async (via: typeof direct) => {
    const res = await (via === direct
      ? fetch(`http://127.0.0.1:${stack.ports.opencode}/session`, {
          method: 'POST',
          headers,
          body: '{}',
        })
      : stack.fetch('/session', { method: 'POST', headers, body: '{}' }));
    return ((await res.json()) as { id: string }).id;
  };
  const turn = (via: typeof direct) => async () => {
    const id = await session(via);
    await via(`/session/${id}/message`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ parts: [{ type: 'text', text: 'hello from the bench' }] }),
    });
  };
  printComparison('A whole scripted turn: new session + prompt to reply (baseline: direct)', [
    ['turn direct', summarize(await timeRuns(20, turn(direct), 2))],
    ['turn via Caddy', summarize(await timeRuns(20, turn(proxied), 2))],
  ]);
} finally {
  await stack.dispose();
  await fs.rm(scratch, { recursive: true, force: true });
}
