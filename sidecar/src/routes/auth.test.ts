import { describe, expect, it } from 'vitest';
import request from 'supertest';
import { createApp } from '../app.ts';
import { configFrom } from '../config.ts';
import { issueSession } from '../auth/session.ts';

const SECRET = 's'.repeat(64);
const PASSWORD = 'correct horse battery staple';

function app() {
  return createApp(
    configFrom({ DATA_DIR: '/nonexistent-data-dir', AUTH_SECRET: SECRET, AUTH_PASSWORD: PASSWORD }),
  );
}

function sessionCookie(header: string[] | string | undefined): string | undefined {
  const all = Array.isArray(header) ? header : header ? [header] : [];
  return all.find((c) => c.startsWith('dancodes_session='));
}

describe('GET /auth/login', () => {
  it('serves the login form with the next target escaped', async () => {
    const res = await request(app())
      .get('/auth/login')
      .query({ next: '/?a=1&q="><script>alert(1)</script>' });
    expect(res.status).toBe(200);
    expect(res.type).toBe('text/html');
    expect(res.text).toContain('name="password"');
    expect(res.text).not.toContain('<script>alert(1)</script>');
    expect(res.text).toContain('value="/?a=1&amp;q=%22%3E%3Cscript%3Ealert(1)%3C/script%3E"');
  });

  it('drops a hostile next target', async () => {
    const res = await request(app()).get('/auth/login').query({ next: '//evil.example' });
    expect(res.text).toContain('name="next" value="/"');
  });
});

describe('POST /auth/login', () => {
  it('sets an HttpOnly, SameSite=Lax session cookie and redirects to next', async () => {
    const res = await request(app())
      .post('/auth/login')
      .type('form')
      .send({ password: PASSWORD, next: '/#c=1' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/#c=1');
    const cookie = sessionCookie(res.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Max-Age=2592000/);
    expect(cookie).not.toMatch(/Secure/);
  });

  it('marks the cookie Secure when the request came over https', async () => {
    const res = await request(app())
      .post('/auth/login')
      .set('x-forwarded-proto', 'https')
      .type('form')
      .send({ password: PASSWORD });
    expect(sessionCookie(res.headers['set-cookie'])).toMatch(/Secure/);
  });

  it.each(['//evil.example', '/\\evil.example', 'javascript:alert(1)', 'https://evil.example'])(
    'redirects to / instead of %s',
    async (next) => {
      const res = await request(app())
        .post('/auth/login')
        .type('form')
        .send({ password: PASSWORD, next });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/');
    },
  );

  it('returns 401 with the form again on a wrong password, setting no cookie', async () => {
    const res = await request(app())
      .post('/auth/login')
      .type('form')
      .send({ password: 'nope', next: '/x' });
    expect(res.status).toBe(401);
    expect(res.text).toContain('Wrong password');
    expect(res.text).toContain('name="next" value="/x"');
    expect(sessionCookie(res.headers['set-cookie'])).toBeUndefined();
  });

  it('returns 429 after 10 failed attempts from one client, and not for another client', async () => {
    const a = app();
    const attempt = (ip: string, password = 'wrong') =>
      request(a).post('/auth/login').set('x-forwarded-for', ip).type('form').send({ password });
    for (let i = 0; i < 10; i++) expect((await attempt('203.0.113.7')).status).toBe(401);
    const limited = await attempt('203.0.113.7');
    expect(limited.status).toBe(429);
    expect(limited.text).toMatch(/Too many failed attempts/);
    // Even the right password waits out the window: the limiter runs before the check.
    expect((await attempt('203.0.113.7', PASSWORD)).status).toBe(429);
    expect((await attempt('198.51.100.1', PASSWORD)).status).toBe(303);
  });
});

describe('POST /auth/logout', () => {
  it('clears the cookie', async () => {
    const res = await request(app()).post('/auth/logout');
    expect(res.status).toBe(303);
    expect(sessionCookie(res.headers['set-cookie'])).toMatch(/Expires=Thu, 01 Jan 1970/);
  });
});

describe('GET /auth/check', () => {
  const valid = () => `dancodes_session=${encodeURIComponent(issueSession(SECRET, 60_000))}`;

  it('answers 204 for a valid cookie', async () => {
    expect((await request(app()).get('/auth/check').set('cookie', valid())).status).toBe(204);
  });

  it('returns 401 JSON to fetch and EventSource requests without a cookie', async () => {
    for (const headers of [
      { 'sec-fetch-mode': 'cors', accept: '*/*' },
      { accept: 'text/event-stream' },
      { accept: 'application/json' },
    ]) {
      const res = await request(app())
        .get('/auth/check')
        .set(headers)
        .set('x-forwarded-uri', '/session');
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ error: 'unauthenticated', message: expect.any(String) });
    }
  });

  it('redirects a page navigation to the login page with next', async () => {
    const res = await request(app())
      .get('/auth/check')
      .set('sec-fetch-mode', 'navigate')
      .set('x-forwarded-uri', '/admin/docs?x=1');
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/auth/login?next=%2Fadmin%2Fdocs%3Fx%3D1');
  });

  it('never redirects a navigation to a hostile next', async () => {
    const res = await request(app())
      .get('/auth/check')
      .set('accept', 'text/html')
      .set('x-forwarded-method', 'GET')
      .set('x-forwarded-uri', '//evil.example');
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/auth/login?next=%2F');
  });

  it.each([
    ['expired', () => issueSession(SECRET, 60_000, Date.now() - 120_000)],
    ['forged', () => issueSession('f'.repeat(64), 60_000)],
    ['tampered', () => issueSession(SECRET, 60_000).replace(/^v1\.\d/, 'v1.9')],
  ])('rejects a %s cookie', async (_name, make) => {
    const res = await request(app())
      .get('/auth/check')
      .set('cookie', `dancodes_session=${encodeURIComponent(make())}`);
    expect(res.status).toBe(401);
  });
});

describe('configuration', () => {
  it('refuses to start in production without a strong AUTH_SECRET', () => {
    const base = { NODE_ENV: 'production', AUTH_PASSWORD: 'pw', DATA_DIR: '/x' };
    expect(() => configFrom(base)).toThrow(/AUTH_SECRET is missing/);
    expect(() => configFrom({ ...base, AUTH_SECRET: 'short' })).toThrow(/AUTH_SECRET is too short/);
    expect(() => configFrom({ ...base, AUTH_SECRET: 'k'.repeat(40) })).not.toThrow();
  });

  it('names the bad variable', () => {
    expect(() => configFrom({ SIDECAR_PORT: 'eighty' })).toThrow(/SIDECAR_PORT/);
  });
});
