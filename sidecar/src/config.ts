import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';

/** Secrets shorter than this are refused in production: an HMAC key must not be guessable. */
const MIN_SECRET_LENGTH = 32;

const Env = z.object({
  NODE_ENV: z.string().default('development'),
  SIDECAR_HOST: z.string().default('127.0.0.1'),
  SIDECAR_PORT: z.coerce.number().int().min(1).max(65535).default(4097),
  DATA_DIR: z
    .string()
    .min(1)
    .default(path.resolve(import.meta.dirname, '../../.data')),
  AUTH_PASSWORD: z.string().min(1, 'AUTH_PASSWORD must not be empty').optional(),
  AUTH_SECRET: z.string().optional(),
  OPENCODE_URL: z.url().default('http://127.0.0.1:4096'),
  GITHUB_TOKEN: z.string().optional(),
  GITHUB_USER: z.string().optional(),
  GITHUB_API_URL: z.url().default('https://api.github.com'),
  GITHUB_URL: z.string().min(1).default('https://github.com'),
  DANCODES_VERSION: z.string().default('dev'),
  /** Pids of the stack's own long-running services, so orphan detection never lists them. */
  STACK_PIDS: z.string().default(''),
  /** How long an orphan gets to exit after SIGTERM before SIGKILL. */
  KILL_GRACE_MS: z.coerce.number().int().min(0).max(60_000).default(5000),
});

export type Config = ReturnType<typeof configFrom>;

/** Parses the environment once; throws a readable error on bad values. */
export function configFrom(env: NodeJS.ProcessEnv = process.env) {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid sidecar configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  if (production && (!e.AUTH_SECRET || e.AUTH_SECRET.length < MIN_SECRET_LENGTH)) {
    throw new Error(
      `AUTH_SECRET is ${e.AUTH_SECRET ? 'too short' : 'missing'}: production needs at least ` +
        `${MIN_SECRET_LENGTH} random characters (e.g. \`openssl rand -hex 32\`)`,
    );
  }
  if (production && !e.AUTH_PASSWORD)
    throw new Error('AUTH_PASSWORD is missing: production needs a login password');
  const dataDir = path.resolve(e.DATA_DIR);
  return {
    production,
    host: e.SIDECAR_HOST,
    port: e.SIDECAR_PORT,
    version: e.DANCODES_VERSION,
    dataDir,
    reposDir: path.join(dataDir, 'projects', 'repos'),
    worktreesDir: path.join(dataDir, 'projects', 'worktrees'),
    opencodeUrl: e.OPENCODE_URL.replace(/\/$/, ''),
    auth: {
      // Outside production a missing password or secret is generated per process, so a bare
      // `node sidecar/src/server.ts` still starts; the start script always passes both.
      password: e.AUTH_PASSWORD ?? randomBytes(12).toString('base64url'),
      secret: e.AUTH_SECRET ?? randomBytes(32).toString('hex'),
      maxAgeMs: 30 * 24 * 60 * 60 * 1000,
    },
    github: {
      token: e.GITHUB_TOKEN || undefined,
      user: e.GITHUB_USER || undefined,
      apiUrl: e.GITHUB_API_URL.replace(/\/$/, ''),
      cloneBase: e.GITHUB_URL.replace(/\/$/, ''),
    },
    killGraceMs: e.KILL_GRACE_MS,
    stackPids: e.STACK_PIDS.split(',')
      .map((s) => Number(s))
      .filter((n) => Number.isInteger(n) && n > 0),
  };
}

/** The config as safe to log: secrets masked. */
export function describeConfig(config: Config): Record<string, unknown> {
  return {
    ...config,
    auth: { password: '***', secret: '***', maxAgeMs: config.auth.maxAgeMs },
    github: { ...config.github, token: config.github.token ? '***' : undefined },
  };
}
