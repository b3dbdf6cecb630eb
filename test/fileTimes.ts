/**
 * A vitest reporter for test/run.mjs: each test file's whole time (loading it, its hooks and its
 * tests; the JSON report's times leave the hooks out) into the file named by $IPVSTOP_FILE_TIMES.
 */
import { writeFileSync } from 'node:fs';
import type { Reporter, TestModule } from 'vitest/node';

export default class FileTimes implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const out = process.env.IPVSTOP_FILE_TIMES;
    if (!out) return;
    const times = modules.map((m) => {
      const d = m.diagnostic();
      return {
        file: m.moduleId,
        seconds: (d.prepareDuration + d.collectDuration + d.setupDuration + d.duration) / 1000,
        state: m.state(),
      };
    });
    writeFileSync(out, JSON.stringify(times));
  }
}
