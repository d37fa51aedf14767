import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const start = path.join(import.meta.dirname, 'start.ts');

function run(env: Record<string, string>) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dancodes-start-'));
  try {
    const res = spawnSync(process.execPath, ['--import', 'tsx', start], {
      env: { ...process.env, DATA_DIR: dataDir, ...env },
      encoding: 'utf8',
    });
    return { ...res, dataDir: fs.readdirSync(dataDir) };
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

describe('start script configuration', () => {
  it('refuses production without AUTH_SECRET, naming the fix, before starting anything', () => {
    const res = run({ NODE_ENV: 'production', AUTH_SECRET: '', AUTH_PASSWORD: 'pw' });
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(
      /AUTH_SECRET is missing: production .* needs at least 32 random characters/,
    );
    expect(res.stdout).not.toMatch(/\[opencode\]/);
  });

  it('refuses a weak AUTH_SECRET in production and never prints it', () => {
    const res = run({ NODE_ENV: 'production', AUTH_SECRET: 'hunter2-weak', AUTH_PASSWORD: 'pw' });
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(/AUTH_SECRET is too short/);
    expect(res.stdout + res.stderr).not.toContain('hunter2-weak');
  });

  it('names a bad port setting', () => {
    const res = run({ PORT: 'eighty' });
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(/PORT/);
  });

  it('refuses two services on one port', () => {
    const res = run({ PORT: '9000', SIDECAR_PORT: '9000' });
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(/must differ/);
  });
});
