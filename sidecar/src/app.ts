import express from 'express';
import type { Config } from './config.ts';
import { authRouter } from './routes/auth.ts';
import { healthRouter } from './routes/health.ts';
import { reposRouter } from './routes/repos.ts';
import { worktreesRouter } from './routes/worktrees.ts';
import { resourcesRouter } from './routes/resources.ts';
import { docsRouter } from './routes/docs.ts';
import { errorHandler, notFound } from './http/errors.ts';

/** Builds the sidecar app without listening, so tests drive it with supertest. */
export function createApp(config: Config) {
  const app = express();
  app.disable('x-powered-by');
  // Only Caddy on loopback talks to us; trust its X-Forwarded-* for client ip and scheme.
  app.set('trust proxy', 'loopback');
  app.use('/auth', authRouter(config));
  app.use('/admin', healthRouter(config));
  app.use('/admin', express.json({ limit: '1mb' }));
  app.use('/admin', reposRouter(config));
  app.use('/admin', worktreesRouter(config));
  app.use('/admin', resourcesRouter(config));
  app.use('/admin', docsRouter(config));
  app.use(notFound);
  app.use(errorHandler);
  return app;
}
