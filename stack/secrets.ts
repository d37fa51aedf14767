import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import { z } from 'zod';

const Stored = z.object({ authSecret: z.string().min(32), authPassword: z.string().min(1) });

export interface AuthSecrets {
  secret: string;
  password: string;
  /** True when the password was generated here (so the start script shows it to the developer). */
  generatedPassword: boolean;
}

/**
 * The auth secret and password: from the environment when set, else generated once and kept in the
 * data dir (mode 600) so sessions and the password survive restarts. Production never generates.
 */
export async function loadSecrets(
  file: string,
  env: NodeJS.ProcessEnv,
  production: boolean,
): Promise<AuthSecrets> {
  if (production) {
    if (!env.AUTH_SECRET || env.AUTH_SECRET.length < 32) {
      throw new Error(
        `AUTH_SECRET is ${env.AUTH_SECRET ? 'too short' : 'missing'}: production (NODE_ENV=production) needs at ` +
          'least 32 random characters, e.g. `fly secrets set AUTH_SECRET=$(openssl rand -hex 32)`',
      );
    }
    if (!env.AUTH_PASSWORD)
      throw new Error('AUTH_PASSWORD is missing: production needs a login password');
    return { secret: env.AUTH_SECRET, password: env.AUTH_PASSWORD, generatedPassword: false };
  }
  let stored: z.infer<typeof Stored> | undefined;
  try {
    stored = Stored.parse(JSON.parse(await fs.readFile(file, 'utf8')));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new Error(`${file} is unreadable or malformed; delete it to generate new secrets`, {
        cause: err,
      });
    }
  }
  if (!stored) {
    stored = {
      authSecret: randomBytes(32).toString('hex'),
      authPassword: randomBytes(9).toString('base64url'),
    };
    await fs.writeFile(file, JSON.stringify(stored, null, 2) + '\n', { mode: 0o600 });
  }
  return {
    secret: env.AUTH_SECRET || stored.authSecret,
    password: env.AUTH_PASSWORD || stored.authPassword,
    generatedPassword: !env.AUTH_PASSWORD,
  };
}
