import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { fixture, snapshot, type Fixture } from '../testing.ts';

let f: Fixture;
let before: string[];
beforeAll(async () => {
  f = await fixture();
  await f.remote('octo/app');
  await f.clone('octo/app');
  await request(f.app).post('/admin/worktrees').send({ repo: 'octo/app', id: 'c1' }).expect(201);
  before = await snapshot(f.root);
});
afterAll(() => f.dispose());

type Case = [
  method: 'get' | 'post' | 'delete',
  url: string,
  body: unknown,
  status: number,
  error: string,
];
const clone = (repo: unknown): Case => [
  'post',
  '/admin/repos/clone',
  { repo },
  400,
  'invalid-input',
];
const worktree = (extra: object, status = 400, error = 'invalid-input'): Case => [
  'post',
  '/admin/worktrees',
  { repo: 'octo/app', id: 'c9', ...extra },
  status,
  error,
];

const cases: Case[] = [
  clone('../etc'),
  clone('octo/..'),
  clone('octo/.'),
  clone('%2e%2e/app'),
  clone('octo/%2e%2e'),
  clone('octo/app/extra'),
  clone('octo\\app'),
  clone('octo/a\0pp'),
  clone('/etc/passwd'),
  clone('octo'),
  clone(''),
  clone(`${'a'.repeat(40)}/app`),
  clone(`octo/${'a'.repeat(101)}`),
  clone('-octo/app'),
  clone('octo/app.git'),
  clone(42),
  ['post', '/admin/repos/clone', {}, 400, 'invalid-input'],
  worktree({ id: '../c1' }),
  worktree({ id: 'a/b' }),
  worktree({ id: '-rf' }),
  worktree({ id: '' }),
  worktree({ id: 'a'.repeat(65) }),
  worktree({ id: 'c 1' }),
  worktree({ repo: '../../x' }),
  worktree({ branch: 'a..b' }, 400, 'invalid-branch'),
  worktree({ branch: 'x.lock' }, 400, 'invalid-branch'),
  worktree({ branch: 'a b' }),
  worktree({ branch: '-x' }),
  worktree({ branch: 'a~1' }),
  worktree({ base: 'main:evil' }),
  worktree({ repo: 'octo/other' }, 404, 'repo-not-found'),
  ['delete', '/admin/repos/octo/%2e%2e', undefined, 400, 'invalid-input'],
  ['delete', '/admin/repos/..%2F..%2Fetc/x', undefined, 400, 'invalid-input'],
  ['delete', '/admin/repos/octo/app?force=yes', undefined, 400, 'invalid-input'],
  ['delete', '/admin/worktrees/octo/app/..', undefined, 400, 'invalid-input'],
  ['delete', '/admin/worktrees/octo/app/%2e%2e%2fc1', undefined, 400, 'invalid-input'],
  ['delete', '/admin/worktrees/octo/app/nope', undefined, 404, 'worktree-not-found'],
  ['get', '/admin/worktrees/octo/app/..%2F..%2Frepos/diff', undefined, 400, 'invalid-input'],
  ['get', '/admin/worktrees?repo=..', undefined, 400, 'invalid-input'],
  ['get', '/admin/jobs/nope', undefined, 404, 'job-not-found'],
  ['post', '/admin/gc', { minAgeMinutes: -1 }, 400, 'invalid-input'],
  ['post', '/admin/processes/0/kill', undefined, 400, 'invalid-input'],
  ['post', '/admin/processes/1.5/kill', undefined, 400, 'invalid-input'],
  ['get', '/admin/nothing-here', undefined, 404, 'not-found'],
];

describe('bad input', () => {
  it.each(cases)('%s %s %j → %i %s', async (method, url, body, status, error) => {
    const req = request(f.app)[method](url);
    const res = await (body === undefined ? req : req.send(body as object));
    expect(res.status).toBe(status);
    expect(res.body.error).toBe(error);
    expect(res.body.message).toEqual(expect.any(String));
    expect(await snapshot(f.root)).toEqual(before);
  });

  it('answers malformed JSON with 400 and touches nothing', async () => {
    const res = await request(f.app)
      .post('/admin/worktrees')
      .set('content-type', 'application/json')
      .send('{"repo": "octo/app", "id": ');
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('entity-parse-failed');
    expect(await snapshot(f.root)).toEqual(before);
  });
});
