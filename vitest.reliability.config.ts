import { defineConfig } from 'vitest/config';

// The full interrupt matrix (`npm run test:reliability`): every phase × SIGINT, SIGTERM and a double SIGINT on a
// real cluster, about 24 runs; `npm test` runs the fast ones in test/integration/interrupts-keep-what-was-measured.
export default defineConfig({
  test: {
    include: ['test/reliability/**/*.reliability.ts'],
    fileParallelism: false,
    pool: 'forks',
    testTimeout: 180_000,
    reporters: ['default', './test/support/closing-line-reporter.ts'],
  },
});
