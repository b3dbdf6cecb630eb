// Host suites: everything that does not need a kernel with IPVS.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: new URL('..', import.meta.url).pathname,
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    // test/lab runs in the guest; *.e2e.test.ts boot the lab from the host (test/run.mjs lab runs both).
    exclude: ['test/lab/**', '**/*.e2e.test.ts', 'node_modules/**'],
    environment: 'node',
    // On CI the host suites run niced beside two lab guests on two cores: tests that take 1-2 s on an idle
    // machine took 4-5 s there (CI of 2026-12-07), against vitest's default limit of 5 s. A limit is for a
    // test that hangs, not a speed target.
    testTimeout: 30_000,
  },
});
