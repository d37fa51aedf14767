/**
 * The start script: `npm start` locally and the Docker entrypoint in production. Starts the scripted
 * model (unless a provider key is set), opencode, the sidecar, waits for them, then Caddy; stops all
 * of them on SIGTERM/SIGINT, and exits non-zero with a clear message if any of them dies.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { ROOT, stackConfig } from './config.ts';
import { loadSecrets } from './secrets.ts';
import { startChild, type Child } from './children.ts';
import { waitForHttp } from './health.ts';
import { OPENCODE_BIN, opencodeEnv, writeOpencodeConfig } from './opencode.ts';
import { stackVersion } from './version.ts';

/** How long opencode may take on a first start (database migration) before we give up. */
const READY_GIVE_UP_MS = 180_000;

const children: Child[] = [];
let shuttingDown = false;
const stopping = new AbortController();

async function shutdown(code: number): Promise<never> {
  if (!shuttingDown) {
    shuttingDown = true;
    stopping.abort();
    // Caddy first so no request reaches a half-stopped backend; then the rest together.
    const caddy = children.find((c) => c.name === 'caddy');
    await caddy?.stop();
    await Promise.all(children.map((c) => c.stop()));
  }
  process.exit(code);
}

function supervise(child: Child) {
  children.push(child);
  void child.exited.then(({ code, signal }) => {
    if (shuttingDown) return;
    console.error(
      `start: ${child.name} exited unexpectedly (${signal ?? `code ${code}`}); stopping the stack`,
    );
    void shutdown(1);
  });
  return child;
}

async function main() {
  const config = stackConfig();
  const o = config.paths.opencode;
  for (const dir of [
    config.dataDir,
    config.paths.projects,
    config.paths.caddy,
    ...Object.values(o),
  ]) {
    await fs.mkdir(dir, { recursive: true });
  }
  const secrets = await loadSecrets(config.paths.secrets, process.env, config.production);
  const version = stackVersion(config.versionOverride);
  console.log(`start: dancodes ${version}, data in ${config.dataDir}`);

  const node = (script: string) => [`--import`, `tsx`, path.join(ROOT, script)];
  const local = (port: number, p: string) => `http://127.0.0.1:${port}${p}`;

  if (!config.providerKey) {
    console.log('start: no provider key set (e.g. OPENROUTER_API_KEY): using the scripted model');
    supervise(
      startChild({
        name: 'model',
        command: process.execPath,
        args: node('dev/model/server.ts'),
        env: { ...process.env, MODEL_PORT: String(config.ports.model) },
      }),
    );
    await waitForHttp(local(config.ports.model, '/v1/models'), {
      name: 'the scripted model',
      giveUpMs: 60_000,
    });
  }

  const configFile = await writeOpencodeConfig(config);
  const opencode = supervise(
    startChild({
      name: 'opencode',
      command: OPENCODE_BIN,
      args: ['serve', '--port', String(config.ports.opencode), '--hostname', '127.0.0.1'],
      cwd: o.cwd,
      env: opencodeEnv(config, configFile, process.env),
    }),
  );

  supervise(
    startChild({
      name: 'sidecar',
      command: process.execPath,
      args: node('sidecar/src/server.ts'),
      env: {
        ...process.env,
        SIDECAR_PORT: String(config.ports.sidecar),
        DATA_DIR: config.dataDir,
        AUTH_SECRET: secrets.secret,
        AUTH_PASSWORD: secrets.password,
        OPENCODE_URL: local(config.ports.opencode, ''),
        DANCODES_VERSION: version,
        STACK_PIDS: [process.pid, ...children.map((c) => c.pid)].join(','),
      },
    }),
  );

  await Promise.all([
    waitForHttp(local(config.ports.opencode, '/global/health'), {
      name: 'opencode',
      giveUpMs: READY_GIVE_UP_MS,
      abort: stopping.signal,
    }),
    waitForHttp(local(config.ports.sidecar, '/auth/login'), {
      name: 'the sidecar',
      giveUpMs: 60_000,
      abort: stopping.signal,
    }),
  ]);

  supervise(
    startChild({
      name: 'caddy',
      command: config.caddyBin,
      args: ['run', '--config', path.join(ROOT, 'Caddyfile'), '--adapter', 'caddyfile'],
      env: {
        ...process.env,
        PORT: String(config.ports.caddy),
        SIDECAR_PORT: String(config.ports.sidecar),
        OPENCODE_PORT: String(config.ports.opencode),
        PWA_DIR: config.pwaDir,
        // Caddy keeps autosaves and certificates under XDG dirs: keep them with the rest of our state.
        XDG_DATA_HOME: config.paths.caddy,
        XDG_CONFIG_HOME: config.paths.caddy,
      },
    }),
  );
  await waitForHttp(local(config.ports.caddy, '/admin/health'), {
    name: 'caddy',
    giveUpMs: 60_000,
    abort: stopping.signal,
  });

  console.log(
    `start: dancodes is up on http://localhost:${config.ports.caddy} (opencode pid ${opencode.pid})`,
  );
  if (secrets.generatedPassword) {
    console.log(`start: log in with the generated password: ${secrets.password}`);
    console.log(`start: (kept in ${config.paths.secrets}; set AUTH_PASSWORD to choose your own)`);
  }
}

process.on('SIGTERM', () => void shutdown(0));
process.on('SIGINT', () => void shutdown(0));

main().catch((err: Error) => {
  if (shuttingDown) return;
  console.error(`start: ${err.message}`);
  void shutdown(1);
});
