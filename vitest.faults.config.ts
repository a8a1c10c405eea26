import { defineConfig } from 'vitest/config';

/**
 * `npm run test:faults`: the fault suite (test/faults), real processes under load while a
 * dependency fails. Kept out of `npm test`: it takes minutes and measures latency, so its files
 * run one at a time. In CI its JSON report sits beside the main one, and .ci/run sums them.
 */
export default defineConfig({
  resolve: { conditions: ['sightline-source'] },
  ssr: { resolve: { conditions: ['sightline-source'] } },
  test: {
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'test-results-faults.json' }]] : ['default'],
    projects: [
      {
        extends: true,
        test: {
          name: 'faults',
          include: ['test/faults/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
