/** The watch's doctor runs at the monitor's pace: every 10 s or 4x its last run, at once when the HA daemon changes. */
import { describe, expect, it } from 'vitest';
import { DoctorCadence } from '../../src/cli/listWatch.js';
import type { DoctorCounts } from '../../src/output/watchJson.js';

const counts = (warning: number): DoctorCounts => ({ status: 'WARNING', critical: 0, warning, info: 0 });

/** A cadence whose doctor runs take `tookMs` of a fake clock; `runs` counts them. */
function cadence(tookMs = 100) {
  const c = new DoctorCadence();
  let clock = 0;
  let runs = 0;
  const at = (nowMs: number, daemon: string | null = 'keepalived', result: DoctorCounts | null = counts(runs + 1)) =>
    c.counts(
      daemon,
      nowMs,
      async () => {
        runs++;
        clock += tookMs;
        return result;
      },
      () => clock,
    );
  return { at, runs: () => runs };
}

describe("the watch's doctor", () => {
  it('runs with the first document, then again only once 10 s have passed, carrying its last counts between', async () => {
    const c = cadence();
    expect(await c.at(0)).toEqual(counts(1));
    expect(await c.at(1000)).toEqual(counts(1));
    expect(await c.at(9999)).toEqual(counts(1));
    expect(c.runs()).toBe(1);
    expect(await c.at(10_000)).toEqual(counts(2));
    expect(c.runs()).toBe(2);
  });

  it('waits 4x its last run when that is longer than 10 s', async () => {
    const c = cadence(5000);
    await c.at(0);
    await c.at(19_999);
    expect(c.runs()).toBe(1);
    await c.at(20_000);
    expect(c.runs()).toBe(2);
  });

  it('runs at once when the HA daemon changes, and after a run that failed', async () => {
    const c = cadence();
    await c.at(0, 'keepalived');
    await c.at(1000, null);
    expect(c.runs()).toBe(2);
    expect(await c.at(2000, null, null)).toEqual(counts(2));
    expect(c.runs()).toBe(2);
    const failed = cadence();
    expect(await failed.at(0, null, null)).toBeNull();
    expect(await failed.at(1000, null)).toEqual(counts(2));
  });
});
