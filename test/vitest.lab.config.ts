// Kernel suites: run inside the User-Mode Linux guest, as root, against IPVS
// (see test/run.mjs). The guest's root filesystem is read-only: cache in /tmp.
import { basename } from 'node:path';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Minutes each long suite took in one guest of a CI run (2026-12-05, a 2-core machine), to balance
 * `--shard`: test/run.mjs runs the suites in two guests at once, one a core. A suite not named here
 * counts one minute; a wrong figure only makes one guest finish later, never changes a result.
 */
const MINUTES: Record<string, number> = {
  heartbeat: 8.5,
  monitor: 5.7,
  list: 4.1,
  rates: 4,
  fleet: 3.9,
  ha: 3.5,
  doctor: 3.4,
  drainView: 2.7,
  drain: 2.5,
  exporter: 1.7,
  churn: 1.5,
  conns: 1.4,
};
const minutes = (f: TestSpecification): number => MINUTES[basename(f.moduleId, '.test.ts')] ?? 1;

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

  /** Longest first, each to the shard with the fewest minutes so far (every guest sees the same split). */
  override async shard(files: TestSpecification[]): Promise<TestSpecification[]> {
    const { index, count } = this.ctx.config.shard!;
    const load = new Array<number>(count).fill(0);
    const mine: TestSpecification[] = [];
    const byLength = [...files].sort((a, b) => minutes(b) - minutes(a) || a.moduleId.localeCompare(b.moduleId));
    for (const f of byLength) {
      const lightest = load.indexOf(Math.min(...load));
      load[lightest]! += minutes(f);
      if (lightest === index - 1) mine.push(f);
    }
    return mine;
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
