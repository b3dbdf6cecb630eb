/** A fixed-rate loop's next tick: one period on, or past the ticks a slow read overran; never back. */
import { describe, expect, it } from 'vitest';
import { nextTick } from '../../src/state/loop.js';

describe('nextTick', () => {
  it('is the next tick after a quick read', () => {
    expect(nextTick(0, 30, 100)).toBe(1);
    expect(nextTick(4, 430, 100)).toBe(5);
  });

  it('skips the ticks a slow read overran, keeping the grid', () => {
    expect(nextTick(0, 250, 100)).toBe(3);
  });

  it('takes a tick that is due just now (a read that took exactly its period)', () => {
    expect(nextTick(0, 100, 100)).toBe(1);
    expect(nextTick(0, 200, 100)).toBe(2);
  });
});
