// Suites that boot the lab from the host (`ipvstop lab` on a terminal, in tmux): run by
// test/run.mjs with the kernel suites, after a build. One lab at a time.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: new URL('..', import.meta.url).pathname,
  test: {
    include: ['test/lab-host/**/*.e2e.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 400_000,
  },
});
