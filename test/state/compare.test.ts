/** "Did anything change?": what counts as a change for each read, and what does not. */
import { describe, expect, it } from 'vitest';
import { sameDests, sameNeighbours, sameStats, sameSummary, sameTable } from '../../src/state/compare.js';
import { dest, group, neighbour, service, stats, summary, table } from '../ui/fakes.js';

describe('compare', () => {
  it('a table read again is the same, whatever its latency or time', () => {
    const a = table([service('192.0.2.1')]);
    expect(sameTable(undefined, a)).toBe(false);
    expect(sameTable(a, table([service('192.0.2.1')], { latencyMs: 99, takenAt: 5 }))).toBe(true);
  });

  it.each([
    ['a counter', table([service('192.0.2.1', 80, 101)])],
    ['a kernel rate', table([{ ...service('192.0.2.1'), stats: stats(100, { cps: 1 }) }])],
    ['the scheduler', table([{ ...service('192.0.2.1'), scheduler: 'rr' }])],
    ['a service more', table([service('192.0.2.1'), service('192.0.2.2')])],
    ['a timeout', table([service('192.0.2.1')], { timeouts: { tcp: 1, tcpFin: 120, udp: 300 } })],
    [
      'a sync daemon',
      table([service('192.0.2.1')], { daemons: [{ state: 'master', mcastInterface: 'eth0', syncId: 1 }] }),
    ],
    [
      'the hash table size',
      table([service('192.0.2.1')], { info: { versionCode: 66049, version: '1.2.1', connTableSize: 8 } }),
    ],
  ])('a change of %s is a change', (_what, b) => {
    expect(sameTable(table([service('192.0.2.1')]), b)).toBe(false);
  });

  it('compares real servers field by field', () => {
    expect(sameDests(undefined, [])).toBe(false);
    expect(sameDests([dest('198.51.100.1')], [dest('198.51.100.1')])).toBe(true);
    expect(sameDests([dest('198.51.100.1')], [dest('198.51.100.1', 0)])).toBe(false);
    expect(sameDests([dest('198.51.100.1')], [dest('198.51.100.1', 1, { inactiveConns: 6 })])).toBe(false);
    expect(sameStats(stats(1), stats(1))).toBe(true);
  });

  it('a connection table read again is the same, whatever its time or duration', () => {
    const a = summary({ ESTABLISHED: 2 }, { NONE: 1 }, [
      group('192.0.2.1', 80, '198.51.100.1', 80, { ESTABLISHED: 2 }),
    ]);
    const b = {
      ...summary({ ESTABLISHED: 2 }, { NONE: 1 }, [group('192.0.2.1', 80, '198.51.100.1', 80, { ESTABLISHED: 2 })]),
      takenAt: 9,
      durationMs: 900,
    };
    expect(sameSummary(a, b)).toBe(true);
    expect(sameSummary(undefined, b)).toBe(false);
    // The same counts from a read cut short are news: the screen must say they are partial.
    expect(sameSummary(a, { ...b, truncated: 'time' })).toBe(false);
    expect(sameSummary(a, summary({ ESTABLISHED: 2 }, { NONE: 2 }))).toBe(false);
    expect(
      sameSummary(
        a,
        summary({ ESTABLISHED: 2 }, { NONE: 1 }, [
          group('192.0.2.1', 80, '198.51.100.1', 80, { ESTABLISHED: 1, TIME_WAIT: 1 }),
        ]),
      ),
    ).toBe(false);
  });

  it('compares neighbours by what ip neigh shows', () => {
    expect(sameNeighbours([neighbour('10.0.0.1')], [neighbour('10.0.0.1')])).toBe(true);
    expect(sameNeighbours([neighbour('10.0.0.1')], [neighbour('10.0.0.1', 'lab-rs', { lladdr: '', state: 32 })])).toBe(
      false,
    );
    expect(sameNeighbours([neighbour('10.0.0.1')], [neighbour('10.0.0.1', 'lab-rs', { flags: ['router'] })])).toBe(
      false,
    );
  });
});
