import { randomUUID } from 'node:crypto';
import type { Config } from './config.ts';
import type { Job, RepoRef } from './api/schemas.ts';
import { HttpError } from './http/errors.ts';
import { withLock } from './locks.ts';
import { cloneOrFetch } from './git/repos.ts';

/** Finished jobs stay readable this long, so a phone that slept through the end still sees it. */
const KEEP_MS = 60 * 60 * 1000;

const jobs = new Map<string, Job>();
const runningByRepo = new Map<string, Job>();

// git prints e.g. "Receiving objects:  45% (450/1000), 1.20 MiB | 1.00 MiB/s".
const PROGRESS = /^(?:remote: )?([A-Za-z][A-Za-z ]+?):\s+(\d{1,3})%/;

function prune() {
  const cutoff = Date.now() - KEEP_MS;
  for (const [id, job] of jobs)
    if (job.finishedAt && Date.parse(job.finishedAt) < cutoff) jobs.delete(id);
}

/**
 * Starts a clone (or a fetch of an existing clone) as a pollable job, because a large clone takes
 * minutes and a phone's request would not survive that. A second request for the same repo while
 * one runs gets the running job.
 */
export function startClone(c: Config, r: RepoRef): Job {
  const running = runningByRepo.get(r.repo);
  if (running) return running;
  prune();
  const job: Job = {
    id: randomUUID(),
    kind: 'clone',
    repo: r.repo,
    state: 'running',
    phase: 'Waiting',
    percent: null,
    startedAt: new Date().toISOString(),
  };
  jobs.set(job.id, job);
  runningByRepo.set(r.repo, job);
  const onProgress = (line: string) => {
    const m = PROGRESS.exec(line);
    if (m) {
      job.phase = m[1]!;
      job.percent = Number(m[2]);
    }
  };
  void withLock(r.repo, () => {
    job.phase = 'Starting';
    return cloneOrFetch(c, r, onProgress);
  })
    .then((repo) =>
      Object.assign(job, { state: 'succeeded', phase: 'Done', percent: 100, result: repo }),
    )
    .catch((err: unknown) => {
      const e =
        err instanceof HttpError ? err : new HttpError(500, 'clone-failed', 'the clone failed');
      if (!(err instanceof HttpError)) console.error('sidecar: clone failed:', err);
      Object.assign(job, { state: 'failed', error: { error: e.code, message: e.message } });
    })
    .finally(() => {
      job.finishedAt = new Date().toISOString();
      runningByRepo.delete(r.repo);
    });
  return job;
}

export function getJob(id: string): Job {
  const job = jobs.get(id);
  if (!job)
    throw new HttpError(404, 'job-not-found', `no job ${id} (finished jobs are kept for an hour)`);
  return job;
}
