/** The sidecar under /admin: repos, a worktree per chat, diffs. Shapes mirror its zod schemas. */
import { ApiError, errorFrom, fetchOr } from './errors.ts';

export interface Repo {
  repo: string;
  defaultBranch: string;
  size: number;
  worktrees: number;
}
export interface GithubRepo {
  repo: string;
  private: boolean;
  defaultBranch: string;
  pushedAt: string | null;
  description: string | null;
}
export interface Job {
  id: string;
  repo: string;
  state: 'running' | 'succeeded' | 'failed';
  phase: string;
  percent: number | null;
  error?: { error: string; message: string };
}
export interface Worktree {
  id: string;
  repo: string;
  branch: string;
  base: string;
  path: string;
  createdAt: string;
  dirty: number;
  ahead: number;
  behind: number;
  unpushed: number;
  sessions: { id: string; title: string }[];
}
export interface Diff {
  base: string;
  files: { path: string; status: string; additions: number; deletions: number }[];
  stat: string;
  patch: string;
  truncated: boolean;
}

async function call<T>(path: string, what: string, init: RequestInit = {}): Promise<T> {
  const res = await fetchOr(
    `/admin${path}`,
    {
      ...init,
      headers: {
        accept: 'application/json',
        ...(init.body ? { 'content-type': 'application/json' } : {}),
      },
    },
    what,
  );
  if (!res.ok) throw await errorFrom(res, what);
  return (await res.json()) as T;
}

const post = (body: unknown): RequestInit => ({ method: 'POST', body: JSON.stringify(body) });

export const admin = {
  repos: () => call<Repo[]>('/repos', 'listing repos'),
  github: (q: string, page: number) =>
    call<{ repos: GithubRepo[]; hasMore: boolean }>(
      `/repos/github?${new URLSearchParams({ ...(q ? { q } : {}), page: String(page) })}`,
      'listing GitHub repos',
    ),
  clone: (repo: string) => call<Job>('/repos/clone', `cloning ${repo}`, post({ repo })),
  job: (id: string) => call<Job>(`/jobs/${encodeURIComponent(id)}`, 'reading clone progress'),
  worktrees: () => call<Worktree[]>('/worktrees', 'listing chats'),
  createWorktree: (repo: string, id: string) =>
    call<Worktree>('/worktrees', 'creating the chat worktree', post({ repo, id })),
  diff: (repo: string, id: string) =>
    call<Diff>(`/worktrees/${repo}/${encodeURIComponent(id)}/diff`, 'reading the diff'),
};

/** Clones (or fetches) a repo and waits for the job, reporting progress. */
export async function cloneAndWait(repo: string, onProgress?: (job: Job) => void): Promise<void> {
  let job = await admin.clone(repo);
  while (job.state === 'running') {
    onProgress?.(job);
    await new Promise((r) => setTimeout(r, 500));
    job = await admin.job(job.id);
  }
  onProgress?.(job);
  if (job.state === 'failed') {
    throw new ApiError(
      'permanent',
      job.error?.message ?? `cloning ${repo} failed`,
      502,
      job.error?.error,
    );
  }
}
