// Kernel suites: run inside the User-Mode Linux guest, as root, against IPVS
// (see test/run.mjs). The guest's root filesystem is read-only: cache in /tmp.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: new URL('..', import.meta.url).pathname,
  cacheDir: '/tmp/vitest-cache',
  test: {
    include: ['test/lab/**/*.test.ts'],
    environment: 'node',
    // One kernel, one IPVS table: files must not run concurrently.
    fileParallelism: false,
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
