// Host suites: everything that does not need a kernel with IPVS.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: new URL('..', import.meta.url).pathname,
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    // test/lab runs in the guest; *.e2e.test.ts boot the lab from the host (test/run.mjs lab runs both).
    exclude: ['test/lab/**', '**/*.e2e.test.ts', 'node_modules/**'],
    environment: 'node',
  },
});
