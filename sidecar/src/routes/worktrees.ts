import { Router } from 'express';
import type { Config } from '../config.ts';
import {
  CreateWorktreeBody,
  ForceQuery,
  WorktreeParams,
  WorktreeQuery,
  refOf,
} from '../api/schemas.ts';
import { input } from '../http/validate.ts';
import { listRepos } from '../git/repos.ts';
import { worktreeDiff } from '../git/diff.ts';
import {
  createWorktree,
  listWorktrees,
  removeWorktree,
  requireWorktree,
} from '../git/worktrees.ts';

export function worktreesRouter(c: Config): Router {
  const router = Router();
  router.post('/worktrees', async (req, res) => {
    const { body } = input(req, { body: CreateWorktreeBody });
    const { worktree, created } = await createWorktree(c, body.repo, body);
    res.status(created ? 201 : 200).json(worktree);
  });
  router.get('/worktrees', async (req, res) => {
    const { query } = input(req, { query: WorktreeQuery });
    const repos = query.repo ? [query.repo] : await listRepos(c);
    res.json(await listWorktrees(c, repos));
  });
  router.get('/worktrees/:owner/:name/:id', async (req, res) => {
    const { params } = input(req, { params: WorktreeParams });
    res.json(await requireWorktree(c, refOf(params), params.id));
  });
  router.get('/worktrees/:owner/:name/:id/diff', async (req, res) => {
    const { params } = input(req, { params: WorktreeParams });
    res.json(await worktreeDiff(await requireWorktree(c, refOf(params), params.id)));
  });
  router.delete('/worktrees/:owner/:name/:id', async (req, res) => {
    const { params, query } = input(req, { params: WorktreeParams, query: ForceQuery });
    res.json(await removeWorktree(c, refOf(params), params.id, query.force));
  });
  return router;
}
