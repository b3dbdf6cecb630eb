import { describe, expect, it } from 'vitest';
import { type HaStatus, haStatus } from '../../src/domain/ha.js';
import type { ServiceWithDests } from '../../src/kernel/ipvs/types.js';
import type { HaReading } from '../../src/kernel/keepalived/haReading.js';
import { formatJson } from '../../src/output/jsonSnapshot.js';
import { readDriftTable } from '../../src/state/driftTable.js';
import { driftTableOf, eventsAlong, eventsBetween, type TableSample, viewOf } from '../../src/state/events.js';
import { dest, service, snapshot, stats } from '../output/fixtures.js';

const T = 1_000_000;
const web = (dests = [dest({ address: '10.0.0.11', weight: 3 })], over = {}): ServiceWithDests => ({
  service: service({ address: '192.0.2.10', ...over }),
  dests,
});
const dns = (): ServiceWithDests => ({
  service: service({ address: '192.0.2.53', port: 53, protocol: 17 }),
  dests: [dest({ address: '10.0.0.21', port: 53, weight: 3 })],
});
const at = (t: number, services: ServiceWithDests[], over: Partial<TableSample> = {}): TableSample => ({
  ...snapshot(services),
  takenAt: t,
  ...over,
});
const texts = (a: TableSample, b: TableSample) => eventsBetween(a, b).map((e) => `${e.kind}: ${e.text}`);

describe('events between two samples', () => {
  it('none between equal tables, and none when only counters and connections grew', () => {
    const busy = web([dest({ address: '10.0.0.11', weight: 3, activeConns: 90, stats: stats({ connections: 5n }) })]);
    expect(eventsBetween(at(T, [web()]), at(T + 1000, [web()]))).toEqual([]);
    expect(eventsBetween(at(T, [web()]), at(T + 1000, [busy]))).toEqual([]);
  });

  it('match services by identity, not by position: a reordered table is no change', () => {
    // Matched by position, the reorder would read as scheduler, weight and server changes.
    const a = at(T, [web(), dns()]);
    const b = at(T + 1000, [dns(), web()]);
    expect(eventsBetween(a, b)).toEqual([]);
    const changed = web([dest({ address: '10.0.0.11', weight: 5 })]);
    expect(texts(a, at(T + 1000, [dns(), changed]))).toEqual([
      'weight: weight of -t 192.0.2.10:80 -r 10.0.0.11:80: 3 -> 5',
    ]);
  });

  it('services and real servers added and removed', () => {
    const two = web([dest({ address: '10.0.0.11', weight: 3 }), dest({ address: '10.0.0.12', weight: 2 })]);
    expect(texts(at(T, [web()]), at(T + 1000, [two, dns()]))).toEqual([
      'server-added: real server -t 192.0.2.10:80 -r 10.0.0.12:80 added (weight 2, Masq)',
      'service-added: service -u 192.0.2.53:53 added (rr, 1 real server)',
    ]);
    expect(texts(at(T, [two, dns()]), at(T + 1000, [web()]))).toEqual([
      'server-removed: real server -t 192.0.2.10:80 -r 10.0.0.12:80 removed',
      'service-removed: service -u 192.0.2.53:53 removed',
    ]);
  });

  it('weight, drain and undrain in the words of the weight action', () => {
    const w = (weight: number) => at(T, [web([dest({ address: '10.0.0.11', weight })])]);
    const [drain] = eventsBetween(w(3), w(0));
    expect(drain).toEqual({
      at: T,
      kind: 'drain',
      service: 'TCP 192.0.2.10:80',
      server: '10.0.0.11:80',
      name: null,
      old: 3,
      new: 0,
      text: 'weight of -t 192.0.2.10:80 -r 10.0.0.11:80: 3 -> 0 (drained)',
    });
    expect(texts(w(0), w(4))).toEqual(['undrain: weight of -t 192.0.2.10:80 -r 10.0.0.11:80: 0 -> 4 (undrained)']);
  });

  it('scheduler, flags, persistence, forwarding, thresholds and timeouts, old -> new', () => {
    const a = at(T, [web()]);
    const svc = web([dest({ address: '10.0.0.11', weight: 3, forward: 'route', upperThreshold: 100 })], {
      scheduler: 'sh',
      flags: 0x2 | 0x1 | 0x8,
      timeout: 300,
    });
    const b = at(T + 1000, [svc], { timeouts: { tcp: 600, tcpFin: 120, udp: 300 } });
    expect(texts(a, b)).toEqual([
      'timeout: IPVS timeout tcp: 900 s -> 600 s',
      'scheduler: scheduler of -t 192.0.2.10:80: rr -> sh',
      'flags: flags of -t 192.0.2.10:80: none -> sh-fallback',
      'persistence: persistence of -t 192.0.2.10:80: not persistent -> persistent 300 s, netmask 255.255.255.255',
      'forward: forwarding of -t 192.0.2.10:80 -r 10.0.0.11:80: Masq -> Route',
      'thresholds: thresholds of -t 192.0.2.10:80 -r 10.0.0.11:80: upper 0 lower 0 -> upper 100 lower 0',
    ]);
  });

  it('counters that went back: one service, all services, a real server alone', () => {
    const counted = (svc: bigint, server: bigint, address = '192.0.2.10'): ServiceWithDests => ({
      service: service({ address, stats: stats({ connections: svc }) }),
      dests: [dest({ address: '10.0.0.11', stats: stats({ inBytes: server }) })],
    });
    const a = at(T, [counted(10n, 10n), counted(10n, 10n, '192.0.2.20')]);
    expect(texts(a, at(T, [counted(0n, 0n), counted(12n, 12n, '192.0.2.20')]))).toEqual([
      'zeroed: zeroed the counters of -t 192.0.2.10:80',
    ]);
    expect(texts(a, at(T, [counted(0n, 0n), counted(0n, 0n, '192.0.2.20')]))).toEqual(['zeroed: zeroed all counters']);
    // 32-bit counters (kernels before 4.1) wrap: going back is no zeroing there.
    const wrapped = counted(0n, 10n);
    wrapped.service.stats64 = false;
    expect(texts(a, at(T, [wrapped, counted(12n, 12n, '192.0.2.20')]))).toEqual([]);
    expect(texts(a, at(T, [counted(11n, 1n), counted(10n, 10n, '192.0.2.20')]))).toEqual([
      'zeroed: counters of -t 192.0.2.10:80 -r 10.0.0.11:80 went back',
    ]);
    // Real servers matched by identity too: reordered, the busier one is not taken for the other.
    const pair = (x: bigint, y: bigint, swap = false): ServiceWithDests => {
      const dests = [
        dest({ address: '10.0.0.11', stats: stats({ inBytes: x }) }),
        dest({ address: '10.0.0.12', stats: stats({ inBytes: y }) }),
      ];
      return { service: service({ address: '192.0.2.10' }), dests: swap ? dests.reverse() : dests };
    };
    expect(texts(at(T, [pair(5n, 50n)]), at(T, [pair(6n, 51n, true)]))).toEqual([]);
    expect(texts(at(T, [pair(5n, 50n)]), at(T, [pair(6n, 1n, true)]))).toEqual([
      'zeroed: counters of -t 192.0.2.10:80 -r 10.0.0.12:80 went back',
    ]);
  });

  it('the table cleared is one event, not one per service', () => {
    expect(eventsBetween(at(T, [web(), dns()]), at(T + 1000, []))).toMatchObject([
      { kind: 'cleared', old: 2, new: 0, text: 'cleared the IPVS table (2 services removed)' },
    ]);
    // The last of one service removed is that service removed.
    expect(texts(at(T, [web()]), at(T + 1000, []))).toEqual(['service-removed: service -t 192.0.2.10:80 removed']);
  });

  it('a silence longer than two intervals is a gap (the recorder stopped, or IPVS could not be read)', () => {
    const gap = eventsBetween(at(T, [web()]), at(T + 35_000, [web()]), { intervalMs: 10_000 });
    expect(gap).toMatchObject([{ kind: 'gap', at: T + 35_000 }]);
    expect(gap[0]?.text).toBe(
      'no sample for 35 s before this one: the recorder was stopped or could not read the table',
    );
    expect(eventsBetween(at(T, [web()]), at(T + 20_000, [web()]), { intervalMs: 10_000 })).toEqual([]);
  });

  it('VRRP transitions, checker verdicts and the HA daemon, through the HA log', () => {
    const ha = (state: 'MASTER' | 'BACKUP', up: boolean, daemon: HaReading['daemon'] = 'keepalived'): HaStatus =>
      haStatus(
        {
          takenAt: T,
          daemon,
          pid: 7,
          keepalived: {
            instances: [{ name: 'VI_1', state, lastTransition: T - 500, vips: [] } as never],
            checks: [{ service: 'TCP 192.0.2.10:80', server: '10.0.0.11:80', up, checkers: ['HTTP_GET'] } as never],
            masters: new Map(),
          },
          addresses: [],
          syncedEntries: null,
          localEntries: null,
          error: null,
        },
        [],
        [],
      );
    const events = eventsBetween(at(T - 1000, [], { ha: ha('BACKUP', true) }), at(T, [], { ha: ha('MASTER', false) }));
    expect(events.map((e) => [e.at, e.kind, e.name, e.old, e.new, e.text])).toEqual([
      [T - 500, 'vrrp', 'VI_1', 'BACKUP', 'MASTER', 'VI_1 BACKUP -> MASTER'],
      [
        T,
        'checker',
        'TCP 192.0.2.10:80 10.0.0.11:80',
        'UP',
        'DOWN',
        'checker: TCP 192.0.2.10:80 10.0.0.11:80 DOWN (HTTP_GET)',
      ],
    ]);
    const gone = eventsBetween(at(T, [], { ha: ha('MASTER', true) }), at(T, [], { ha: ha('MASTER', true, null) }));
    expect(gone.map((e) => e.kind)).toContain('ha-daemon');
  });

  it('along a run, each sample is compared with the one before', () => {
    const w = (weight: number, t: number) => at(t, [web([dest({ address: '10.0.0.11', weight })])]);
    const run = [...eventsAlong([w(3, T), w(3, T + 1), w(0, T + 2), w(3, T + 3)])];
    expect(run.map((e) => [e.at, e.kind])).toEqual([
      [T + 2, 'drain'],
      [T + 3, 'undrain'],
    ]);
  });

  it("a sample's drift table is the one drift reads from the list --json document of it", () => {
    const s = snapshot([
      web([dest({ address: '10.0.0.11', forward: 'tunnel', tunnelType: 'gue', tunnelPort: 6080 })]),
      dns(),
    ]);
    const doc: unknown = JSON.parse(formatJson({ snap: s, connError: 'not read' }));
    expect(driftTableOf(viewOf(s))).toEqual(readDriftTable(doc));
  });
});
