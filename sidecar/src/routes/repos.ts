import { Router } from 'express';
import type { Config } from '../config.ts';
import { CloneBody, ForceQuery, GithubQuery, RepoParams, refOf } from '../api/schemas.ts';
import { input } from '../http/validate.ts';
import { githubRepos } from '../github.ts';
import { getJob, startClone } from '../jobs.ts';
import { listRepos } from '../git/repos.ts';
import { removeRepo } from '../git/worktrees.ts';

export function reposRouter(c: Config): Router {
  const router = Router();
  router.get('/repos/github', async (req, res) => {
    const { query } = input(req, { query: GithubQuery });
    res.json(await githubRepos(c, query.q, query.page, query.perPage));
  });
  router.post('/repos/clone', (req, res) => {
    const { body } = input(req, { body: CloneBody });
    const job = startClone(c, body.repo);
    res.status(202).location(`/admin/jobs/${job.id}`).json(job);
  });
  router.get('/jobs/:id', (req, res) => {
    res.set('cache-control', 'no-store').json(getJob(String(req.params.id)));
  });
  router.get('/repos', async (_req, res) => {
    res.json(await listRepos(c));
  });
  router.delete('/repos/:owner/:name', async (req, res) => {
    const { params, query } = input(req, { params: RepoParams, query: ForceQuery });
    res.json(await removeRepo(c, refOf(params), query.force));
  });
  return router;
}
