// Host suites: everything that does not need a kernel with IPVS.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: new URL('..', import.meta.url).pathname,
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    exclude: ['test/lab/**', 'node_modules/**'],
    environment: 'node',
  },
});
