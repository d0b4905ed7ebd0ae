import { defineConfig } from 'vitest/config';

// `npm run test:unit`: the pure tests — no JVM, no network, no child processes but throwaway temp files — side
// by side, in well under 30 s. `npm test` runs these and the integration tests (vitest.config.ts).
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    pool: 'threads',
    reporters: ['default', './test/support/closing-line-reporter.ts'],
  },
});
