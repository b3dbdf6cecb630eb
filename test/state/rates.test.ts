/** Rates from two counter samples: real elapsed time, resets, zero periods, u64 counters. */
import { describe, expect, it } from 'vitest';
import { counterDelta, deltaRates, kernelRates, perSecond, sumRates, ZERO_RATES } from '../../src/state/rates.js';
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
