/** Rates from counter samples: the kernel's 2 s tick, real elapsed time, idle, resets, zero periods, u64 counters. */
import { describe, expect, it } from 'vitest';
import { foldedTicks } from '../../src/state/kernelTick.js';
import {
  advanceRates,
  type Counted,
  counterDelta,
  deltaRates,
  heldCps,
  IDLE_AFTER_MS,
  KERNEL_TICK_MS,
  kernelRates,
  perSecond,
  ratesHold,
  sumRates,
  ZERO_RATES,
} from '../../src/state/rates.js';
import { stats } from '../ui/fakes.js';

describe('rates', () => {
  it.each([
    [10n, 15n, 5n],
    [10n, 10n, 0n],
    [1000n, 5n, 5n], // reset in between: growth since the reset, never negative
    [2n ** 64n - 1n, 3n, 3n], // u64 wrap reads as a reset too
    [2n ** 53n, 2n ** 53n + 1n, 1n], // past double precision, still exact
  ])('counterDelta(%s, %s) = %s', (prev, cur, delta) => {
    expect(counterDelta(prev, cur)).toBe(delta);
  });

  it.each([
    [100n, 1000, 100],
    [100n, 2000, 50],
    [1n, 250, 4],
    [100n, 0, 0], // same sample
    [100n, -5, 0], // clock stepped back
    [100n, Number.NaN, 0],
  ])('perSecond(%s, %d ms) = %d', (delta, ms, rate) => {
    expect(perSecond(delta, ms)).toBe(rate);
  });

  it('computes all five rates between two samples', () => {
    expect(deltaRates(stats(10), stats(20), 500)).toEqual({
      cps: 20,
      inPps: 200,
      outPps: 180,
      inBps: 20_000,
      outBps: 100_000,
    });
    expect(deltaRates(stats(10), stats(20), 0)).toEqual(ZERO_RATES);
  });

  it('takes the kernel estimator as it is, and sums sets', () => {
    const k = kernelRates(stats(1, { cps: 3, inPps: 4, outPps: 5, inBps: 6, outBps: 7 }));
    expect(k).toEqual({ cps: 3, inPps: 4, outPps: 5, inBps: 6, outBps: 7 });
    expect(sumRates([k, k])).toEqual({ cps: 6, inPps: 8, outPps: 10, inBps: 12, outBps: 14 });
    expect(sumRates([])).toEqual(ZERO_RATES);
    expect(Object.isFrozen(ZERO_RATES)).toBe(true);
  });
});

describe('advanceRates', () => {
  /** Consecutive reads of one counter set: [at, connections]. */
  function reads(...steps: [number, number][]): Counted[] {
    const out: Counted[] = [];
    let c: Counted | undefined;
    let prevAt = -Infinity;
    for (const [at, conns] of steps) {
      c = advanceRates(c, stats(conns), at, prevAt);
      out.push(c);
      prevAt = at;
    }
    return out;
  }

  it('says when the same counters read again change nothing shown, as advanceRates finds', () => {
    const [, changed] = reads([0, 100], [1000, 140]);
    // Before the idle time the rates stand; at it they fall to 0; once 0 they stay 0.
    expect(ratesHold(changed!, 1000 + IDLE_AFTER_MS - 1)).toBe(true);
    expect(advanceRates(changed, changed!.stats, 1000 + IDLE_AFTER_MS - 1, 1000).delta).toBe(changed!.delta);
    expect(ratesHold(changed!, 1000 + IDLE_AFTER_MS)).toBe(false);
    const idle = advanceRates(changed, changed!.stats, 1000 + IDLE_AFTER_MS, 1000);
    expect(idle.delta).toBe(ZERO_RATES);
    expect(ratesHold(idle, 1000 + 10 * IDLE_AFTER_MS)).toBe(true);
    expect(advanceRates(idle, idle.stats, 1000 + 10 * IDLE_AFTER_MS, 1000).delta).toBe(ZERO_RATES);
  });

  it('has no rate before the counters change', () => {
    const [first, same] = reads([0, 100], [1000, 100]);
    expect(first!.delta).toBeUndefined();
    expect(same!.delta).toBeUndefined();
  });

  it("takes a change seen by reads less than a tick apart as one tick's worth, however late it is seen", () => {
    expect(KERNEL_TICK_MS).toBe(2000);
    // At -i 1: the kernel folded 40 connections in at each tick; one read in two sees nothing new.
    const r = reads([0, 100], [1000, 140], [2000, 140], [3000, 180], [4000, 180], [5000, 220]);
    expect(r.map((c) => c.delta?.cps)).toEqual([undefined, 20, 20, 20, 20, 20]);
    const { anchors, ...track } = r[5]!.track;
    expect(track).toEqual({ since: 5000, before: 4000, periodMs: 2000 });
    // Readings a tick apart or more are kept to take the traffic's rate from (the one at 1 s is too near 0 s).
    expect(anchors.map((a) => [a.at, a.after])).toEqual([
      [0, -2120],
      [3000, 2000],
      [5000, 4000],
    ]);
    // A tick seen 0.2 s or 1.9 s after it happened: the same 2 s.
    expect(reads([0, 0], [200, 40])[1]!.delta!.cps).toBe(20);
    expect(reads([0, 0], [1900, 40])[1]!.delta!.cps).toBe(20);
  });

  it('after idle ticks, still one tick: the ticks before folded nothing', () => {
    const r = reads([0, 100], [1000, 140], [2000, 140], [3000, 140], [4000, 140], [5000, 150]);
    expect(r.map((c) => c.delta?.cps)).toEqual([undefined, 20, 20, 20, 0, 5]);
  });

  it("counts the ticks between reads a tick or more apart from where the last change put the kernel's tick", () => {
    // A read late by 1.1 s at -i 1: the change at 1 s puts the tick in (0, 1]; the next ones are in (2, 3]
    // and (4, 5]: one tick, most likely, between the reads at 2 and 4.1 s (two only for a tick by 0.1 s).
    const late = reads([0, 100], [1000, 140], [2000, 140], [4100, 180]);
    expect(late[3]!.track.periodMs).toBe(2000);
    expect(late[3]!.delta!.cps).toBe(20);
    // The previous read not known: the real time since the counters were first read.
    const unknown = advanceRates(reads([0, 100])[0], stats(400), 6000, -Infinity);
    expect(unknown.delta!.cps).toBe(50);
  });

  it('at -i 5, tells 2 ticks from 3 by the traffic: not known at the first change, exact after', () => {
    // 20 connections a second, ticks at 0.7, 2.7, 4.7, ... s: the reads at 5 and 10 s see 3 ticks, then 2.
    const slow = reads([0, 100], [5000, 220], [10_000, 300], [15_000, 420], [20_000, 500]);
    expect(slow.map((c) => c.delta?.cps)).toEqual([undefined, undefined, 20, 20, 20]);
    expect(slow.map((c) => c.track.periodMs)).toEqual([undefined, undefined, 4000, 6000, 4000]);
    // The same at 3 s: one tick or two, one after the other.
    const three = reads([0, 100], [3000, 140], [6000, 220], [9000, 260], [12_000, 340]);
    expect(three.map((c) => c.delta?.cps)).toEqual([undefined, undefined, 20, 20, 20]);
    // Each counter counts: 1 + 10 + 9 + 1000 + 5000 per connection (fakes' stats).
    expect(foldedTicks(three[3]!.track, 9000, 12_000, 80n * 6020n, 340n * 6020n)).toBe(2);
    expect(foldedTicks(three[3]!.track, 9000, 12_000)).toBeUndefined();
  });

  it('takes one tick when the kernel ticked later than the last change says (a busy kernel)', () => {
    expect(foldedTicks({ since: 1000, before: 900, anchors: [] }, 3500, 3600)).toBe(1);
  });

  it('holds the rate while the counters are unchanged, and shows 0 once idle past a tick and a margin', () => {
    const r = reads([0, 100], [1000, 140], [2000, 140], [3000, 140], [3500, 140], [4000, 140]);
    expect(IDLE_AFTER_MS).toBe(2500);
    expect(r.map((c) => c.delta?.cps)).toEqual([undefined, 20, 20, 20, 0, 0]);
    expect(r[4]!.delta).toBe(ZERO_RATES);
    expect(heldCps(r[1]!, 3499)).toBe(20);
    expect(heldCps(r[1]!, 3500)).toBe(0);
    expect(heldCps(r[0]!, 1000)).toBeUndefined();
    // A table idle from the start shows 0 as soon as that is known.
    expect(reads([0, 100], [2500, 100])[1]!.delta).toEqual(ZERO_RATES);
  });

  it("a change of the kernel's estimates alone is not a change of the counters", () => {
    let c = advanceRates(undefined, stats(100), 0, -Infinity);
    c = advanceRates(c, stats(140), 1000, 0);
    c = advanceRates(c, stats(140, { cps: 18 }), 2000, 1000);
    expect(c.track.since).toBe(1000);
    expect(c.stats.cps).toBe(18);
  });

  it('never shows a negative rate after the counters were zeroed', () => {
    const r = reads([0, 1000], [500, 0], [1500, 30]);
    expect(r.map((c) => c.delta?.cps)).toEqual([undefined, 0, 15]);
  });
});
