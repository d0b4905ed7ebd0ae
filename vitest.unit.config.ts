import { defineConfig } from 'vitest/config';

// `npm run test:unit`: the pure tests — no JVM, no network, no server; temp files and a `node -e 0` at most — side
// by side, in well under 30 s. `npm test` runs these and the integration tests (vitest.config.ts).
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    pool: 'threads',
    // Pure tests share loaded modules: loading the clients and the schema once per worker, not once per file, is
    // most of the difference between 30 s and 10 s.
    isolate: false,
    reporters: ['default', './test/support/closing-line-reporter.ts'],
  },
});
