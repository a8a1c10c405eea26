import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['sightline-source'] },
  ssr: { resolve: { conditions: ['sightline-source'] } },
  test: {
    // In CI a JSON report lets .ci/run print the plain "N passed, N failed" closing line.
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'test-results.json' }]] : ['default'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'packages/*/test/*.test.ts', 'scripts/**/*.test.ts', 'bench/http/*.test.ts'],
          exclude: ['**/node_modules/**', '**/*.e2e.test.ts'],
          testTimeout: 20_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: [
            'packages/*/test/integration/**/*.test.ts',
            'examples/*/test/**/*.test.ts',
            'scripts/**/*.e2e.test.ts',
            'deploy/test/**/*.test.ts',
          ],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
