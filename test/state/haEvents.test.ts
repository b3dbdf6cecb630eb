import { describe, expect, it } from 'vitest';
import { type HaStatus, haStatus } from '../../src/domain/ha.js';
import type { SyncDaemon } from '../../src/kernel/ipvs/types.js';
import type { HaReading } from '../../src/kernel/keepalived/haReading.js';
import type { CheckedServer, VrrpInstance } from '../../src/kernel/keepalived/types.js';
import { appendEvents, EVENTS_KEPT, haLogLines } from '../../src/state/eventLog.js';
import { tableEventsBetween } from '../../src/state/events.js';
import { haEventsBetween } from '../../src/state/haEvents.js';
import { serviceKey } from '../../src/state/identity.js';
import { initialState, type MonitorEvent, reducer } from '../../src/state/model.js';
import type { MonitorState, ServiceEntry } from '../../src/state/types.js';
import { dest, service } from '../output/fixtures.js';
import { dest as readDest, service as readService } from '../ui/fakes.js';
import { poll, start } from './build.js';

const instance = (state: VrrpInstance['state'], lastTransition: number): VrrpInstance => ({
  name: 'VI_1',
  state,
  wantState: state,
  vrid: 51,
  interface: 'eth0',
  priority: 100,
  effectivePriority: 100,
  vips: ['10.5.0.100/24'],
  lastTransition,
  advertsReceived: 0,
  advertsSent: 0,
  becameMaster: 0,
  releasedMaster: 0,
});

const check = (up: boolean): CheckedServer => ({
  service: 'TCP 10.5.0.100:8080',
  server: '10.5.0.22:8080',
  up,
  weight: 3,
  effectiveWeight: 3,
  checkers: ['HTTP_GET'],
  failedCheckers: up ? 0 : 1,
  inhibitOnFailure: true,
});

const reading = (state: VrrpInstance['state'], up: boolean, takenAt = 5000): HaReading => ({
  takenAt,
  daemon: 'keepalived',
  pid: 7,
  keepalived: { instances: [instance(state, 4000)], checks: [check(up)], masters: new Map() },
  addresses: [],
  syncedEntries: null,
  localEntries: null,
  error: null,
});

const status = (r: HaReading): HaStatus => haStatus(r, [], []);

describe('HA events', () => {
  it('logs a VRRP transition at keepalived time and a checker verdict at reading time', () => {
    expect(haEventsBetween(status(reading('BACKUP', true)), status(reading('MASTER', false)), 5000)).toEqual([
      { at: 4000, from: 'ha', text: 'VI_1 BACKUP -> MASTER' },
      { at: 5000, from: 'ha', text: 'checker: TCP 10.5.0.100:8080 10.5.0.22:8080 DOWN (HTTP_GET)' },
    ]);
    expect(haEventsBetween(undefined, status(reading('MASTER', true)), 5000)).toEqual([]);
  });

  it('logs services and real servers appearing, going and changing weight', () => {
    const entry = (weights: number[]): ServiceEntry => ({
      key: 'k' as ServiceEntry['key'],
      service: service({ address: '10.5.0.100', port: 80 }),
      track: {} as ServiceEntry['track'],
      dests: weights.map((weight, i) => ({
        key: `d${i}` as never,
        dest: dest({ address: `10.5.0.2${i + 1}`, port: 80, weight }),
        track: {} as ServiceEntry['track'],
        overloaded: false,
      })),
    });
    // The HA pane (and syslog) says they are the kernel's.
    expect(haLogLines(tableEventsBetween([entry([1, 2])], [entry([1, 0, 1])], 9)).map((e) => e.text)).toEqual([
      'kernel: weight of -t 10.5.0.100:80 -r 10.5.0.22:80: 2 -> 0 (drained)',
      'kernel: real server -t 10.5.0.100:80 -r 10.5.0.23:80 added (weight 1, Masq)',
    ]);
    // Real servers not read on one side are not compared (the monitor reads some services' only).
    const unread = { ...entry([]), dests: undefined };
    expect(tableEventsBetween([entry([1, 2])], [unread], 9)).toEqual([]);
    expect(tableEventsBetween([unread], [entry([1, 2])], 9)).toEqual([]);
    expect(tableEventsBetween([entry([1])], [], 9).map((e) => e.text)).toEqual(['service -t 10.5.0.100:80 removed']);
  });

  it('leaves out services that are the same objects in both reads, and still tells one zeroing from all', () => {
    const entryOf = (address: string, connections: bigint): ServiceEntry => {
      const s = service({ address, port: 80 });
      return {
        key: address as ServiceEntry['key'],
        service: { ...s, stats: { ...s.stats, connections } },
        track: {} as ServiceEntry['track'],
      };
    };
    const before = ['10.5.0.1', '10.5.0.2', '10.5.0.3'].map((a) => entryOf(a, 50n));
    const texts = (next: ServiceEntry[]) => tableEventsBetween(before, next, 9).map((e) => e.text);
    // Two services zeroed, the third the very same object: two services' events, not "all".
    expect(texts([entryOf('10.5.0.1', 0n), entryOf('10.5.0.2', 0n), before[2]!])).toEqual([
      'zeroed the counters of -t 10.5.0.1:80',
      'zeroed the counters of -t 10.5.0.2:80',
    ]);
    expect(texts(before.map((e) => entryOf(e.key, 0n)))).toEqual(['zeroed all counters']);
    // A service gone and one added among unchanged ones, wherever they stand.
    expect(texts([before[2]!, entryOf('10.5.0.4', 1n), before[0]!])).toEqual([
      'service -t 10.5.0.2:80 removed',
      'service -t 10.5.0.4:80 added (rr, 0 real servers)',
    ]);
    expect(texts(before)).toEqual([]);
  });

  it('keeps the newest few hundred', () => {
    const many = Array.from({ length: EVENTS_KEPT + 5 }, (_, i) => ({ at: i, from: 'ha' as const, text: String(i) }));
    const log = appendEvents([], many);
    expect(log).toHaveLength(EVENTS_KEPT);
    expect(log.at(-1)?.text).toBe(String(EVENTS_KEPT + 4));
  });

  it('the reducer keeps the status, its error and the log', () => {
    let s: MonitorState = initialState({ intervalMs: 1000, exact: false });
    s = reducer(s, { type: 'ha', reading: reading('BACKUP', true) });
    s = reducer(s, { type: 'ha', reading: { ...reading('MASTER', true), error: 'boom' } });
    expect(s.ha?.instances[0]?.state).toBe('MASTER');
    expect(s.errors.ha).toBe('boom');
    expect(s.events?.map((e) => e.text)).toEqual(['VI_1 BACKUP -> MASTER']);
  });
});

describe("the kernel table's changes", () => {
  it("are dated by the poll that saw them (the poller's clock), not by a clock the reducer reads", () => {
    const svc = readService('10.5.0.100');
    let s = poll(start(), 5_000, [svc], () => [readDest('10.5.0.21', 1)]);
    s = poll(s, 6_000, [svc], () => [readDest('10.5.0.21', 0)]);
    expect(s.events).toEqual([
      { at: 6_000, from: 'table', text: 'weight of -t 10.5.0.100:80 -r 10.5.0.21:80: 1 -> 0 (drained)' },
    ]);
  });
});

describe('a poll after a reading', () => {
  it('sets the checks beside the newest kernel weights', () => {
    let s: MonitorState = initialState({ intervalMs: 1000, exact: false });
    s = reducer(s, { type: 'ha', reading: reading('MASTER', false) });
    expect(s.ha?.checks[0]?.kernelWeight).toBeNull();
    const svc = service({ address: '10.5.0.100', port: 8080 });
    const table = { takenAt: 1, latencyMs: 0, info: { versionCode: 0, version: '1.2.1', connTableSize: 4096 } };
    s = reducer(s, {
      type: 'poll',
      at: 1,
      prevAt: -Infinity,
      skipped: 0,
      table: { ...table, timeouts: { tcp: 1, tcpFin: 1, udp: 1 }, daemons: [], services: [svc] },
      dests: [
        { key: serviceKey(svc), dests: [dest({ address: '10.5.0.22', port: 8080, weight: 0 })], at: 1, prevAt: 0 },
      ],
    });
    expect(s.ha?.checks[0]).toMatchObject({ up: false, kernelWeight: 0, mismatch: null });
  });
});

describe('a poll after a reading without checks', () => {
  const vrrpOnly = (): HaReading => {
    const r = reading('MASTER', true);
    return { ...r, keepalived: { ...r.keepalived!, checks: [] } };
  };
  const table = (daemons: SyncDaemon[]) => ({
    takenAt: 1,
    latencyMs: 0,
    info: { versionCode: 0, version: '1.2.1', connTableSize: 4096 },
    timeouts: { tcp: 1, tcpFin: 1, udp: 1 },
    daemons,
    services: [service({ address: '10.5.0.100', port: 8080 })],
  });
  const pollOf = (at: number, daemons: SyncDaemon[]): MonitorEvent => ({
    type: 'poll',
    at,
    prevAt: at - 1,
    skipped: 0,
    table: table(daemons),
    dests: [],
  });

  it('keeps the HA status as it was (nothing in it comes from the table), until the sync daemons change', () => {
    let s: MonitorState = initialState({ intervalMs: 1000, exact: false });
    s = reducer(s, { type: 'ha', reading: vrrpOnly() });
    s = reducer(s, pollOf(1, []));
    const ha = s.ha;
    s = reducer(s, pollOf(2, []));
    expect(s.ha).toBe(ha);
    const master: SyncDaemon = { state: 'master', mcastInterface: 'eth0', syncId: 1 };
    s = reducer(s, pollOf(3, [master]));
    expect(s.ha).not.toBe(ha);
    expect(s.ha?.syncDaemons).toEqual([master]);
  });
});
