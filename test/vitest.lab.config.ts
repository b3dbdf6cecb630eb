// Kernel suites: run inside the User-Mode Linux guest, as root, against IPVS
// (see test/run.mjs). The guest's root filesystem is read-only: cache in /tmp.
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The unload suite first, the others in name order. Removing IPVS needs every ip_vs module free,
 * and a persistence template left by the list suite's SIP service keeps ip_vs_pe_sip in use for
 * longer than a test can wait; the unload suite rebuilds the lab's table when it is done.
 */
class LabOrder extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (f: TestSpecification): string => (f.moduleId.endsWith('/unload.test.ts') ? '0' : `1${f.moduleId}`);
    return [...files].sort((a, b) => rank(a).localeCompare(rank(b)));
  }
}

export default defineConfig({
  root: new URL('..', import.meta.url).pathname,
  cacheDir: '/tmp/vitest-cache',
  test: {
    include: ['test/lab/**/*.test.ts'],
    environment: 'node',
    // One kernel, one IPVS table: files must not run concurrently.
    fileParallelism: false,
    sequence: { sequencer: LabOrder },
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
