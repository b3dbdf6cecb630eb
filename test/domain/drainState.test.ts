/** The state word of a real server, and the overload flag derived as the kernel sets and clears it. */
import { describe, expect, it } from 'vitest';
import { drainState, isOverloaded } from '../../src/domain/drainState.js';
import { dest } from '../ui/fakes.js';

const conns = (activeConns: number, inactiveConns: number, persistentConns = 0) => ({
  activeConns,
  inactiveConns,
  persistentConns,
});

describe('drainState', () => {
  it('names weight 0 with entries left draining, without drained; templates count', () => {
    expect(drainState(dest('198.51.100.11', 0, conns(1, 0)))).toBe('draining');
    expect(drainState(dest('198.51.100.11', 0, conns(0, 0, 1)))).toBe('draining');
    expect(drainState(dest('198.51.100.11', 0, conns(0, 0)))).toBe('drained');
    expect(drainState(dest('198.51.100.11', 3, conns(0, 0)))).toBe('active');
  });

  it('derives overload: set at the upper threshold, kept down to the lower one (3/4 of upper without one)', () => {
    const at = (a: number, i: number, l = 0) =>
      dest('198.51.100.11', 1, { ...conns(a, i), upperThreshold: 8, lowerThreshold: l });
    expect(isOverloaded(at(4, 4), false)).toBe(true);
    expect(isOverloaded(at(4, 3), false)).toBe(false);
    expect(isOverloaded(at(4, 2), true)).toBe(true); // 6 >= 3/4 of 8
    expect(isOverloaded(at(3, 2), true)).toBe(false);
    expect(isOverloaded(at(2, 1, 3), true)).toBe(true);
    expect(isOverloaded(at(1, 1, 3), true)).toBe(false);
    expect(drainState(at(8, 0))).toBe('overloaded');
    expect(isOverloaded(dest('198.51.100.11', 1, conns(100, 100)), true)).toBe(false); // no upper threshold
  });
});
