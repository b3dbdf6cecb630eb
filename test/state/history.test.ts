/** The CPS history: immutable rings per service and rate mode, points for skipped reads, pruned with the table. */
import { describe, expect, it } from 'vitest';
import {
  type CpsPoints,
  HISTORY_POINTS,
  type HistoryStore,
  historyOf,
  Ring,
  recordHistory,
} from '../../src/state/history.js';

describe('Ring', () => {
  it('starts empty with the default capacity', () => {
    const r = Ring.empty();
    expect(r.length).toBe(0);
    expect(r.capacity).toBe(HISTORY_POINTS);
    expect(r.toArray()).toEqual([]);
  });

  it('reads oldest first and drops the oldest when full', () => {
    let r = Ring.empty(3).push(1, 2);
    expect(r.toArray()).toEqual([1, 2]);
    r = r.push(3, 4);
    expect(r.toArray()).toEqual([2, 3, 4]);
    expect(r.length).toBe(3);
    r = r.push(5, 6, 7, 8);
    expect(r.toArray()).toEqual([6, 7, 8]);
  });

  it('never changes a ring it was pushed from', () => {
    const a = Ring.empty(3).push(1);
    const b = a.push(2);
    expect(a.toArray()).toEqual([1]);
    expect(b.toArray()).toEqual([1, 2]);
  });

  it('gives the newest n values', () => {
    const r = Ring.empty(5).push(1, 2, 3, 4, 5, 6);
    expect(r.last(2)).toEqual([5, 6]);
    expect(r.last(10)).toEqual([2, 3, 4, 5, 6]);
    expect(r.last(0)).toEqual([]);
  });

  it('keeps fractions exactly', () => {
    expect(Ring.empty(2).push(0.5, 1.25).toArray()).toEqual([0.5, 1.25]);
  });
});

describe('recordHistory', () => {
  const alive = (...keys: string[]) => new Set(keys);
  /** The same points in both modes. */
  const both = (...values: number[]): CpsPoints => ({ delta: values, kernel: values });
  const ring = (...values: number[]) => Ring.empty().push(...values);

  it("adds each service's points", () => {
    let h: HistoryStore = new Map();
    h = recordHistory(
      h,
      new Map([
        ['a', both(1)],
        ['b', both(2)],
      ]),
      alive('a', 'b'),
    );
    h = recordHistory(h, new Map([['a', both(3)]]), alive('a', 'b'));
    expect(h.get('a')!.delta.toArray()).toEqual([1, 3]);
    expect(h.get('b')!.delta.toArray()).toEqual([2]); // no point this time
  });

  it("keeps each rate mode's points apart", () => {
    const h = recordHistory(new Map(), new Map([['a', { delta: [0, 9], kernel: [4, 5] }]]), alive('a'));
    expect(historyOf(h, 'a', 'delta', 10)).toEqual([0, 9]);
    expect(historyOf(h, 'a', 'kernel', 1)).toEqual([5]);
    expect(historyOf(h, 'b', 'kernel', 10)).toEqual([]);
  });

  it('appends points for skipped reads before the new one', () => {
    const before = new Map([['a', { delta: ring(7), kernel: ring(7) }]]);
    const h = recordHistory(before, new Map([['a', both(7, 7, 0, 9)]]), alive('a'));
    expect(h.get('a')!.delta.toArray()).toEqual([7, 7, 7, 0, 9]);
  });

  it("appends at most a ring's worth, the newest", () => {
    const many = Array.from({ length: 1000 }, (_, i) => i);
    const h = recordHistory(new Map(), new Map([['a', both(...many)]]), alive('a'));
    expect(h.get('a')!.kernel.toArray()).toEqual(many.slice(-HISTORY_POINTS));
  });

  it('drops services that are gone and starts new ones empty', () => {
    const h = recordHistory(new Map([['gone', { delta: ring(1), kernel: ring(1) }]]), new Map(), alive('new'));
    expect([...h.keys()]).toEqual(['new']);
    expect(h.get('new')!.delta.length).toBe(0);
    expect(h.get('new')!.kernel.length).toBe(0);
  });
});
