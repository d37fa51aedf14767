import path from 'node:path';
import { z } from 'zod';

/** The repository root: everything the stack runs lives below it (in the image: /opt/dancodes). */
export const ROOT = path.resolve(import.meta.dirname, '..');

/** Provider keys that mean "a real model is configured": then the scripted model is not started. */
export const PROVIDER_KEYS = ['OPENROUTER_API_KEY', 'ANTHROPIC_API_KEY', 'OPENAI_API_KEY'] as const;

const Port = z.coerce.number().int().min(1).max(65535);

const Env = z.object({
  NODE_ENV: z.string().default('development'),
  PORT: Port.default(8080),
  OPENCODE_PORT: Port.default(4096),
  SIDECAR_PORT: Port.default(4097),
  MODEL_PORT: Port.default(4098),
  DATA_DIR: z.string().min(1).default(path.join(ROOT, '.data')),
  PWA_DIR: z
    .string()
    .min(1)
    .default(path.join(ROOT, 'pwa', 'dist')),
  OPENCODE_CWD: z.string().optional(),
  OPENCODE_MODEL: z.string().optional(),
  DANCODES_VERSION: z.string().optional(),
  CADDY_BIN: z.string().default('caddy'),
});

export type StackConfig = ReturnType<typeof stackConfig>;

/** Reads the stack's settings from the environment once; throws a readable error on bad values. */
export function stackConfig(env: NodeJS.ProcessEnv = process.env) {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR);
  const state = path.join(dataDir, 'opencode-state');
  const ports = [e.PORT, e.OPENCODE_PORT, e.SIDECAR_PORT, e.MODEL_PORT];
  if (new Set(ports).size !== ports.length) {
    throw new Error(
      `PORT, OPENCODE_PORT, SIDECAR_PORT and MODEL_PORT must differ (got ${ports.join(', ')})`,
    );
  }
  return {
    production: e.NODE_ENV === 'production',
    ports: {
      caddy: e.PORT,
      opencode: e.OPENCODE_PORT,
      sidecar: e.SIDECAR_PORT,
      model: e.MODEL_PORT,
    },
    dataDir,
    pwaDir: path.resolve(e.PWA_DIR),
    caddyBin: e.CADDY_BIN,
    versionOverride: e.DANCODES_VERSION,
    providerKey: PROVIDER_KEYS.find((k) => env[k]),
    opencodeModel: e.OPENCODE_MODEL,
    paths: {
      secrets: path.join(dataDir, 'secrets.json'),
      projects: path.join(dataDir, 'projects'),
      caddy: path.join(dataDir, 'caddy'),
      opencode: {
        data: path.join(state, 'data'),
        config: path.join(state, 'config'),
        cache: path.join(state, 'cache'),
        state: path.join(state, 'state'),
        home: path.join(state, 'home'),
        // A directory with no project in it: a request that forgot its directory header lands here.
        cwd: e.OPENCODE_CWD ? path.resolve(e.OPENCODE_CWD) : path.join(state, 'no-project'),
      },
    },
  };
}
