/**
 * Rates from samples of the kernel's counters. IPVS does not report its live
 * counters: each CPU counts on its own, and the totals a dump reports are
 * updated only when the rate estimator folds the per-CPU counts in, once per
 * 2 s tick (every kernel since 2.6; a timer up to 6.1, kthreads since 6.2).
 * A delta between two polls 1 s apart therefore sees two ticks' worth or
 * nothing. So a rate is taken only when the counters change, over the time
 * the ticks folded in between cover (kernelTick.ts), never over the time
 * between our polls; bpftop's rule still holds: real elapsed time, never the
 * nominal interval.
 */
import type { Stats } from '../kernel/ipvs/types.js';
import { foldedTicks, KERNEL_TICK_MS, nextAnchors, type TickTrack } from './kernelTick.js';

export { KERNEL_TICK_MS } from './kernelTick.js';

/** Per-second rates of one service or real server. */
export interface RateSet {
  cps: number;
  inPps: number;
  outPps: number;
  inBps: number;
  outBps: number;
}

export const ZERO_RATES: RateSet = Object.freeze({ cps: 0, inPps: 0, outPps: 0, inBps: 0, outBps: 0 });

/**
 * Growth of a counter between two reads. Counters only grow, so a smaller
 * value means they were reset (ipvsadm -Z, or the service was re-created)
 * in between: the growth since the reset is the new value itself, a lower
 * bound, never a negative rate. Kept in bigint: u64 counters pass 2^53.
 */
export function counterDelta(prev: bigint, cur: bigint): bigint {
  return cur >= prev ? cur - prev : cur;
}

/** delta per second over periodMs; 0 for a zero or negative period (clock step, same sample). */
export function perSecond(delta: bigint, periodMs: number): number {
  if (!(periodMs > 0)) return 0;
  return (Number(delta) * 1000) / periodMs;
}

/** Rates between two samples of the same counters, over periodMs. */
export function deltaRates(prev: Stats, cur: Stats, periodMs: number): RateSet {
  const r = (a: bigint, b: bigint): number => perSecond(counterDelta(a, b), periodMs);
  return {
    cps: r(prev.connections, cur.connections),
    inPps: r(prev.inPackets, cur.inPackets),
    outPps: r(prev.outPackets, cur.outPackets),
    inBps: r(prev.inBytes, cur.inBytes),
    outBps: r(prev.outBytes, cur.outBytes),
  };
}

/** The kernel estimator's ~8 s averages, as a RateSet. */
export function kernelRates(s: Stats): RateSet {
  return { cps: s.cps, inPps: s.inPps, outPps: s.outPps, inBps: s.inBps, outBps: s.outBps };
}

/** Sum of rate sets (header totals). */
export function sumRates(sets: Iterable<RateSet>): RateSet {
  const t = { ...ZERO_RATES };
  for (const s of sets) {
    t.cps += s.cps;
    t.inPps += s.inPps;
    t.outPps += s.outPps;
    t.inBps += s.inBps;
    t.outBps += s.outBps;
  }
  return t;
}

/**
 * Counters unchanged this long after they were first read: the tick in between
 * folded nothing, so nothing flowed during it and the rate is 0. The margin is
 * for a tick that runs late on a busy kernel.
 */
export const IDLE_AFTER_MS = KERNEL_TICK_MS + 500;

/** What the rates of one counter set remember between reads. */
export interface RateTrack extends TickTrack {
  /** The period the rates cover, ms. */
  periodMs?: number;
}

/** A counter set as last read, with its rates: undefined until the counters changed once or stayed idle. */
export interface Counted {
  stats: Stats;
  delta?: RateSet;
  track: RateTrack;
}

/** The five counters are the same (the kernel's estimates are not counters). */
export function sameCounters(a: Stats, b: Stats): boolean {
  return (
    a.connections === b.connections &&
    a.inPackets === b.inPackets &&
    a.outPackets === b.outPackets &&
    a.inBytes === b.inBytes &&
    a.outBytes === b.outBytes
  );
}

/** The traffic in one number (bytes weigh most), to tell tick counts apart by (kernelTick.ts). */
const counterSum = (s: Stats): bigint => s.connections + s.inPackets + s.outPackets + s.inBytes + s.outBytes;

/**
 * The counter set after a read at `at`; `prevAt` is the read before (-Infinity: none), which
 * saw the counters as `prev` has them (reads that changed nothing may have been skipped).
 * Unchanged counters keep their rates (the kernel has not ticked yet) until IDLE_AFTER_MS,
 * then show 0.
 */
export function advanceRates(prev: Counted | undefined, stats: Stats, at: number, prevAt: number): Counted {
  const sum = counterSum(stats);
  if (!prev) return { stats, track: { since: at, before: prevAt, anchors: nextAnchors([], at, prevAt, sum) } };
  if (sameCounters(prev.stats, stats)) {
    const idleFor = at - prev.track.since;
    if (idleFor < IDLE_AFTER_MS) return { stats, delta: prev.delta, track: prev.track };
    return { stats, delta: ZERO_RATES, track: { ...prev.track, periodMs: idleFor } };
  }
  const ticks = foldedTicks(prev.track, prevAt, at, counterDelta(counterSum(prev.stats), sum), sum);
  const anchors = nextAnchors(prev.track.anchors, at, prevAt, sum);
  if (ticks === undefined) return { stats, track: { since: at, before: prevAt, anchors } };
  const periodMs = KERNEL_TICK_MS * ticks;
  return {
    stats,
    delta: deltaRates(prev.stats, stats, periodMs),
    track: { since: at, before: prevAt, periodMs, anchors },
  };
}

/**
 * Whether counters read again unchanged at `at` leave `prev` showing what it shows: before IDLE_AFTER_MS
 * its rates stand (advanceRates keeps them), and once they are 0 they stay 0 (advanceRates would only
 * lengthen the idle period, which nothing reads while the counters stay as they are).
 */
export function ratesHold(prev: Pick<Counted, 'delta' | 'track'>, at: number): boolean {
  return prev.delta === ZERO_RATES || at - prev.track.since < IDLE_AFTER_MS;
}

/** The CPS the screen showed at time `t` if the counters did not change after `c` was read. */
export function heldCps(c: Counted, t: number): number | undefined {
  return t - c.track.since >= IDLE_AFTER_MS ? 0 : c.delta?.cps;
}
