/** The poller on a manual clock: what it reads when, and that it dispatches nothing when nothing changed. */
import { describe, expect, it } from 'vitest';
import { IpvsAbsentError } from '../../src/kernel/ipvs/client.js';
import type { ServiceTable } from '../../src/kernel/ipvs/types.js';
import { parseConnTable } from '../../src/kernel/proc/connParser.js';
import type { ConnRowsRead } from '../../src/kernel/proc/connTable.js';
import type { ConnRow, ConnTableSummary } from '../../src/kernel/proc/types.js';
import { serviceKey } from '../../src/state/identity.js';
import type { MonitorEvent } from '../../src/state/model.js';
import { CONN_DURATION_FACTOR, createPoller, LARGE_TABLE, TABLE_DURATION_FACTOR } from '../../src/state/poller.js';
import { dest, FakeKernel, neighbour, service, summary } from '../ui/fakes.js';
import { poll, run, start } from './build.js';
import { ManualClock, settle } from './manualClock.js';

function setup(kernel = new FakeKernel(), fewServices?: number) {
  const clock = new ManualClock();
  const events: MonitorEvent[] = [];
  const poller = createPoller({
    sources: kernel,
    dispatch: (e) => events.push(e),
    intervalMs: 1000,
    clock,
    fewServices,
  });
  const of = <T extends MonitorEvent['type']>(type: T) =>
    events.filter((e): e is Extract<MonitorEvent, { type: T }> => e.type === type);
  return { clock, events, poller, kernel, polls: () => of('poll'), of };
}

/** A read that resolves when the test says so. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Changes the first service's connection counter so the next read differs. */
const bump = (k: FakeKernel, connections: number): void => {
  k.services = [service('192.0.2.1', 80, connections), service('192.0.2.2', 80, 50)];
};

describe('services', () => {
  it('reads services every interval with every real server on a small table', async () => {
    const { clock, poller, kernel, polls } = setup();
    poller.start();
    await clock.advance(0);
    expect(polls()).toHaveLength(1);
    expect(kernel.destReads).toEqual(['192.0.2.1', '192.0.2.2']);
    expect(polls()[0]!.dests.map((d) => d.dests.length)).toEqual([3, 1]);
    bump(kernel, 101);
    await clock.advance(1000);
    expect(kernel.reads.services).toBe(2);
    expect(kernel.destReads).toHaveLength(4);
    expect(polls()).toHaveLength(2);
    expect(polls()[1]!.at).toBe(1000);
    poller.stop();
  });

  it('keeps a fixed rate: a slow read shortens the wait, but never below a tenth of the interval', async () => {
    const kernel = new FakeKernel();
    const { clock, poller } = setup(kernel);
    const starts: number[] = [];
    let cost = 300;
    const read = kernel.readServices.bind(kernel);
    kernel.readServices = async (): Promise<ServiceTable> => {
      starts.push(clock.now());
      clock.t += cost;
      return read();
    };
    poller.start();
    await clock.advance(2500);
    expect(starts).toEqual([0, 1000, 2000]);
    cost = 1500; // slower than the interval: a 100 ms breather, not back-to-back dumps
    await clock.advance(500); // 3000: read takes until 4500
    await clock.advance(1200);
    expect(starts.slice(3)).toEqual([3000, 4600]);
    poller.stop();
  });

  it('dispatches nothing while the table does not change, but once when idle past a kernel tick', async () => {
    const { clock, poller, kernel, polls } = setup();
    poller.start();
    await clock.advance(0);
    bump(kernel, 101);
    await clock.advance(1000); // changed: dispatched
    await clock.advance(1000); // same, within a tick of the change: rates on screen stay
    expect(polls()).toHaveLength(2);
    await clock.advance(2000); // same, 3 s after the change: dispatched so that rates on screen fall to 0
    expect(polls()).toHaveLength(3);
    expect(polls()[2]).toMatchObject({ at: 4000, prevAt: 3000, skipped: 2 });
    await clock.advance(1000); // same: nothing
    expect(kernel.reads.services).toBe(6);
    expect(polls()).toHaveLength(3);
    bump(kernel, 102);
    await clock.advance(1000);
    expect(polls()).toHaveLength(4);
    expect(polls()[3]).toMatchObject({ at: 6000, prevAt: 5000, skipped: 1 });
    poller.stop();
  });

  it("reports the read before each one, dispatched or not, of services and of each one's real servers", async () => {
    const kernel = new FakeKernel();
    const { clock, poller, polls } = setup(kernel);
    poller.start();
    await clock.advance(1000); // the read at 1 s changed nothing: not dispatched
    expect(polls()[0]).toMatchObject({ at: 0, prevAt: -Infinity, skipped: 0 });
    expect(polls()[0]!.dests.map((d) => d.prevAt)).toEqual([-Infinity, -Infinity]);
    poller.setPaused(true);
    await clock.advance(1700);
    bump(kernel, 101);
    poller.setPaused(false); // a read at once
    await clock.advance(0);
    expect(polls()[1]).toMatchObject({ at: 2700, prevAt: 1000, skipped: 1 });
    expect(polls()[1]!.dests.map((d) => d.prevAt)).toEqual([1000, 1000]);
    poller.stop();
  });

  it('dispatches when only a real server changed', async () => {
    const { clock, poller, kernel, polls } = setup();
    poller.start();
    await clock.advance(3000); // first read, then the one that finds it idle past a kernel tick
    expect(polls()).toHaveLength(2);
    kernel.dests.set('192.0.2.2', [dest('198.51.100.11', 1, { activeConns: 9 })]);
    await clock.advance(1000);
    expect(polls()).toHaveLength(3);
    expect(polls()[2]!.dests.find((d) => d.key === serviceKey(kernel.services[1]!))!.dests[0]!.activeConns).toBe(9);
    poller.stop();
  });

  it('refresh() reads services and connections at once', async () => {
    const { clock, poller, kernel } = setup();
    poller.start();
    await clock.advance(0);
    poller.refresh();
    await clock.advance(0);
    expect(kernel.reads.services).toBe(2);
    expect(kernel.reads.conn).toBe(2);
    poller.stop();
  });

  it('stop() ends every loop and leaves no timer behind', async () => {
    const { clock, poller, kernel } = setup();
    poller.start();
    await clock.advance(0);
    poller.stop();
    expect(clock.pending).toBe(0);
    await clock.advance(10_000);
    expect(kernel.reads).toMatchObject({ services: 1, conn: 1, neighbours: 1 });
  });
});

describe('a large table', () => {
  it('is read at most every TABLE_DURATION_FACTOR times its read, and the screen is told how often', async () => {
    const kernel = new FakeKernel();
    kernel.services = Array.from({ length: LARGE_TABLE }, (_, i) => service(`10.1.${i >> 8}.${i & 255}`));
    const { clock, poller, of } = setup(kernel);
    const starts: number[] = [];
    let cost = 1000 / TABLE_DURATION_FACTOR / 2;
    const read = kernel.readServices.bind(kernel);
    kernel.readServices = async (): Promise<ServiceTable> => {
      starts.push(clock.now());
      clock.t += cost;
      return read();
    };
    poller.start();
    await clock.advance(0); // the first read (no table before it, so the interval)
    await clock.advance(3000);
    // TABLE_DURATION_FACTOR times the read is less than the interval: every interval.
    expect(starts.slice(0, 4)).toEqual([0, 1000, 2000, 3000]);
    expect(of('cadence')).toEqual([]);
    cost = 2000 / TABLE_DURATION_FACTOR; // now TABLE_DURATION_FACTOR times it is two intervals
    await clock.advance(5000);
    expect(starts.slice(4, 7)).toEqual([4000, 6000, 8000]);
    expect(of('cadence')).toEqual([{ type: 'cadence', tableEveryMs: 2000 }]);
    poller.stop();
  });

  it('below LARGE_TABLE services is read every interval however long a read takes', async () => {
    const kernel = new FakeKernel();
    kernel.services = Array.from({ length: LARGE_TABLE - 1 }, (_, i) => service(`10.1.${i >> 8}.${i & 255}`));
    const { clock, poller, of } = setup(kernel);
    const starts: number[] = [];
    const read = kernel.readServices.bind(kernel);
    kernel.readServices = async (): Promise<ServiceTable> => {
      starts.push(clock.now());
      clock.t += 600; // TABLE_DURATION_FACTOR times that is far more than the interval
      return read();
    };
    poller.start();
    await clock.advance(3500);
    expect(starts.slice(0, 4)).toEqual([0, 1000, 2000, 3000]);
    expect(of('cadence')).toEqual([]);
    poller.stop();
  });
});

describe('real servers on a big table', () => {
  it('are read only for the services wanted', async () => {
    const { clock, poller, kernel, polls } = setup(new FakeKernel(), 1);
    poller.start();
    await clock.advance(0);
    expect(kernel.reads.dests).toBe(0);
    const key = serviceKey(kernel.services[1]!);
    poller.services.setWanted([key]);
    await clock.advance(200); // debounced kick
    expect(kernel.destReads).toEqual(['192.0.2.2']);
    expect(polls().at(-1)).toMatchObject({ dests: [{ key }] });
    await clock.advance(1000);
    expect(kernel.destReads).toEqual(['192.0.2.2', '192.0.2.2']);
    poller.stop();
  });

  it('debounces selection changes into one read, and does not re-read what it already has', async () => {
    const { clock, poller, kernel } = setup(new FakeKernel(), 1);
    poller.start();
    await clock.advance(0);
    const [a, b] = kernel.services.map(serviceKey) as [string, string];
    poller.services.setWanted([a]);
    await clock.advance(50);
    poller.services.setWanted([a, b]);
    await clock.advance(50);
    expect(kernel.reads.services).toBe(1);
    await clock.advance(50); // 150 ms after the first change
    expect(kernel.reads.services).toBe(2);
    expect(kernel.destReads).toEqual(['192.0.2.1', '192.0.2.2']);
    poller.services.setWanted([b]); // already read: waits for the next tick
    await clock.advance(500);
    expect(kernel.reads.services).toBe(2);
    poller.stop();
  });

  it('ignores wanted keys of services not on the table', async () => {
    const { clock, poller, kernel } = setup(new FakeKernel(), 1);
    poller.start();
    await clock.advance(0);
    poller.services.setWanted(['2 6 203.0.113.9 80']);
    await clock.advance(500);
    expect(kernel.reads.services).toBe(1);
    expect(kernel.reads.dests).toBe(0);
    poller.stop();
  });
});

describe('errors', () => {
  it('turns a failed services read into an error event and recovers on the next good one', async () => {
    const { clock, poller, kernel, events, polls } = setup();
    poller.start();
    await clock.advance(3000); // the first read, and the one that finds it idle: settled
    expect(polls()).toHaveLength(2);
    kernel.failServices = 'no answer from the kernel';
    await clock.advance(1000);
    expect(events.at(-1)).toEqual({ type: 'pollError', source: 'services', message: 'no answer from the kernel' });
    kernel.failServices = undefined;
    await clock.advance(1000);
    // The table is the same as before the error, yet it is dispatched: the screen must drop the error.
    expect(polls()).toHaveLength(3);
    await clock.advance(1000);
    expect(polls()).toHaveLength(3);
    poller.stop();
  });

  it('reports failed real-server reads and marks the poll, then recovers', async () => {
    const { clock, poller, kernel, of, polls } = setup();
    kernel.failDests = 'ENOENT';
    poller.start();
    await clock.advance(0);
    expect(of('pollError')).toEqual([{ type: 'pollError', source: 'dests', message: 'ENOENT' }]);
    expect(polls()[0]).toMatchObject({ destsFailed: true, dests: [] });
    await clock.advance(2000);
    kernel.failDests = undefined;
    await clock.advance(1000);
    expect(polls().at(-1)).toMatchObject({ destsFailed: false });
    expect(polls().at(-1)!.dests).toHaveLength(2);
    poller.stop();
  });

  it('says how long the kernel has not answered while a read hangs, and delivers when it answers', async () => {
    const kernel = new FakeKernel();
    const { clock, poller, events, polls } = setup(kernel);
    poller.start();
    await clock.advance(3000); // settled: the first read, and the one that found it idle
    const read = kernel.readServices.bind(kernel);
    const hung = deferred<ServiceTable>();
    kernel.readServices = () => hung.promise;
    await clock.advance(1000); // starts the hung read at 4000
    await clock.advance(3500);
    // Checked 2 s into the hung read, then every interval; the kernel last answered at 3000.
    expect(events.filter((e) => e.type === 'overdue')).toEqual([
      { type: 'overdue', waitedMs: 3000 },
      { type: 'overdue', waitedMs: 4000 },
    ]);
    hung.resolve(await read());
    await settle();
    // Same table as before, but the header shows STALE until a poll arrives.
    expect(polls()).toHaveLength(3);
    poller.stop();
  });

  it('reports connection-table and neighbour errors and recovers from them', async () => {
    const { clock, poller, kernel, of } = setup();
    kernel.failConn = 'EACCES';
    kernel.failNeighbours = 'EPERM';
    poller.start();
    await clock.advance(0);
    expect(
      of('pollError')
        .map((e) => e.source)
        .sort(),
    ).toEqual(['conn', 'neighbours']);
    kernel.failConn = undefined;
    kernel.failNeighbours = undefined;
    await clock.advance(5000);
    expect(of('conn')).toHaveLength(1);
    expect(of('neighbours')).toHaveLength(1);
    poller.stop();
  });
});

describe('IPVS going away and coming back', () => {
  const gone = new IpvsAbsentError('ENOENT', 'IPVS is unavailable (ENOENT): load the ip_vs module');

  it('says so once, drops no error of its own connection table, backs off, and recovers by itself', async () => {
    const kernel = new FakeKernel();
    const { clock, poller, events, polls, of } = setup(kernel);
    const read = kernel.readServices.bind(kernel);
    const starts: number[] = [];
    kernel.readServices = async () => {
      starts.push(clock.now());
      return read();
    };
    poller.start();
    await clock.advance(3000);
    expect(polls()).toHaveLength(2);
    const readServices = kernel.readServices;
    kernel.readServices = async () => {
      starts.push(clock.now());
      throw gone;
    };
    kernel.failConn = 'ENOENT: /proc/net/ip_vs_conn';
    starts.length = 0;
    await clock.advance(30_000);
    // Reads back off: 2, 4, then every 5 s, so an absent IPVS costs next to nothing.
    expect(starts.slice(0, 6).map((t, i) => t - (starts[i - 1] ?? 4000))).toEqual([0, 2000, 4000, 5000, 5000, 5000]);
    expect(of('ipvsAbsent').every((e) => e.message === gone.message)).toBe(true);
    // A connection-table read may fail before the services read finds IPVS gone; after that, none is reported.
    const firstAbsent = events.findIndex((e) => e.type === 'ipvsAbsent');
    expect(events.slice(firstAbsent).filter((e) => e.type === 'pollError')).toEqual([]);
    expect(run(start(), ...events).errors).toEqual({ services: gone.message });
    kernel.readServices = readServices;
    kernel.failConn = undefined;
    const before = events.length;
    await clock.advance(5000);
    expect(events.slice(before).map((e) => e.type)).toEqual(expect.arrayContaining(['poll', 'conn']));
    expect(polls().at(-1)!.table.services).toHaveLength(2);
    await clock.advance(1000);
    expect(starts.at(-1)! - starts.at(-2)!).toBe(1000); // back to the interval
    poller.stop();
  });

  it('leaves the state with one error and nothing of the old table, and the next good poll brings it back', () => {
    let s = poll(start(), 0, [service('192.0.2.1')]);
    s = run(
      s,
      { type: 'conn', summary: summary({ ESTABLISHED: 1 }) },
      { type: 'pollError', source: 'conn', message: 'EIO' },
      { type: 'pollError', source: 'neighbours', message: 'EPERM' },
    );
    s = run(s, { type: 'ipvsAbsent', message: gone.message, at: 1000 });
    expect(s.services).toEqual([]);
    expect(s.conn).toBeUndefined();
    expect(s.meta).toBeUndefined();
    expect(s.errors).toEqual({ services: gone.message, neighbours: 'EPERM' });
    expect(run(s, { type: 'ipvsAbsent', message: gone.message, at: 1000 })).toBe(s); // nothing to draw again
    s = poll(s, 9000, [service('192.0.2.9')]);
    expect(s.errors).toEqual({ neighbours: 'EPERM' });
    expect(s.services.map((e) => e.service.address)).toEqual(['192.0.2.9']);
  });
});

describe('pause', () => {
  it('reads nothing while paused, and resumes at once', async () => {
    const { clock, poller, kernel } = setup();
    poller.start();
    await clock.advance(0);
    poller.setPaused(true);
    await clock.advance(5000);
    expect(kernel.reads).toMatchObject({ services: 1, conn: 1, neighbours: 1 });
    poller.setPaused(false);
    await clock.advance(0);
    expect(kernel.reads.services).toBe(2);
    poller.stop();
  });

  it('a read in flight when paused delivers nothing', async () => {
    const kernel = new FakeKernel();
    const { clock, poller, polls } = setup(kernel);
    const slow = deferred<ServiceTable>();
    const read = kernel.readServices.bind(kernel);
    kernel.readServices = () => slow.promise;
    poller.start();
    await clock.advance(0);
    poller.setPaused(true);
    slow.resolve(await read());
    await clock.advance(3000);
    expect(polls()).toHaveLength(0);
    poller.stop();
  });
});

describe('connections and neighbours', () => {
  it('spaces connection-table reads by how long they take', async () => {
    const kernel = new FakeKernel();
    const clock = new ManualClock();
    kernel.readConnTable = async () => {
      kernel.reads.conn++;
      clock.t += 600; // a big table: 600 ms a read
      return { ...kernel.conn };
    };
    const poller = createPoller({ sources: kernel, dispatch: () => {}, intervalMs: 1000, clock });
    poller.start();
    await clock.advance(10_000);
    // Each read is followed by 4 x 600 ms of rest: about 3 reads in 10 s, not 10.
    expect(CONN_DURATION_FACTOR).toBe(4);
    expect(kernel.reads.conn).toBeGreaterThanOrEqual(3);
    expect(kernel.reads.conn).toBeLessThanOrEqual(4);
    poller.stop();
  });

  it('reads a fast connection table every interval and dispatches only changes', async () => {
    const { clock, poller, kernel, of } = setup();
    poller.start();
    await clock.advance(3000);
    expect(kernel.reads.conn).toBe(4);
    expect(of('conn')).toHaveLength(1);
    kernel.conn = summary({ ESTABLISHED: 7 });
    await clock.advance(1000);
    expect(of('conn')).toHaveLength(2);
    expect(of('conn')[1]!.summary.states).toEqual({ ESTABLISHED: 7 });
    poller.stop();
  });

  it('reads neighbours every 5 s while the ARP pane is hidden, every interval while shown', async () => {
    const { clock, poller, kernel, of } = setup();
    poller.start();
    await clock.advance(4999);
    expect(kernel.reads.neighbours).toBe(1);
    await clock.advance(1);
    expect(kernel.reads.neighbours).toBe(2);
    expect(of('neighbours')).toHaveLength(1); // the same table twice
    poller.neighbours.setVisible(true); // shown: read at once
    await clock.advance(0);
    expect(kernel.reads.neighbours).toBe(3);
    kernel.neighbours = [neighbour('198.51.100.99')];
    await clock.advance(1000);
    expect(kernel.reads.neighbours).toBe(4);
    expect(of('neighbours')).toHaveLength(2);
    poller.neighbours.setVisible(false);
    await clock.advance(1000); // the wait set while shown
    await clock.advance(4000);
    expect(kernel.reads.neighbours).toBe(5);
    poller.stop();
  });
});

describe('top talkers', () => {
  /** The entry browser's query for every entry, from the start. */
  const all = {
    id: 'all',
    filter: {},
    sort: 'client',
    reverse: false,
    anchor: 'start',
    before: 30,
    after: 30,
  } as const;
  const rows = parseConnTable(
    [
      ...Array.from(
        { length: 5 },
        (_, i) =>
          `TCP CB007132 ${(0x1000 + i).toString(16).toUpperCase()} C0000201 0050 C633640B 0050 SYN_RECV          50`,
      ),
      'TCP CB007107 1F40 C0000202 0050 C633640C 0050 ESTABLISHED     900',
      'TCP CB007107 1F41 C0000202 0050 C633640C 0050 ESTABLISHED     900',
    ].join('\n'),
  );

  it("come from the same read of the table as its counts: the browser's count is the table's", async () => {
    // A table that gains 4 entries between any two reads of it (a busy director).
    class Churning extends FakeKernel {
      private size = 40;
      private grow(): ConnRow[] {
        const lines = Array.from(
          { length: this.size },
          (_, i) =>
            `TCP CB007107 ${(0x2000 + i).toString(16).toUpperCase()} C0000201 0050 C633640B 0050 ESTABLISHED 900`,
        );
        this.size += 4;
        return parseConnTable(lines.join('\n'));
      }
      override async readConnTable(onRow?: (row: ConnRow) => void): Promise<ConnTableSummary> {
        this.connRows = this.grow();
        this.conn = summary({ ESTABLISHED: this.connRows.length });
        return super.readConnTable(onRow);
      }
      override async readConnRows(keep: (row: ConnRow) => boolean, max: number): Promise<ConnRowsRead> {
        this.connRows = this.grow();
        return super.readConnRows(keep, max);
      }
    }
    const { clock, poller, of } = setup(new Churning());
    poller.start();
    await clock.advance(0);
    poller.conn.setTalkers(true);
    poller.conn.setEntries(all, true);
    await clock.advance(3000);
    expect(of('entries').length).toBeGreaterThanOrEqual(2);
    for (const [i, e] of of('entries').entries()) {
      const counted = of('conn')[i + of('conn').length - of('entries').length]!.summary.rows;
      expect(e.window.matched).toBe(counted);
    }
    poller.stop();
  });

  it('and the entry window are dispatched only when a read found something new; after IPVS went and came back, again', async () => {
    const { clock, poller, kernel, of } = setup();
    kernel.connRows = rows;
    poller.start();
    await clock.advance(0);
    poller.conn.setTalkers(true);
    poller.conn.setEntries(all, true);
    await clock.advance(0);
    await clock.advance(5000); // several reads of the same table
    expect([of('talkers').length, of('entries').length]).toEqual([1, 1]);
    kernel.connRows = rows.slice(1);
    await clock.advance(2000);
    expect([of('talkers').length, of('entries').length]).toEqual([2, 2]);
    expect(of('entries').at(-1)!.window.matched).toBe(rows.length - 1);
    poller.conn.forget(); // the reducer dropped its talkers and entries with the table
    await clock.advance(2000);
    expect([of('talkers').length, of('entries').length]).toEqual([3, 3]);
    poller.stop();
  });

  it('are counted on the connection cadence only while the pane shows, overall and for the selected service', async () => {
    const { clock, poller, kernel, of } = setup();
    kernel.connRows = rows;
    poller.start();
    await clock.advance(0);
    expect(of('talkers')).toHaveLength(0);
    poller.conn.setTalkers(true, serviceKey(service('192.0.2.2')));
    await clock.advance(0);
    await clock.advance(1000);
    const t = of('talkers').at(-1)!.talkers;
    expect(t.all.clients.map((c) => [c.key, c.entries.count, c.synRecv.count])).toEqual([
      ['203.0.113.50', 5, 5],
      ['203.0.113.7', 2, 0],
    ]);
    expect(t.service?.report.clients.map((c) => c.key)).toEqual(['203.0.113.7']);
    const seen = of('talkers').length;
    poller.conn.setTalkers(false);
    await clock.advance(3000);
    expect(of('talkers')).toHaveLength(seen);
    poller.stop();
  });
});
