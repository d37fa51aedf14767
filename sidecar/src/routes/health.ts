import { Router } from 'express';
import type { Config } from '../config.ts';

/** How long a health check waits for opencode before calling it down. */
const OPENCODE_TIMEOUT_MS = 2000;

async function opencodeHealth(url: string) {
  try {
    const res = await fetch(`${url}/global/health`, {
      signal: AbortSignal.timeout(OPENCODE_TIMEOUT_MS),
    });
    if (!res.ok) return { healthy: false, error: `opencode answered ${res.status}` };
    const body = (await res.json()) as { healthy?: boolean; version?: string };
    return { healthy: body.healthy === true, version: body.version };
  } catch (err) {
    const timedOut = err instanceof Error && err.name === 'TimeoutError';
    return {
      healthy: false,
      error: timedOut ? 'opencode did not answer in time' : 'opencode is unreachable',
    };
  }
}

/** Public liveness: the sidecar itself and opencode behind it; 503 when opencode is down. */
export function healthRouter(config: Config): Router {
  const router = Router();
  router.get('/health', async (_req, res) => {
    const opencode = await opencodeHealth(config.opencodeUrl);
    res
      .status(opencode.healthy ? 200 : 503)
      .set('cache-control', 'no-store')
      .json({
        ok: opencode.healthy,
        version: config.version,
        sidecar: { healthy: true },
        opencode,
      });
  });
  return router;
}
