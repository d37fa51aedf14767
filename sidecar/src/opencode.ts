import type { Config } from './config.ts';

const TIMEOUT_MS = 3000;

export interface Sessions {
  /** undefined when opencode could not be asked: callers must not read that as "no sessions". */
  sessions?: { id: string; title: string }[];
  warning?: string;
}

/**
 * The opencode sessions working in one directory. opencode lists every session of the repo's
 * project (all its worktrees) for any of them, so keep those whose directory is this one.
 */
export async function sessionsIn(config: Config, directory: string): Promise<Sessions> {
  try {
    const url = `${config.opencodeUrl}/session?directory=${encodeURIComponent(directory)}`;
    const res = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    if (!res.ok) return { warning: `opencode answered ${res.status} for its session list` };
    const list = (await res.json()) as { id: string; title?: string; directory?: string }[];
    return {
      sessions: list
        .filter((s) => s.directory === directory)
        .map((s) => ({ id: s.id, title: s.title ?? '' })),
    };
  } catch {
    return { warning: 'opencode is unreachable: sessions unknown' };
  }
}
