import { describe, expect, it } from 'vitest';
import request from 'supertest';
import { createApp } from '../app.ts';
import { configFrom } from '../config.ts';

const app = createApp(configFrom({ DATA_DIR: '/nonexistent', DANCODES_VERSION: '9.9.9' }));

describe('OpenAPI docs', () => {
  it('describes every admin route from the zod schemas', async () => {
    const { body: doc } = await request(app).get('/admin/openapi.json').expect(200);
    expect(doc.info.version).toBe('9.9.9');
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/admin/disk',
      '/admin/gc',
      '/admin/health',
      '/admin/jobs/{id}',
      '/admin/processes',
      '/admin/processes/{pid}/kill',
      '/admin/repos',
      '/admin/repos/clone',
      '/admin/repos/github',
      '/admin/repos/{owner}/{name}',
      '/admin/worktrees',
      '/admin/worktrees/{owner}/{name}/{id}',
      '/admin/worktrees/{owner}/{name}/{id}/diff',
    ]);
    const create = doc.paths['/admin/worktrees'].post;
    const body = create.requestBody.content['application/json'].schema;
    expect(body.required).toEqual(expect.arrayContaining(['repo', 'id']));
    expect(body.properties.id.pattern).toBe('^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$');
    expect(Object.keys(create.responses)).toEqual(
      expect.arrayContaining(['200', '201', '404', '409']),
    );
    expect(doc.components.schemas.Worktree.properties.path.description).toContain(
      'x-opencode-directory',
    );
  });

  it('serves a browsable UI and its assets from our own origin (no CDN)', async () => {
    const page = await request(app).get('/admin/docs').expect(200);
    const srcs = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(srcs.length).toBe(3);
    for (const src of srcs) {
      expect(src.startsWith('/admin/docs/')).toBe(true);
      const asset = await request(app).get(src);
      expect(asset.status, src).toBe(200);
      expect(asset.text.length).toBeGreaterThan(20);
    }
  });
});
