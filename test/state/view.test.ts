/** What the lists show: rows, neighbour order, scrolling, the selected service and real server. */
import { describe, expect, it } from 'vitest';
import {
  arpRows,
  isExpanded,
  ratesOf,
  scrollTo,
  selectedDest,
  selectedService,
  serviceConns,
  serviceRows,
} from '../../src/state/view.js';
import { dest, neighbour, service, stats } from '../ui/fakes.js';
import { noDests, poll, run, start } from './build.js';

describe('scrollTo', () => {
  it.each([
    // offset, index, height, total -> offset
    [0, 0, 5, 20, 0],
    [0, 4, 5, 20, 0],
    [0, 5, 5, 20, 1], // one past the bottom: scroll one
    [10, 3, 5, 20, 3], // above the top: scroll up to it
    [18, 19, 5, 20, 15], // never past the end
    [0, 2, 5, 3, 0], // fits: no scroll
    [0, 3, 0, 10, 3], // a zero height counts as one row
  ])('scrollTo(%d, %d, %d, %d) = %d', (offset, index, height, total, expected) => {
    expect(scrollTo(offset, index, height, total)).toBe(expected);
  });
});

describe('service rows', () => {
  it("memoises rows on the inputs' identity", () => {
    const s = poll(start(), 0, [service('192.0.2.1')]);
    expect(serviceRows(s)).toBe(serviceRows({ ...s }));
    expect(serviceRows(run(s, { type: 'toggleExpand' }))).not.toBe(serviceRows(s));
  });

  it('keeps the rows of two states apart and recomputes none for a move', () => {
    const a = poll(start(), 0, [service('192.0.2.1')]);
    const b = poll(start(), 0, [service('192.0.2.2')]);
    const rowsA = serviceRows(a);
    expect(serviceRows(b)).not.toBe(rowsA);
    expect(serviceRows(a)).toBe(rowsA);
    expect(serviceRows(run(a, { type: 'move', by: 1 }))).toBe(rowsA);
  });

  it('never gives two rows one id, even from a table that lists a service or real server twice', () => {
    const twice = [dest('198.51.100.1'), dest('198.51.100.2'), dest('198.51.100.1')];
    // Without change highlighting: the rows that went are not shown a few seconds more.
    let s = poll(
      start({ highlight: false }),
      0,
      [service('192.0.2.1'), service('192.0.2.2'), service('192.0.2.1')],
      () => twice,
    );
    const ids = serviceRows(s).map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(serviceRows(s).map((r) => r.kind)).toEqual(['service', 'dest', 'dest', 'service', 'dest', 'dest']);
    s = poll(s, 1000, [service('192.0.2.2')], () => [dest('198.51.100.2')]);
    expect(serviceRows(s).map((r) => r.id)).toHaveLength(2);
  });

  it('sums connections of a service from its real servers, once read', () => {
    const s = poll(start(), 0, [service('192.0.2.1'), service('192.0.2.2')], (x) =>
      x.address === '192.0.2.1' ? [dest('198.51.100.1'), dest('198.51.100.2', 1, { persistentConns: 3 })] : undefined,
    );
    expect(serviceConns(s.services[0]!)).toEqual({ active: 4, inactive: 10, persistent: 3 });
    expect(serviceConns(s.services[1]!)).toBeUndefined();
    expect(isExpanded(s, s.services[0]!.key)).toBe(true);
  });

  it('shows the kernel estimator in kernel mode and nothing before the second sample in delta mode', () => {
    const s = poll(start(), 0, [{ ...service('192.0.2.1'), stats: stats(1, { cps: 42 }) }], noDests);
    expect(ratesOf(s.services[0]!, 'delta')).toBeUndefined();
    expect(ratesOf(s.services[0]!, 'kernel')!.cps).toBe(42);
  });

  it('finds the selected service and real server', () => {
    let s = poll(start(), 0, [service('192.0.2.1')]);
    expect(selectedService(s)?.service.address).toBe('192.0.2.1');
    expect(selectedDest(s)).toBeUndefined();
    s = run(s, { type: 'move', by: 1 });
    expect(selectedDest(s)?.dest.address).toBe('198.51.100.11');
    expect(selectedService(s)?.service.address).toBe('192.0.2.1');
  });
});

describe('neighbour rows', () => {
  const ns = [
    neighbour('198.51.100.20', 'eth1', { states: ['STALE'] }),
    neighbour('198.51.100.3', 'eth1', { ifindex: 4 }),
    neighbour('10.0.0.1', 'eth0', { ifindex: 2, states: ['FAILED'] }),
  ];
  const rows = (sort: 'iface' | 'address' | 'state', reverse = false, filter = '') =>
    arpRows({ neighbours: ns, arp: { ...start().arp, sort, reverse, filter } }).map((n) => n.address);

  it('sorts by interface, address (numerically) or state, and reverses', () => {
    expect(rows('iface')).toEqual(['10.0.0.1', '198.51.100.3', '198.51.100.20']);
    expect(rows('address')).toEqual(['10.0.0.1', '198.51.100.3', '198.51.100.20']);
    expect(rows('state')).toEqual(['10.0.0.1', '198.51.100.3', '198.51.100.20']);
    expect(rows('iface', true)).toEqual(['198.51.100.20', '198.51.100.3', '10.0.0.1']);
  });

  it('filters by interface or address and is empty before the first read', () => {
    expect(rows('iface', false, 'ETH0')).toEqual(['10.0.0.1']);
    expect(rows('iface', false, '100.2')).toEqual(['198.51.100.20']);
    expect(arpRows({ neighbours: undefined, arp: start().arp })).toEqual([]);
  });
});
