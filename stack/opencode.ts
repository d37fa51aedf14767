import fs from 'node:fs/promises';
import path from 'node:path';
import type { StackConfig } from './config.ts';
import { ROOT } from './config.ts';

/** Variables the agent must never see: it runs arbitrary commands, so it could print them. */
const WITHHELD = ['AUTH_SECRET', 'AUTH_PASSWORD', 'GITHUB_TOKEN', 'FLY_API_TOKEN'];

/**
 * Our part of opencode's config, passed through OPENCODE_CONFIG so a user's own opencode.json in the
 * config dir stays theirs and is merged by opencode itself.
 */
export async function writeOpencodeConfig(config: StackConfig): Promise<string> {
  const file = path.join(config.dataDir, 'opencode-state', 'dancodes.json');
  // The scripted model's config is loaded only when it is used: production with a key never needs dev/.
  const model = config.providerKey
    ? config.opencodeModel
      ? { model: config.opencodeModel }
      : {}
    : (await import('../dev/model/provider.ts')).scriptedProvider(
        `http://127.0.0.1:${config.ports.model}/v1`,
      );
  const body = { $schema: 'https://opencode.ai/config.json', autoupdate: false, ...model };
  await fs.writeFile(file, JSON.stringify(body, null, 2) + '\n');
  return file;
}

/** The environment opencode runs with: all its state under the data dir, no secrets of ours. */
export function opencodeEnv(
  config: StackConfig,
  configFile: string,
  env: NodeJS.ProcessEnv,
): NodeJS.ProcessEnv {
  const o = config.paths.opencode;
  const clean = Object.fromEntries(Object.entries(env).filter(([k]) => !WITHHELD.includes(k)));
  return {
    ...clean,
    HOME: o.home,
    XDG_DATA_HOME: o.data,
    XDG_CONFIG_HOME: o.config,
    XDG_CACHE_HOME: o.cache,
    XDG_STATE_HOME: o.state,
    // opencode installs provider packages with bun; keep bun's cache on the volume too.
    BUN_INSTALL_CACHE_DIR: path.join(o.cache, 'bun'),
    OPENCODE_CONFIG: configFile,
    // The agent commits in worktrees; give it an identity when the host has none.
    GIT_AUTHOR_NAME: env.GIT_AUTHOR_NAME ?? 'dancodes',
    GIT_AUTHOR_EMAIL: env.GIT_AUTHOR_EMAIL ?? 'dancodes@localhost',
    GIT_COMMITTER_NAME: env.GIT_COMMITTER_NAME ?? 'dancodes',
    GIT_COMMITTER_EMAIL: env.GIT_COMMITTER_EMAIL ?? 'dancodes@localhost',
    GIT_TERMINAL_PROMPT: '0',
  };
}

/** The opencode binary from the pinned npm dependency. */
export const OPENCODE_BIN = path.join(ROOT, 'node_modules', '.bin', 'opencode');
