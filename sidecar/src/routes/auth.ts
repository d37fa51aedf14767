import { timingSafeEqual, createHash } from 'node:crypto';
import express, { Router, type Request, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import { z } from 'zod';
import type { Config } from '../config.ts';
import { COOKIE_NAME, issueSession, readCookie, verifySession } from '../auth/session.ts';
import { safeNext } from '../auth/redirect.ts';
import { loginPage } from '../auth/login-page.ts';

const LoginForm = z.object({
  password: z.string().max(1024).default(''),
  next: z.string().optional(),
});

/** Compares via fixed-length digests so neither content nor length leaks through timing. */
function samePassword(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** Page navigations get a login redirect; fetch, XHR and EventSource get a 401 they can act on. */
function isNavigation(req: Request): boolean {
  const mode = req.get('sec-fetch-mode');
  if (mode) return mode === 'navigate';
  const method = req.get('x-forwarded-method') ?? req.method;
  return method === 'GET' && (req.get('accept') ?? '').includes('text/html');
}

function isHttps(req: Request): boolean {
  return (req.get('x-forwarded-proto') ?? req.protocol) === 'https';
}

/** Login page, login, logout, and the check Caddy's forward_auth calls on every request. */
export function authRouter(config: Config): Router {
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: '8kb' });
  const cookieOptions = (req: Request) => ({
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: isHttps(req),
    path: '/',
  });

  // Only failures count, so a user who logs in right is never locked out by earlier typos.
  const limiter = rateLimit({
    windowMs: 15 * 60 * 1000,
    limit: 10,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (req: Request, res: Response) => {
      const retry = Math.ceil(Number(res.getHeader('retry-after') ?? 900) / 60);
      const message = `Too many failed attempts. Try again in ${retry} minute${retry === 1 ? '' : 's'}.`;
      res
        .status(429)
        .type('html')
        .send(loginPage({ next: safeNext(req.body?.next), error: message }));
    },
  });

  router.get('/login', (req, res) => {
    res
      .set('cache-control', 'no-store')
      .type('html')
      .send(loginPage({ next: safeNext(req.query.next) }));
  });

  router.post('/login', form, limiter, (req, res) => {
    const { password, next } = LoginForm.parse(req.body ?? {});
    const target = safeNext(next);
    if (!samePassword(password, config.auth.password)) {
      res
        .status(401)
        .type('html')
        .send(loginPage({ next: target, error: 'Wrong password.' }));
      return;
    }
    res.cookie(COOKIE_NAME, issueSession(config.auth.secret, config.auth.maxAgeMs), {
      ...cookieOptions(req),
      maxAge: config.auth.maxAgeMs,
    });
    res.redirect(303, target);
  });

  router.post('/logout', (req, res) => {
    res.clearCookie(COOKIE_NAME, cookieOptions(req));
    res.redirect(303, '/auth/login');
  });

  router.get('/check', (req, res) => {
    res.set('cache-control', 'no-store');
    if (verifySession(readCookie(req.get('cookie'), COOKIE_NAME), config.auth.secret)) {
      res.status(204).end();
      return;
    }
    if (isNavigation(req)) {
      res.redirect(
        302,
        `/auth/login?next=${encodeURIComponent(safeNext(req.get('x-forwarded-uri')))}`,
      );
      return;
    }
    res.status(401).json({ error: 'unauthenticated', message: 'log in at /auth/login first' });
  });

  return router;
}
