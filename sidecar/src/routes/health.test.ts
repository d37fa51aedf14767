import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import request from 'supertest';
import { createApp } from '../app.ts';
import { configFrom } from '../config.ts';

const servers: http.Server[] = [];
afterEach(() => Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r)))));

/** A stand-in for opencode's health endpoint: only the sidecar is under test here. */
async function fakeOpencode(handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const app = (OPENCODE_URL: string) =>
  createApp(configFrom({ DATA_DIR: '/x', OPENCODE_URL, DANCODES_VERSION: '1.2.3+abc' }));

describe('GET /admin/health', () => {
  it('reports 200 with versions when opencode is healthy', async () => {
    const url = await fakeOpencode((_req, res) =>
      res.end(JSON.stringify({ healthy: true, version: '1.18.33' })),
    );
    const res = await request(app(url)).get('/admin/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      ok: true,
      version: '1.2.3+abc',
      opencode: { healthy: true, version: '1.18.33' },
    });
  });

  it('reports 503 when opencode is not listening', async () => {
    const url = await fakeOpencode(() => {});
    servers.pop()!.close();
    const res = await request(app(url)).get('/admin/health');
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({
      ok: false,
      sidecar: { healthy: true },
      opencode: { healthy: false },
    });
  });

  it('reports 503 when opencode accepts but never answers', async () => {
    const url = await fakeOpencode(() => {
      /* hold the request open */
    });
    const res = await request(app(url)).get('/admin/health');
    expect(res.status).toBe(503);
    expect(res.body.opencode.error).toMatch(/did not answer/);
  });
});
