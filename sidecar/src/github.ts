import type { Config } from './config.ts';
import type { GithubRepo } from './api/schemas.ts';
import { HttpError } from './http/errors.ts';

interface ApiRepo {
  full_name: string;
  name: string;
  owner: { login: string };
  private: boolean;
  default_branch: string;
  pushed_at: string | null;
  description: string | null;
}

const toRepo = (r: ApiRepo): GithubRepo => ({
  repo: r.full_name,
  owner: r.owner.login,
  name: r.name,
  private: r.private,
  defaultBranch: r.default_branch,
  pushedAt: r.pushed_at,
  description: r.description,
});

/**
 * The user's repositories, most recently pushed first. A search (`q`) uses GitHub's search API
 * scoped to GITHUB_USER when set (server-side, so it covers every page); otherwise the name filter
 * applies to the listed page.
 */
export async function githubRepos(c: Config, q: string | undefined, page: number, perPage: number) {
  const { token, apiUrl, user } = c.github;
  if (!token)
    throw new HttpError(503, 'github-not-configured', 'GITHUB_TOKEN is not set on the server');
  const params = new URLSearchParams({ page: String(page), per_page: String(perPage) });
  let url: string;
  if (q && user) {
    params.set('q', `${q} in:name user:${user} fork:true`);
    params.set('sort', 'updated');
    url = `${apiUrl}/search/repositories?${params}`;
  } else {
    params.set('sort', 'pushed');
    params.set('affiliation', 'owner,collaborator,organization_member');
    url = `${apiUrl}/user/repos?${params}`;
  }
  let res: Response;
  try {
    res = await fetch(url, {
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'application/vnd.github+json',
        'x-github-api-version': '2022-11-28',
        'user-agent': 'dancodes',
      },
      signal: AbortSignal.timeout(15_000),
    });
  } catch {
    throw new HttpError(502, 'github-unreachable', 'GitHub could not be reached');
  }
  if (res.status === 401)
    throw new HttpError(502, 'github-auth-failed', 'GitHub refused GITHUB_TOKEN (401)');
  if (res.status === 403 || res.status === 429)
    throw new HttpError(
      503,
      'github-rate-limited',
      `GitHub refused the request (${res.status}); try again later`,
    );
  if (!res.ok) throw new HttpError(502, 'github-failed', `GitHub answered ${res.status}`);
  const body = (await res.json()) as ApiRepo[] | { items: ApiRepo[] };
  let repos = (Array.isArray(body) ? body : body.items).map(toRepo);
  if (q && !user) repos = repos.filter((r) => r.repo.toLowerCase().includes(q.toLowerCase()));
  return { repos, page, hasMore: /rel="next"/.test(res.headers.get('link') ?? '') };
}
