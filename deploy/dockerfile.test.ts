import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ROOT,
  dockerignore,
  execForm,
  importGraph,
  listFiles,
  parseCopy,
  parseDockerfile,
  parseEnv,
  type Stage,
} from './files.ts';

/** The Dockerfile, read as the builder reads it (the parts we use). */
const dockerfile = fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
const { stages } = parseDockerfile(dockerfile);
const [build, runtime] = stages as [Stage, Stage];
const ignored = dockerignore(fs.readFileSync(path.join(ROOT, '.dockerignore'), 'utf8'));
const readJson = (p: string): unknown => JSON.parse(fs.readFileSync(path.join(ROOT, p), 'utf8'));
const rootPkg = readJson('package.json') as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

const ops = (stage: Stage, op: string) => stage.instructions.filter((i) => i.op === op);
const runs = (stage: Stage) => ops(stage, 'RUN').map((i) => i.args);
const copies = (stage: Stage) => ops(stage, 'COPY').map((i) => parseCopy(i.args));
const workdir = (stage: Stage) => ops(stage, 'WORKDIR').at(-1)?.args ?? '/';
const env = (stage: Stage) =>
  Object.assign({}, ...ops(stage, 'ENV').map((i) => parseEnv(i.args))) as Record<string, string>;
const norm = (p: string) => {
  const n = path.posix.normalize(p).replace(/\/$/, '');
  return n === '.' ? '' : n.replace(/^\.\//, '');
};

/** Where a repo path lands in a stage: only through a COPY from the context that mirrors its path. */
function inStage(stage: Stage, file: string): boolean {
  if (ignored(file)) return false;
  return copies(stage)
    .filter((c) => !c.from)
    .some((c) =>
      c.sources.some((s) => {
        const src = norm(s);
        return src === '' || file === src || file.startsWith(`${src}/`);
      }),
    );
}

describe('Dockerfile', () => {
  it('has a build stage and a runtime stage, both on node:20-bookworm-slim', () => {
    expect(stages).toHaveLength(2);
    expect(build.image).toBe('node:20-bookworm-slim');
    expect(build.name).toBe('build');
    expect(runtime.image).toBe('node:20-bookworm-slim');
  });

  it('pins every image it uses, Caddy included (no :latest, no bare name)', () => {
    const images = [
      ...stages.map((s) => s.image),
      ...stages.flatMap((s) =>
        copies(s)
          .map((c) => c.from)
          .filter((f): f is string => !!f),
      ),
    ].filter((i) => !stages.some((s) => s.name === i));
    expect(images.length).toBeGreaterThanOrEqual(3);
    for (const image of images) {
      expect(image, image).toMatch(/^[\w./-]+:[\w.-]+$/);
      expect(image, image).not.toMatch(/:latest$/);
    }
    const caddy = copies(runtime).find((c) => c.from?.startsWith('caddy'));
    expect(caddy?.from).toMatch(/^caddy:2\.\d+\.\d+$/);
    expect(caddy?.sources).toEqual(['/usr/bin/caddy']);
    expect(caddy?.dest).toBe('/usr/bin/caddy');
  });

  it('builds the PWA with npm install (not npm ci: the lock file lacks other platforms’ binaries)', () => {
    for (const stage of stages) expect(runs(stage).join('\n')).not.toMatch(/\bnpm ci\b/);
    expect(runs(build).some((r) => /\bnpm install\b/.test(r) && !/--omit=dev/.test(r))).toBe(true);
    expect(runs(build).some((r) => /\bnpm run build -w pwa\b/.test(r))).toBe(true);
    // The runtime takes the PWA from where `vite build` writes it: dist, unless PWA_OUT_DIR says
    // otherwise, which only a test sets (never the image).
    expect(fs.readFileSync(path.join(ROOT, 'pwa', 'vite.config.ts'), 'utf8')).toContain(
      "process.env.PWA_OUT_DIR ?? 'dist'",
    );
    expect(fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8')).not.toContain('PWA_OUT_DIR');
    const fromBuild = copies(runtime).filter((c) => c.from === 'build');
    expect(fromBuild).toEqual([
      { from: 'build', sources: [path.posix.join(workdir(build), 'pwa/dist')], dest: 'pwa/dist' },
    ]);
  });

  it('copies only sources that exist in the repo and that .dockerignore lets through', () => {
    const local = stages.flatMap((s) =>
      copies(s)
        .filter((c) => !c.from)
        .flatMap((c) => c.sources),
    );
    expect(local.length).toBeGreaterThan(5);
    for (const source of local) {
      expect(fs.existsSync(path.join(ROOT, source)), `${source} exists`).toBe(true);
      expect(ignored(norm(source)), `${source} is not in .dockerignore`).toBe(false);
    }
    // Every COPY of a repo path puts it at the same path below WORKDIR (the start script finds its
    // files relative to the repo root, /opt/dancodes in the image).
    for (const stage of stages) {
      for (const c of copies(stage).filter((c) => !c.from)) {
        for (const s of c.sources) {
          const dest =
            c.dest.endsWith('/') && !s.endsWith('/')
              ? path.posix.join(c.dest, path.posix.basename(s))
              : c.dest;
          expect(path.posix.resolve(workdir(stage), dest), s).toBe(
            path.posix.resolve(workdir(stage), s),
          );
        }
      }
    }
  });

  it('keeps local node_modules, builds, state, git and tests out of the build context', () => {
    for (const p of [
      'node_modules/tsx/package.json',
      'sidecar/node_modules/x',
      'pwa/dist/index.html',
      '.data/secrets.json',
      '.git/HEAD',
      'stack/start.test.ts',
      'e2e/stack.test.ts',
    ]) {
      expect(ignored(p), p).toBe(true);
    }
    for (const p of [
      'stack/start.ts',
      'sidecar/src/server.ts',
      'dev/model/server.ts',
      'Caddyfile',
      'package-lock.json',
    ]) {
      expect(ignored(p), p).toBe(false);
    }
  });

  it('installs git, ca-certificates, tini and the production npm packages in /opt/dancodes', () => {
    const apt = runs(runtime).find((r) => /apt-get install/.test(r)) ?? '';
    for (const pkg of ['git', 'ca-certificates', 'tini'])
      expect(apt).toMatch(new RegExp(`\\s${pkg}(\\s|$)`));
    expect(workdir(runtime)).toBe('/opt/dancodes');
    expect(runs(runtime).some((r) => /\bnpm install\b[^&]*--omit=dev/.test(r))).toBe(true);
    for (const f of [
      'package.json',
      'package-lock.json',
      'pwa/package.json',
      'sidecar/package.json',
    ]) {
      expect(inStage(runtime, f), f).toBe(true);
    }
    // tsx and opencode-ai run in production: they must not be dev dependencies.
    expect(rootPkg.dependencies.tsx).toBeDefined();
    expect(rootPkg.dependencies['opencode-ai']).toBeDefined();
  });

  it('pins opencode-ai at 1.18.33: package.json, the lock file and node_modules agree', () => {
    const pin = rootPkg.dependencies['opencode-ai'];
    expect(pin).toBe('1.18.33');
    expect(readJson('node_modules/opencode-ai/package.json')).toMatchObject({ version: pin });
    const lock = readJson('package-lock.json') as {
      packages: Record<string, { version?: string }>;
    };
    expect(lock.packages['node_modules/opencode-ai']?.version).toBe(pin);
    // If the Dockerfile ever names a version itself, it must be the same one.
    for (const m of dockerfile.matchAll(/opencode-ai@(\S+)/g)) expect(m[1]).toBe(pin);
  });

  it('holds every file the start script runs, and the PWA from the build stage', () => {
    const stackFiles = listFiles('stack').filter(
      (f) => f.endsWith('.ts') && !f.endsWith('.test.ts'),
    );
    // Files the stack names relative to the repo root: node('dev/model/server.ts'), path.join(ROOT, ...).
    const named = new Set<string>();
    for (const f of stackFiles) {
      const src = fs.readFileSync(path.join(ROOT, f), 'utf8');
      for (const m of src.matchAll(/\bnode\(\s*'([^']+)'\s*\)/g)) named.add(m[1]!);
      for (const m of src.matchAll(/path\.join\(\s*ROOT\s*,\s*((?:'[^']*'\s*,?\s*)+)\)/g)) {
        named.add([...m[1]!.matchAll(/'([^']*)'/g)].map((l) => l[1]).join('/'));
      }
    }
    for (const script of [
      'dev/model/server.ts',
      'sidecar/src/server.ts',
      'Caddyfile',
      'package.json',
    ]) {
      expect(named, script).toContain(script);
    }
    const e = env(runtime);
    const graph = importGraph(['stack/start.ts', ...[...named].filter((n) => n.endsWith('.ts'))]);
    expect(graph.unresolved).toEqual([]);
    expect(graph.files.size).toBeGreaterThan(15);
    const missing: string[] = [];
    for (const f of new Set([...graph.files, ...named])) {
      if (f === '.data') {
        expect(e.DATA_DIR, 'the image sets DATA_DIR instead of the repo-local default').toBe(
          '/vol',
        );
      } else if (f.startsWith('node_modules/')) {
        continue; // installed by `npm install --omit=dev` (next test: only production dependencies)
      } else if (f === 'pwa/dist' || f.startsWith('pwa/dist/')) {
        continue; // COPY --from=build (checked above)
      } else if (!inStage(runtime, f)) {
        missing.push(f);
      }
    }
    expect(missing, 'files the start script needs that the image lacks').toEqual([]);
  });

  it('every npm package the stack imports at run time is a production dependency', () => {
    const sidecarPkg = readJson('sidecar/package.json') as { dependencies: Record<string, string> };
    const graph = importGraph(['stack/start.ts', 'sidecar/src/server.ts', 'dev/model/server.ts']);
    const notInstalled = graph.packages.filter(
      ({ file, pkg }) =>
        !(pkg in rootPkg.dependencies) &&
        !(file.startsWith('sidecar/') && pkg in sidecarPkg.dependencies),
    );
    expect(notInstalled, '`npm install --omit=dev` would leave these out').toEqual([]);
  });

  it('gives the PWA build every file it reads', () => {
    const entries = [
      'pwa/index.html',
      'pwa/vite.config.ts',
      ...listFiles('pwa/src').filter((f) => /\.(ts|tsx)$/.test(f) && !/\.test\.tsx?$/.test(f)),
    ];
    const graph = importGraph(entries);
    const tsconfigs = listFiles('pwa').filter((f) => /^pwa\/tsconfig[\w.]*\.json$/.test(f));
    const extended = tsconfigs.flatMap((f) => {
      const ext = (readJson(f) as { extends?: string }).extends;
      return ext ? [path.posix.join('pwa', ext)] : [];
    });
    // Paths the build configs name outside pwa/ ('../icons' as vite's publicDir, the icon source).
    const configs = listFiles('pwa').filter((f) => /^pwa\/[\w.-]+\.config\.ts$/.test(f));
    const named = configs.flatMap((f) =>
      [...fs.readFileSync(path.join(ROOT, f), 'utf8').matchAll(/'(\.\.\/[^']+)'/g)].map((m) =>
        path.posix.join('pwa', m[1]!),
      ),
    );
    for (const n of named) expect(fs.existsSync(path.join(ROOT, n)), `${n} exists`).toBe(true);
    const missing = [...graph.files, ...tsconfigs, ...extended, ...named, ...configs].filter(
      (f) => !inStage(build, f),
    );
    expect(missing, 'files `npm run build -w pwa` reads that the build stage lacks').toEqual([]);
  });

  it('sets the production environment and passes DANCODES_VERSION from a build argument', () => {
    expect(env(runtime)).toMatchObject({
      NODE_ENV: 'production',
      DATA_DIR: '/vol',
      PORT: '8080',
      DANCODES_VERSION: '${DANCODES_VERSION}',
    });
    expect(ops(runtime, 'ARG').map((i) => i.args.split('=')[0])).toContain('DANCODES_VERSION');
    // The sidecar shows this string (it reads DANCODES_VERSION; the start script passes it on).
    expect(fs.readFileSync(path.join(ROOT, 'sidecar/src/config.ts'), 'utf8')).toMatch(
      /DANCODES_VERSION/,
    );
    expect(fs.readFileSync(path.join(ROOT, 'stack/config.ts'), 'utf8')).toMatch(/DANCODES_VERSION/);
  });

  it('runs the start script under tini on port 8080', () => {
    expect(ops(runtime, 'EXPOSE').map((i) => i.args)).toEqual(['8080']);
    expect(execForm(ops(runtime, 'ENTRYPOINT').at(-1)!.args)).toEqual(['tini', '--']);
    expect(execForm(ops(runtime, 'CMD').at(-1)!.args)).toEqual([
      'node',
      '--import',
      'tsx',
      'stack/start.ts',
    ]);
  });
});
