/** Change highlighting in the state: the diff of two readings by identity, and the marks' few seconds. */
import { describe, expect, it } from 'vitest';
import type { Destination, Service } from '../../src/kernel/ipvs/types.js';
import { HIGHLIGHT_MS, nextExpiry } from '../../src/state/highlight.js';
import { destKey, serviceKey } from '../../src/state/identity.js';
import { diffTables } from '../../src/state/tableDiff.js';
import type { MonitorState } from '../../src/state/types.js';
import { selectedGone, serviceRows } from '../../src/state/view.js';
import { headerTotals } from '../../src/ui/derive.js';
import { dest, service, stats, table } from '../ui/fakes.js';
import { poll, run, start } from './build.js';

const WEB = service('192.0.2.1');
const DNS = service('192.0.2.53', 53);
const KEY = serviceKey(WEB);
const RS1 = destKey(KEY, dest('198.51.100.11'));
const RS2 = destKey(KEY, dest('198.51.100.12'));

/** Both services, the web one with these real servers, DNS with one. */
const dests =
  (...web: Destination[]) =>
  (s: Service): Destination[] =>
    s.address === WEB.address ? web : [dest('198.51.100.21')];

const twoServers = (w1 = 1, over: Partial<Destination> = {}) =>
  dests(dest('198.51.100.11', w1, over), dest('198.51.100.12'));

/** A state one poll in (nothing is marked on the first table). */
const first = (config: Parameters<typeof start>[0] = {}): MonitorState =>
  poll(start(config), 0, [WEB, DNS], twoServers());

const marks = (s: MonitorState) =>
  Object.fromEntries(
    serviceRows(s).flatMap((r) =>
      r.kind === 'note' ? [] : [[r.id, { mark: r.mark, changed: r.changed && [...r.changed] }]],
    ),
  );

describe('diffTables', () => {
  it('matches rows by identity, not position: a reordered table with one weight changed changes one row', () => {
    const a = first();
    // The kernel lists the services the other way round now, and 198.51.100.12 first.
    const b = poll(a, 1000, [DNS, WEB], dests(dest('198.51.100.12'), dest('198.51.100.11', 5)));
    const diff = diffTables(a.services, b.services);
    expect([...diff.changed]).toEqual([[RS1, new Set(['weight'])]]);
    expect(diff.added).toEqual([]);
    expect(diff.removedServices).toEqual([]);
    expect(diff.removedDests).toEqual([]);
  });

  it('leaves counters and rates out: traffic alone changes nothing', () => {
    const a = first();
    const busy = { ...WEB, stats: stats(5000, { cps: 40 }) };
    const b = poll(a, 1000, [busy, DNS], twoServers(1, { activeConns: 90, inactiveConns: 300, stats: stats(900) }));
    expect(diffTables(a.services, b.services).changed.size).toBe(0);
  });

  it('names what changed: scheduler, flags, forwarding, thresholds, and the drain state with the weight', () => {
    const a = first();
    const b = poll(
      a,
      1000,
      [{ ...WEB, scheduler: 'rr', flags: 3, timeout: 300 }, DNS],
      dests(dest('198.51.100.11', 0, { forward: 'tunnel', upperThreshold: 9 }), dest('198.51.100.12')),
    );
    const changed = diffTables(a.services, b.services).changed;
    expect(changed.get(KEY)).toEqual(new Set(['scheduler', 'flags']));
    expect(changed.get(RS1)).toEqual(new Set(['forward', 'weight', 'thresholds', 'state']));
  });
});

describe('the marks', () => {
  it('marks a changed weight and its state for a few seconds, then no more', () => {
    let s = poll(first(), 1000, [WEB, DNS], twoServers(0));
    expect(marks(s)[RS1]).toEqual({ mark: undefined, changed: ['weight', 'state'] });
    expect(marks(s)[RS2]).toEqual({ mark: undefined, changed: undefined });
    expect(nextExpiry(s.highlight)).toBe(1000 + HIGHLIGHT_MS);
    s = run(s, { type: 'highlightExpiry', at: 1000 + HIGHLIGHT_MS - 1 });
    expect(marks(s)[RS1]!.changed).toEqual(['weight', 'state']);
    s = run(s, { type: 'highlightExpiry', at: 1000 + HIGHLIGHT_MS });
    expect(marks(s)[RS1]!.changed).toBeUndefined();
    expect(nextExpiry(s.highlight)).toBeUndefined();
  });

  it('keeps a change marked until the next refresh at intervals longer than the few seconds', () => {
    const s = poll(first({ intervalMs: 10_000 }), 10_000, [WEB, DNS], twoServers(4));
    expect(nextExpiry(s.highlight)).toBe(20_000);
  });

  it('marks nothing on the first table, nor with --no-highlight', () => {
    expect(first().highlight.added.size).toBe(0);
    const s = poll(first({ highlight: false }), 1000, [WEB], dests(dest('198.51.100.11', 7)));
    expect(Object.values(marks(s)).every((m) => m.mark === undefined && m.changed === undefined)).toBe(true);
    expect(serviceRows(s).map((r) => r.id)).toEqual([KEY, RS1]);
  });

  it('marks a new real server and a new service new, for a few seconds', () => {
    const FTP = service('192.0.2.21', 21);
    let s = poll(
      first(),
      1000,
      [WEB, DNS, FTP],
      dests(dest('198.51.100.11'), dest('198.51.100.12'), dest('198.51.100.13')),
    );
    const m = marks(s);
    expect(m[destKey(KEY, dest('198.51.100.13'))]!.mark).toBe('new');
    expect(m[serviceKey(FTP)]!.mark).toBe('new');
    expect(m[RS1]!.mark).toBeUndefined();
    s = run(s, { type: 'highlightExpiry', at: 1000 + HIGHLIGHT_MS });
    expect(Object.values(marks(s)).some((x) => x.mark)).toBe(false);
  });

  it('shows a removed real server gone in its place, counted nowhere, then drops it', () => {
    let s = poll(first(), 1000, [WEB, DNS], dests(dest('198.51.100.12')));
    const rows = serviceRows(s);
    expect(rows.map((r) => r.id).slice(0, 3)).toEqual([KEY, RS1, RS2]);
    expect(rows[1]).toMatchObject({ kind: 'dest', mark: 'gone' });
    const totals = headerTotals(s);
    expect(totals.dests).toBe(2); // 198.51.100.12 and DNS's one
    expect(totals.conns).toBe(14); // two servers of 2 active + 5 inactive, not three
    s = run(s, { type: 'highlightExpiry', at: 1000 + HIGHLIGHT_MS });
    expect(serviceRows(s).map((r) => r.id)).not.toContain(RS1);
  });

  it('shows a removed service gone with its real servers, not counted', () => {
    const s = poll(first(), 1000, [DNS], dests());
    const gone = serviceRows(s).filter((r) => r.kind !== 'note' && r.mark === 'gone');
    expect(gone.map((r) => r.id)).toEqual([KEY, RS1, RS2]);
    expect(headerTotals(s).services).toBe(1);
  });

  it('takes a server back within its few seconds as new, not gone', () => {
    let s = poll(first(), 1000, [WEB, DNS], dests(dest('198.51.100.12')));
    s = poll(s, 2000, [WEB, DNS], twoServers());
    expect(marks(s)[RS1]!.mark).toBe('new');
    expect(serviceRows(s).filter((r) => r.id === RS1)).toHaveLength(1);
  });

  it('keeps the selection on a gone row, says it is gone, and moves on when the row leaves', () => {
    let s = run(first(), { type: 'move', by: 1 });
    expect(s.svc.selected).toBe(RS1);
    s = poll(s, 1000, [WEB, DNS], dests(dest('198.51.100.12')));
    expect(s.svc.selected).toBe(RS1);
    expect(selectedGone(s)).toEqual({ what: '198.51.100.11:80', at: 1000 });
    s = run(s, { type: 'highlightExpiry', at: 1000 + HIGHLIGHT_MS });
    expect(s.svc.selected).toBe(RS2);
    expect(selectedGone(s)).toBeUndefined();
  });

  it('marks a connection timeout that changed (the Timeouts pane), for a few seconds', () => {
    const s0 = first();
    const t = s0.meta!.timeouts;
    const s = run(s0, {
      type: 'poll',
      at: 1000,
      prevAt: 0,
      skipped: 0,
      table: table([WEB, DNS], { timeouts: { ...t, tcpFin: t.tcpFin + 1 } }),
      dests: [],
    });
    expect([...s.highlight.timeouts.keys()]).toEqual(['tcpFin']);
    expect(run(s, { type: 'highlightExpiry', at: 1000 + HIGHLIGHT_MS }).highlight.timeouts.size).toBe(0);
  });

  it('drops every mark when IPVS goes away', () => {
    let s = poll(first(), 1000, [DNS], dests());
    s = run(s, { type: 'ipvsAbsent', message: 'IPVS is unavailable', at: 2000 });
    expect(nextExpiry(s.highlight)).toBeUndefined();
    expect(serviceRows(s)).toEqual([]);
  });
});
