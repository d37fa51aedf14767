/**
 * Runs every benchmark (or those named: `npm run bench -- proxy pwa`), one after another so they
 * never compete for the machine's two cores. Each prints its own figures and baseline ratios.
 * stats.ts and chats.ts are helpers the benchmarks share, not benchmarks.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const dir = import.meta.dirname;
const all = fs
  .readdirSync(dir)
  .filter(
    (f) =>
      f.endsWith('.ts') &&
      !['run.ts', 'stats.ts', 'chats.ts'].includes(f) &&
      !f.endsWith('.test.ts'),
  )
  .map((f) => f.replace(/\.ts$/, ''));
const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !all.includes(w));
if (unknown.length) {
  console.error(`bench: unknown benchmark(s) ${unknown.join(', ')}; have: ${all.join(', ')}`);
  process.exit(2);
}
for (const name of wanted.length ? wanted : all) {
  console.log(`\n=== bench/${name}.ts ===`);
  execFileSync(process.execPath, ['--import', 'tsx', path.join(dir, `${name}.ts`)], {
    stdio: 'inherit',
  });
}
