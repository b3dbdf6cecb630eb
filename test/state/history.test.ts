/** The CPS history: an immutable ring per service, zeros for skipped ticks, pruned with the table. */
import { describe, expect, it } from 'vitest';
import { HISTORY_POINTS, type HistoryStore, Ring, recordHistory } from '../../src/state/history.js';

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

  it('adds one point per service', () => {
    let h: HistoryStore = new Map();
    h = recordHistory(
      h,
      new Map([
        ['a', 1],
        ['b', 2],
      ]),
      alive('a', 'b'),
    );
    h = recordHistory(h, new Map([['a', 3]]), alive('a', 'b'));
    expect(h.get('a')!.toArray()).toEqual([1, 3]);
    expect(h.get('b')!.toArray()).toEqual([2]); // no point this time: unchanged
  });

  it('fills skipped ticks with zeros before the new point', () => {
    const h = recordHistory(new Map([['a', Ring.empty().push(7)]]), new Map([['a', 9]]), alive('a'), 3);
    expect(h.get('a')!.toArray()).toEqual([7, 0, 0, 0, 9]);
  });

  it('caps the zeros at the ring size and ignores a negative gap', () => {
    const h = recordHistory(new Map([['a', Ring.empty(4).push(7)]]), new Map([['a', 9]]), alive('a'), 1_000_000);
    expect(h.get('a')!.toArray()).toEqual([0, 0, 0, 9]);
    const n = recordHistory(new Map(), new Map([['a', 9]]), alive('a'), -5);
    expect(n.get('a')!.toArray()).toEqual([9]);
  });

  it('drops services that are gone and starts new ones empty', () => {
    const h = recordHistory(new Map([['gone', Ring.empty().push(1)]]), new Map(), alive('new'));
    expect([...h.keys()]).toEqual(['new']);
    expect(h.get('new')!.length).toBe(0);
  });
});
