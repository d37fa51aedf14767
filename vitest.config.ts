import { defineConfig } from 'vitest/config';

// No test carries a wall-clock limit (machines are shared and noisy): the timeouts
// below are only a backstop so a hung child process cannot stall CI forever.
const backstop = 20 * 60_000;

export default defineConfig({
  test: {
    testTimeout: backstop,
    hookTimeout: backstop,
    reporters: ['default', './dev/test-summary.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'sidecar/src/**/*.test.ts',
            'stack/**/*.test.ts',
            'dev/**/*.test.ts',
            'pwa/src/**/*.test.ts',
          ],
          testTimeout: backstop,
          hookTimeout: backstop,
        },
      },
      {
        // Whole-stack tests start opencode, Caddy and Chromium: one file at a time on 2 cores.
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts', 'deploy/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: backstop,
          hookTimeout: backstop,
        },
      },
    ],
  },
});
