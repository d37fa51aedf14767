import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { ROOT, parseDockerfile, parseEnv } from './files.ts';

interface FlyToml {
  app: string;
  primary_region: string;
  kill_signal: string;
  kill_timeout: string | number;
  build: { dockerfile: string };
  deploy: { strategy: string };
  env: Record<string, string>;
  http_service: Record<string, unknown>;
  mounts: { source: string; destination: string }[];
  vm: { size: string; memory: string }[];
  checks?: unknown;
}

const fly = parse(fs.readFileSync(path.join(ROOT, 'fly.toml'), 'utf8')) as unknown as FlyToml;
const runtime = parseDockerfile(fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8')).stages.at(
  -1,
)!;
const imageEnv = Object.assign(
  {},
  ...runtime.instructions.filter((i) => i.op === 'ENV').map((i) => parseEnv(i.args)),
) as Record<string, string>;

const seconds = (v: string | number) => {
  if (typeof v === 'number') return v;
  const m = /^(\d+)(s|m)$/.exec(v);
  if (!m) throw new Error(`not a duration: ${v}`);
  return Number(m[1]) * (m[2] === 'm' ? 60 : 1);
};

describe('fly.toml', () => {
  it('names the app and region, and builds the Dockerfile', () => {
    expect(fly.app).toBe('dancodes');
    expect(fly.primary_region).toMatch(/^[a-z]{3}$/);
    expect(fly.build.dockerfile).toBe('Dockerfile');
    expect(fs.existsSync(path.join(ROOT, fly.build.dockerfile))).toBe(true);
  });

  it('sets the production environment, with GITHUB_USER to fill in and no secrets', () => {
    expect(fly.env).toMatchObject({ NODE_ENV: 'production', DATA_DIR: '/vol', GITHUB_USER: '' });
    expect(fly.env.DATA_DIR).toBe(imageEnv.DATA_DIR);
    for (const secret of [
      'AUTH_PASSWORD',
      'AUTH_SECRET',
      'GITHUB_TOKEN',
      'OPENROUTER_API_KEY',
      'FLY_API_TOKEN',
    ]) {
      expect(fly.env, `${secret} belongs in fly secrets`).not.toHaveProperty(secret);
    }
  });

  it('serves the image’s port over HTTPS, always on, with no health checks', () => {
    expect(fly.http_service).toMatchObject({
      internal_port: 8080,
      force_https: true,
      auto_stop_machines: 'off',
      auto_start_machines: true,
      min_machines_running: 1,
    });
    expect(String(fly.http_service.internal_port)).toBe(imageEnv.PORT);
    expect(fly.http_service).not.toHaveProperty('checks');
    expect(fly).not.toHaveProperty('checks');
    expect(fly).not.toHaveProperty('services');
  });

  it('mounts the volume where the image keeps its data', () => {
    expect(fly.mounts).toEqual([{ source: 'dancodes_vol', destination: '/vol' }]);
    expect(fly.mounts[0]!.destination).toBe(imageEnv.DATA_DIR);
  });

  it('runs one shared-cpu-2x machine with 1 GB, replaced at once on deploy', () => {
    expect(fly.vm).toEqual([{ size: 'shared-cpu-2x', memory: '1gb' }]);
    expect(fly.deploy.strategy).toBe('immediate');
  });

  it('stops with SIGTERM and gives the start script time to stop its children', () => {
    expect(fly.kill_signal).toBe('SIGTERM');
    // stack/children.ts gives each child GRACE_MS before SIGKILL, Caddy first and then the rest.
    const grace = Number(
      /GRACE_MS = ([\d_]+)/
        .exec(fs.readFileSync(path.join(ROOT, 'stack/children.ts'), 'utf8'))![1]!
        .replace(/_/g, ''),
    );
    expect(seconds(fly.kill_timeout)).toBeGreaterThan((2 * grace) / 1000);
    expect(seconds(fly.kill_timeout)).toBeLessThanOrEqual(300);
  });
});
