/** Per-request limit while polling: a fresh opencode can accept a connection and not answer it for seconds. */
const REQUEST_TIMEOUT_MS = 2000;

/**
 * Polls `url` until it answers 2xx. Prints what it is waiting for every few seconds so a slow first
 * start (opencode migrating its database) shows progress instead of silence.
 */
export async function waitForHttp(
  url: string,
  opts: { name: string; giveUpMs: number; abort?: AbortSignal },
): Promise<void> {
  const started = Date.now();
  let lastNote = started;
  let lastError: string;
  while (!opts.abort?.aborted) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
      if (res.ok) return;
      lastError = `HTTP ${res.status}`;
    } catch (err) {
      lastError = (err as Error).name === 'TimeoutError' ? 'timed out' : 'not listening';
    }
    const now = Date.now();
    if (now - started > opts.giveUpMs) {
      throw new Error(
        `${opts.name} did not become ready within ${opts.giveUpMs / 1000}s (${lastError})`,
      );
    }
    if (now - lastNote > 5000) {
      console.log(
        `start: still waiting for ${opts.name} (${Math.round((now - started) / 1000)}s, ${lastError})`,
      );
      lastNote = now;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`stopped while waiting for ${opts.name}`);
}
