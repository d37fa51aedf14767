/**
 * The sidecar's API types: the zod schemas routes validate with, registered for the OpenAPI
 * document too, so the docs can never drift from what the server accepts.
 */
import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

extendZodWithOpenApi(z);

// GitHub's rules: owners are alphanumeric with inner single hyphens (we allow any hyphens, max 39);
// repo names are [A-Za-z0-9._-], at most 100, never `.` or `..`.
export const Owner = z
  .string()
  .regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/, 'owner must be a GitHub user or organization name')
  .openapi({ example: 'octocat' });
export const Name = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,100}$/, 'name may hold only letters, digits, ".", "_" and "-"')
  .refine(
    (s) => s !== '.' && s !== '..' && !s.toLowerCase().endsWith('.git'),
    'not a repository name',
  )
  .openapi({ example: 'hello-world' });
export const RepoSlug = z
  .string()
  .max(140)
  .transform((s, ctx) => {
    const [owner, name, ...rest] = s.split('/');
    const o = Owner.safeParse(owner);
    const n = Name.safeParse(name);
    if (rest.length || !o.success || !n.success) {
      ctx.addIssue({ code: 'custom', message: 'repo must be "owner/name" as on GitHub' });
      return z.NEVER;
    }
    return { owner: o.data, name: n.data, repo: `${o.data}/${n.data}` };
  })
  .openapi({ type: 'string', example: 'octocat/hello-world' });
/** Chat ids double as directory and branch names: a conservative alphabet, opencode's `ses_…` fits. */
export const WorktreeId = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/,
    'id may hold only letters, digits, "_" and "-" (max 64)',
  )
  .openapi({ example: 'ses_01JX3F6Z8Q2W4E5R6T7Y8U9I0P' });
/** Further checked with `git check-ref-format --branch` before use. */
export const BranchName = z
  .string()
  .min(1)
  .max(200)
  // eslint-disable-next-line no-control-regex -- control characters are exactly what we reject
  .regex(/^[^\s~^:?*[\\\x00-\x1f\x7f]+$/, 'not a valid branch name')
  .refine((s) => !s.startsWith('-'), 'a branch name cannot start with "-"')
  .openapi({ example: 'main' });

export const ForceQuery = z.object({
  force: z
    .enum(['0', '1', 'true', 'false'])
    .optional()
    .transform((v) => v === '1' || v === 'true'),
});
export const RepoParams = z.object({ owner: Owner, name: Name });
export const WorktreeParams = RepoParams.extend({ id: WorktreeId });
/** The repo named by validated path params. */
export const refOf = (p: { owner: string; name: string }): RepoRef => ({
  owner: p.owner,
  name: p.name,
  repo: `${p.owner}/${p.name}`,
});

export const GithubRepo = z
  .object({
    repo: z.string(),
    owner: z.string(),
    name: z.string(),
    private: z.boolean(),
    defaultBranch: z.string(),
    pushedAt: z.string().nullable(),
    description: z.string().nullable(),
  })
  .openapi('GithubRepo');
export const GithubQuery = z.object({
  q: z.string().max(100).optional(),
  page: z.coerce.number().int().min(1).max(1000).default(1),
  perPage: z.coerce.number().int().min(1).max(100).default(30),
});
export const GithubList = z
  .object({ repos: z.array(GithubRepo), page: z.number(), hasMore: z.boolean() })
  .openapi('GithubList');

export const Repo = z
  .object({
    repo: z.string(),
    owner: z.string(),
    name: z.string(),
    defaultBranch: z.string(),
    path: z.string(),
    size: z.number().describe('bytes on disk, clone only'),
    worktrees: z.number(),
    fetchedAt: z.string().optional(),
  })
  .openapi('Repo');
export const CloneBody = z.object({ repo: RepoSlug });
export const Job = z
  .object({
    id: z.string(),
    kind: z.literal('clone'),
    repo: z.string(),
    state: z.enum(['running', 'succeeded', 'failed']),
    phase: z.string().describe('what git is doing, e.g. "Receiving objects"'),
    percent: z.number().nullable(),
    startedAt: z.string(),
    finishedAt: z.string().optional(),
    error: z.object({ error: z.string(), message: z.string() }).optional(),
    result: Repo.optional(),
  })
  .openapi('Job');

export const Session = z.object({ id: z.string(), title: z.string() });
export const Worktree = z
  .object({
    id: z.string(),
    repo: z.string(),
    branch: z.string(),
    base: z.string(),
    path: z.string().describe('send as x-opencode-directory'),
    createdAt: z.string(),
    dirty: z.number().describe('changed or untracked files'),
    ahead: z.number(),
    behind: z.number(),
    unpushed: z.number().describe('commits on no remote branch'),
    size: z.number(),
    sessions: z.array(Session),
    warnings: z.array(z.string()).optional(),
  })
  .openapi('Worktree');
export const CreateWorktreeBody = z.object({
  repo: RepoSlug,
  id: WorktreeId,
  branch: BranchName.optional(),
  base: BranchName.optional(),
});
export const WorktreeQuery = z.object({ repo: RepoSlug.optional() });
export const Diff = z
  .object({
    base: z.string(),
    files: z.array(
      z.object({
        path: z.string(),
        status: z.string(),
        additions: z.number(),
        deletions: z.number(),
      }),
    ),
    stat: z.string(),
    patch: z.string(),
    truncated: z.boolean(),
  })
  .openapi('Diff');

export const Disk = z
  .object({
    volume: z.object({ total: z.number(), used: z.number(), free: z.number() }),
    repos: z.array(
      z.object({
        repo: z.string(),
        size: z.number(),
        worktrees: z.array(z.object({ id: z.string(), size: z.number() })),
      }),
    ),
  })
  .openapi('Disk');
export const GcBody = z.object({
  minAgeMinutes: z
    .number()
    .min(0)
    .max(10_080)
    .default(10)
    .describe('spare worktrees younger than this'),
});
export const GcReport = z
  .object({
    pruned: z.array(z.string()),
    removed: z.array(z.object({ repo: z.string(), id: z.string() })),
    kept: z.array(z.object({ repo: z.string(), id: z.string(), reason: z.string() })),
  })
  .openapi('GcReport');
export const Orphan = z
  .object({
    pid: z.number(),
    command: z.string(),
    startedAt: z.string().optional(),
    rssBytes: z.number().optional(),
  })
  .openapi('Orphan');
export const PidParams = z.object({
  pid: z.coerce
    .number()
    .int()
    .min(1)
    .max(2 ** 22),
});
export const KillResult = z
  .object({ pid: z.number(), signal: z.enum(['SIGTERM', 'SIGKILL']) })
  .openapi('KillResult');

export type RepoRef = { owner: string; name: string; repo: string };
export type Repo = z.infer<typeof Repo>;
export type Job = z.infer<typeof Job>;
export type Worktree = z.infer<typeof Worktree>;
export type Diff = z.infer<typeof Diff>;
export type GithubRepo = z.infer<typeof GithubRepo>;
