/** Small helpers every benchmark shares: timing samples and printing them beside a baseline. */

export interface Summary {
  n: number;
  p50: number;
  p95: number;
  mean: number;
}

export function summarize(samples: number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return {
    n: sorted.length,
    p50: at(0.5),
    p95: at(0.95),
    mean: sorted.reduce((a, b) => a + b, 0) / sorted.length,
  };
}

/** Runs `fn` `n` times after `warmup` unmeasured runs; returns milliseconds per run. */
export async function timeRuns(
  n: number,
  fn: () => Promise<unknown>,
  warmup = 5,
): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

const ms = (v: number) => `${v.toFixed(2)} ms`;

/** Prints rows of `label: p50 / p95` with each row's p50 ratio to the first (the baseline). */
export function printComparison(title: string, rows: [string, Summary][]): void {
  const base = rows[0]![1].p50;
  console.log(title);
  for (const [label, s] of rows) {
    const ratio = (s.p50 / base).toFixed(2);
    console.log(
      `  ${label.padEnd(44)} p50 ${ms(s.p50).padStart(10)}  p95 ${ms(s.p95).padStart(10)}  x${ratio}  (n=${s.n})`,
    );
  }
}
