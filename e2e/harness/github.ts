import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A local stand-in for api.github.com's repo listing (the stack's GITHUB_API_URL). */
export async function fakeGithub(repos: string[]) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    const list = repos.map((full) => ({
      full_name: full,
      name: full.split('/')[1],
      owner: { login: full.split('/')[0] },
      private: false,
      default_branch: 'main',
      pushed_at: '2026-11-01T00:00:00Z',
      description: null,
    }));
    res.setHeader('content-type', 'application/json');
    if (url.pathname === '/user/repos') res.end(JSON.stringify(list));
    else if (url.pathname === '/search/repositories') res.end(JSON.stringify({ items: list }));
    else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((r) => server.close(r)),
  };
}
