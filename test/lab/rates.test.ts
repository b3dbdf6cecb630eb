/**
 * Rates on the real kernel, under the lab client's steady traffic: the monitor's deltas at
 * -i 1 and -i 0.5 must agree with the kernel's own estimate (what `ipvsadm --rate` prints)
 * on every reading, and never read 0 while traffic flows. IPVS folds its per-CPU counters
 * into the ones it reports only every 2 s, so a delta over one 1 s poll used to read twice the
 * rate, then 0.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IpvsClient } from '../../src/kernel/ipvs/client.js';
import { NeighbourClient } from '../../src/kernel/neigh/client.js';
import { createKernelSources } from '../../src/kernel/sources.js';
import { initialState, reducer } from '../../src/state/model.js';
import { createPoller } from '../../src/state/poller.js';
import type { MonitorState } from '../../src/state/types.js';
import { ROOT, releaseTraffic, sh } from './helpers.js';
import { Screen } from './tmux.js';

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

let ipvs: IpvsClient;

/** The kernel's estimate for the whole table, summed as the header sums ours. */
const kernelCps = (s: MonitorState): number => s.services.reduce((n, e) => n + e.service.stats.cps, 0);
/** Our delta for the whole table; undefined while a service has none yet. */
function ourCps(s: MonitorState): number | undefined {
  let n = 0;
  for (const e of s.services) {
    if (!e.delta) return undefined;
    n += e.delta.cps;
  }
  return n;
}

/**
 * Waits until the kernel's estimate (an average over about 8 s, updated every 2 s) has settled on
 * the traffic: its last 5 readings (8 s) within 10% of their mean, and no longer moving one way
 * (first and last within 5%). Within 10% alone is not settled: traffic that restarted (the monitor
 * suite holds the table still, then lets it go) gives an estimate that climbs slowly, 18 18 20 21,
 * and a reading of ours taken then was 21 against the kernel's 18.
 */
async function steadyKernelRate(): Promise<number> {
  const seen: number[] = [];
  for (let i = 0; i < 30; i++) {
    const services = await ipvs.services();
    seen.push(services.reduce((n, s) => n + s.stats.cps, 0));
    const last = seen.slice(-5);
    const mean = last.reduce((a, b) => a + b, 0) / last.length;
    const steady = last.length === 5 && mean > 0 && last.every((v) => Math.abs(v - mean) <= 0.1 * mean);
    if (steady && Math.abs(last[4]! - last[0]!) <= 0.05 * mean) return mean;
    await pause(2000);
  }
  throw new Error(`the kernel's rate never settled: ${seen.join(' ')}`);
}

/** Runs the monitor's poller and reducer at `intervalMs` for `ms`; the state after each read it sent on. */
async function readings(intervalMs: number, ms: number): Promise<MonitorState[]> {
  let state = initialState({ intervalMs, exact: false });
  const states: MonitorState[] = [];
  // Its own sockets, as a monitor has: on a shared one, a read waited behind the other pollers'
  // and was answered after a tick that came well after the time it was taken at, so the next
  // tick looked late and rates fell to 0 under steady traffic (one CI run, at -i 0.5).
  const [ownIpvs, ownNeigh] = [await IpvsClient.open(), new NeighbourClient()];
  const poller = createPoller({
    sources: createKernelSources(ownIpvs, ownNeigh),
    intervalMs,
    dispatch: (e) => {
      state = reducer(state, e);
      if (e.type === 'poll') states.push(state);
    },
  });
  poller.start();
  await pause(ms);
  poller.stop();
  await pause(1000); // a read in flight ends (and delivers nothing) before its socket closes
  ownIpvs.close();
  ownNeigh.close();
  return states;
}

/**
 * How long the monitor reads at each interval. At -i 0.5 where the reads fall against the kernel's
 * 2 s tick repeats every 4 reads, so a wrong tick count shows within 4: 12 s (24 reads) see each case
 * 6 times. The others keep their time: at -i 3 and 5 up to 3 of about 11 reads are not known yet,
 * and 5 must be. -i 1 is read once for both describes below, each asserting its own bounds.
 */
const READ_MS: Record<number, number> = { 500: 12_000, 1000: 30_000, 2000: 30_000, 3000: 30_000, 5000: 50_000 };

/** The first test waits for all readings: the kernel's steady rate (up to 60 s), then 50 s. */
const READINGS_TIMEOUT_MS = 180_000;

let allReadings: Promise<Map<number, MonitorState[]>> | undefined;
/**
 * At `intervalMs` once the kernel's rate is steady, read once per interval for the whole file. The
 * five intervals read side by side, each its own poller, state and sockets, as five monitors would: one
 * wait for the steady rate and the longest reading (50 s) instead of their sum (152 s). A poll of
 * the lab's four services is a few milliseconds, so they hardly delay each other's timers.
 */
async function steadyReadings(intervalMs: number): Promise<MonitorState[]> {
  allReadings ??= steadyKernelRate().then(async () => {
    const intervals = Object.keys(READ_MS).map(Number);
    const read = await Promise.all(intervals.map((i) => readings(i, READ_MS[i]!)));
    return new Map(intervals.map((i, n) => [i, read[n]!]));
  });
  const r = (await allReadings).get(intervalMs);
  if (!r) throw new Error(`no reading time for -i ${intervalMs} ms`);
  return r;
}

beforeAll(async () => {
  ipvs = await IpvsClient.open();
  if (!/192\.0\.2\.1:80/.test(await sh('ipvsadm -Ln'))) await sh(`bash ${ROOT}src/lab/guest/services.sh`);
  await releaseTraffic();
});

afterAll(() => {
  ipvs.close();
});

describe('delta rates under steady traffic', () => {
  it.each([1000, 500])(
    "at -i %d ms agree with the kernel's on every reading and are never 0",
    async (intervalMs) => {
      const states = await steadyReadings(intervalMs);
      // The first reading has no delta yet; the ones after carry the rate until the next change.
      const taken = states.map((s) => ({ ours: ourCps(s), kernel: kernelCps(s) })).filter((r) => r.ours !== undefined);
      const report = taken.map((r) => `${r.ours!.toFixed(1)}/${r.kernel}`).join(' ');
      expect(taken.length, report).toBeGreaterThanOrEqual(8);
      for (const r of taken) {
        expect(r.ours, report).toBeGreaterThan(0);
        expect(Math.abs(r.ours! - r.kernel) / r.kernel, report).toBeLessThanOrEqual(0.25);
      }
      console.info(`-i ${intervalMs} ms, ours/kernel CPS at each poll sent on: ${report}`);
    },
    READINGS_TIMEOUT_MS,
  );
});

/**
 * How far one service's delta may be from the kernel's smoothed rate. A wrong tick count is off by
 * a third at least (2 ticks taken for 3 at -i 5, 1 for 2 below), so 25% still catches each. A
 * service of the lab's has only 14 connections a tick, and they vary by a few from tick to tick
 * (one CI run saw 11 in one tick of the persistent service, 5.5 a second against the kernel's
 * smoothed 7, the table's total then 19.5 against 21): the deltas show that, the kernel's 8 s
 * average does not. The table's total, 42 a tick, is held to 15%.
 */
const PER_SERVICE_TOLERANCE = 0.25;

describe('delta rates at intervals that are not a whole number of ticks', () => {
  // At -i 3 a 2 s tick falls once or twice between reads: dividing by the time between the reads
  // showed 28 / 14 / 28 for a steady 21 a second (and one service 9.3 / 4.7).
  it.each([1000, 2000, 3000, 5000])(
    "at -i %d ms agree with the kernel's on every reading, for the table and each busy service",
    async (intervalMs) => {
      const states = await steadyReadings(intervalMs);
      const report = states.map((s) => `${ourCps(s)?.toFixed(1) ?? '-'}/${kernelCps(s)}`).join(' ');
      // Not known ('-') only at first: the first reading has no delta, and one more may not tell 1 tick from 2.
      expect(
        states.slice(3).every((s) => ourCps(s) !== undefined),
        report,
      ).toBe(true);
      const taken = states.filter((s) => ourCps(s) !== undefined);
      expect(taken.length, report).toBeGreaterThanOrEqual(5);
      for (const s of taken) {
        expect(Math.abs(ourCps(s)! - kernelCps(s)) / kernelCps(s), report).toBeLessThanOrEqual(0.15);
        for (const e of s.services) {
          if (e.service.stats.cps < 3) continue;
          const line = `${e.key}: ${e.delta!.cps.toFixed(1)}/${e.service.stats.cps} in ${report}`;
          expect(Math.abs(e.delta!.cps - e.service.stats.cps) / e.service.stats.cps, line).toBeLessThanOrEqual(
            PER_SERVICE_TOLERANCE,
          );
        }
      }
      console.info(`-i ${intervalMs} ms, ours/kernel CPS at each poll sent on: ${report}`);
    },
    READINGS_TIMEOUT_MS,
  );
});

describe("the monitor's header at -i 1", () => {
  let screen: Screen | undefined;
  afterAll(() => screen?.kill());

  it(
    'shows a steady total CPS, never 0, near ipvsadm --rate',
    async () => {
      screen = Screen.start('rates', '-i 1', 120, 36);
      await screen.waitFor(/cps \d/, 60_000);
      const kernel = await steadyKernelRate();
      const shown: number[] = [];
      for (let i = 0; i < 24; i++) {
        const m = /\bcps (\d+(?:\.\d+)?)/.exec(screen.text());
        if (m) shown.push(Number(m[1]));
        await pause(500);
      }
      const report = `${shown.join(' ')} (kernel ${kernel})`;
      expect(shown.length, report).toBeGreaterThanOrEqual(20);
      for (const v of shown) expect(Math.abs(v - kernel) / kernel, report).toBeLessThanOrEqual(0.25);
      console.info(`header cps every 0.5 s at -i 1: ${report}`);
      // The first frame with rates (up to 60 s), a settled kernel rate (10-60 s), then 12 s of samples:
      // vitest's default 60 s ended it in one CI run whose lab traffic took long to settle.
    },
    READINGS_TIMEOUT_MS,
  );
});
