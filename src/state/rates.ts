/**
 * Rates from two samples of the kernel's counters, over the real elapsed time
 * between them (not the nominal interval: a slow poll or a paused timer
 * would otherwise inflate or deflate every rate), as bpftop does.
 */
import type { Stats } from '../kernel/ipvs/types.js';

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

/** Rates between two samples of the same counters. */
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
