import {
  OpenAPIRegistry,
  OpenApiGeneratorV31,
  type RouteConfig,
} from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { ErrorBody } from '../http/errors.ts';
import * as s from './schemas.ts';

const json = (schema: z.ZodType, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
const errors = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((st) => [st, json(ErrorBody, 'an error with its reason code')]));

/** Every admin route, described with the schemas the route itself validates with. */
const routes: RouteConfig[] = [
  {
    method: 'get',
    path: '/admin/repos/github',
    summary: "The user's GitHub repositories, most recently pushed first",
    request: { query: s.GithubQuery },
    responses: { 200: json(s.GithubList, 'one page'), ...errors(400, 502, 503) },
  },
  {
    method: 'post',
    path: '/admin/repos/clone',
    summary: 'Clone a repo (or fetch an existing clone) as a pollable job',
    request: { body: { content: { 'application/json': { schema: s.CloneBody } } } },
    responses: { 202: json(s.Job, 'the job; poll /admin/jobs/{id}'), ...errors(400) },
  },
  {
    method: 'get',
    path: '/admin/jobs/{id}',
    summary: 'A clone job: phase, percent, result or error',
    request: { params: z.object({ id: z.string() }) },
    responses: { 200: json(s.Job, 'the job'), ...errors(404) },
  },
  {
    method: 'get',
    path: '/admin/repos',
    summary: 'Repos cloned on the volume',
    responses: { 200: json(z.array(s.Repo), 'the clones') },
  },
  {
    method: 'delete',
    path: '/admin/repos/{owner}/{name}',
    summary: 'Delete a clone and its worktrees (refused while any holds work, unless force)',
    request: { params: s.RepoParams, query: s.ForceQuery },
    responses: {
      200: json(z.object({ removed: z.string(), worktrees: z.array(z.string()) }), 'deleted'),
      ...errors(400, 404, 409),
    },
  },
  {
    method: 'post',
    path: '/admin/worktrees',
    summary: 'Create (or return the existing) worktree for a chat id',
    request: { body: { content: { 'application/json': { schema: s.CreateWorktreeBody } } } },
    responses: {
      201: json(s.Worktree, 'created'),
      200: json(s.Worktree, 'already existed'),
      ...errors(400, 404, 409, 502, 507),
    },
  },
  {
    method: 'get',
    path: '/admin/worktrees',
    summary: 'Chat worktrees with their git state and opencode sessions',
    request: { query: s.WorktreeQuery },
    responses: { 200: json(z.array(s.Worktree), 'the worktrees'), ...errors(400) },
  },
  {
    method: 'get',
    path: '/admin/worktrees/{owner}/{name}/{id}',
    summary: 'One chat worktree',
    request: { params: s.WorktreeParams },
    responses: { 200: json(s.Worktree, 'the worktree'), ...errors(400, 404) },
  },
  {
    method: 'get',
    path: '/admin/worktrees/{owner}/{name}/{id}/diff',
    summary: 'What the chat changed against its base (commits, edits and new files)',
    request: { params: s.WorktreeParams },
    responses: { 200: json(s.Diff, 'the diff'), ...errors(400, 404) },
  },
  {
    method: 'delete',
    path: '/admin/worktrees/{owner}/{name}/{id}',
    summary: 'Delete a chat worktree (refused while it holds work, unless force)',
    request: { params: s.WorktreeParams, query: s.ForceQuery },
    responses: {
      200: json(z.object({ removed: z.string(), branchDeleted: z.boolean() }), 'deleted'),
      ...errors(400, 404, 409),
    },
  },
  {
    method: 'get',
    path: '/admin/disk',
    summary: 'Volume space and per repo / worktree sizes',
    responses: { 200: json(s.Disk, 'sizes in bytes') },
  },
  {
    method: 'post',
    path: '/admin/gc',
    summary: 'Prune stale metadata and remove unused, workless worktrees',
    request: { body: { content: { 'application/json': { schema: s.GcBody } } } },
    responses: { 200: json(s.GcReport, 'what was done and kept'), ...errors(400) },
  },
  {
    method: 'get',
    path: '/admin/processes',
    summary: 'Orphan processes the agent left running',
    responses: { 200: json(z.array(s.Orphan), 'the orphans') },
  },
  {
    method: 'post',
    path: '/admin/processes/{pid}/kill',
    summary: 'Stop an orphan: SIGTERM, then SIGKILL after a grace period',
    request: { params: s.PidParams },
    responses: { 200: json(s.KillResult, 'the signal that ended it'), ...errors(400, 403, 404) },
  },
  {
    method: 'get',
    path: '/admin/health',
    summary: 'Liveness of the sidecar and opencode (public)',
    responses: { 200: { description: 'healthy' }, 503: { description: 'opencode is down' } },
  },
];

export function openapiDocument(version: string) {
  const registry = new OpenAPIRegistry();
  registry.register('Error', ErrorBody);
  for (const r of routes) registry.registerPath({ ...r, tags: [r.path.split('/')[2]!] });
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'dancodes sidecar',
      version,
      description:
        "Repos, a git worktree per chat, and the machine's resources. Everything except /admin/health needs the session cookie.",
    },
  });
}
