/** The reducer: polls become rows with rates over the time the kernel's counters cover; errors, actions, viewport. */
import { describe, expect, it } from 'vitest';
import { historyOf } from '../../src/state/history.js';
import { destKey, serviceKey } from '../../src/state/identity.js';
import { initialState, reducer } from '../../src/state/model.js';
import { counterDelta } from '../../src/state/rates.js';
import { FEW_SERVICES } from '../../src/state/snapshot.js';
import { selectedDest, selectedService, serviceRows } from '../../src/state/view.js';
import { dest, service, stats, table } from '../ui/fakes.js';
import { noDests, poll, run, start, twoDests } from './build.js';

const KEY1 = serviceKey(service('192.0.2.1'));

describe('polls', () => {
  it('has no rates before a second sample', () => {
    const s = poll(start(), 0, [service('192.0.2.1')]);
    expect(s.services[0]!.delta).toBeUndefined();
    expect(s.services[0]!.dests![0]!.delta).toBeUndefined();
    expect(s.periodMs).toBeUndefined();
    expect(s.lastPollAt).toBe(0);
    expect(s.meta).toMatchObject({ info: { version: '1.2.1' }, timeouts: { tcp: 900 }, latencyMs: 1 });
  });

  it('computes every rate over the real elapsed time, not the nominal interval', () => {
    let s = poll(start(), 0, [service('192.0.2.1', 80, 100)]);
    s = poll(s, 2000, [service('192.0.2.1', 80, 300)]);
    // +200 connections, +2000 in / +1800 out packets, +200 kB in / +1 MB out, in 2 s.
    expect(s.services[0]!.delta).toEqual({ cps: 100, inPps: 1000, outPps: 900, inBps: 100_000, outBps: 500_000 });
    expect(s.periodMs).toBe(2000);
  });

  it("takes a change seen by reads less than a tick apart as one kernel tick's worth", () => {
    let s = poll(start(), 0, [service('192.0.2.1', 80, 100)]);
    // Reads at 1000..4000 found nothing new and were not dispatched; this one at 5000 did. The kernel
    // folded those 10 connections in at one tick: they were made in the 2 s before it.
    s = poll(s, 5000, [service('192.0.2.1', 80, 110)], twoDests, { prevAt: 4000, skipped: 4 });
    expect(s.services[0]!.delta!.cps).toBe(5);
    expect(s.periodMs).toBe(2000);
    // The skipped reads: no rate yet at 1000 and 2000, then idle past a tick (0), then the new point.
    expect(historyOf(s.history, KEY1, 'delta', 60)).toEqual([0, 0, 5]);
    expect(historyOf(s.history, KEY1, 'kernel', 60)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('computes real-server rates over their own read times', () => {
    let s = poll(start(), 0, [service('192.0.2.1')], () => [dest('198.51.100.11', 1, { stats: stats(10) })]);
    s = reducer(s, {
      type: 'poll',
      at: 3000,
      table: table([service('192.0.2.1')]),
      prevAt: 0,
      skipped: 0,
      dests: [{ key: KEY1, dests: [dest('198.51.100.11', 1, { stats: stats(30) })], at: 500, prevAt: 0 }],
    });
    // 20 in the one tick between reads 0.5 s apart (the services' reads, 3 s apart, would hold one or two).
    expect(s.services[0]!.dests![0]!.delta!.cps).toBe(10);
    expect(s.services[0]!.destsAt).toBe(500);
  });

  it('never shows a negative rate when counters were zeroed', () => {
    let s = poll(start(), 0, [service('192.0.2.1', 80, 1000)], () => [dest('198.51.100.11', 1, { stats: stats(500) })]);
    s = poll(s, 1000, [service('192.0.2.1', 80, 5)], () => [dest('198.51.100.11', 1, { stats: stats(2) })]);
    // Over one kernel tick: the reads were less than a tick apart.
    expect(s.services[0]!.delta!.cps).toBe(2.5);
    expect(s.services[0]!.dests![0]!.delta!.cps).toBe(1);
    for (const v of Object.values(s.services[0]!.delta!)) expect(v).toBeGreaterThanOrEqual(0);
  });

  it('keeps u64 counters exact past 2^53', () => {
    expect(counterDelta(2n ** 63n, 2n ** 63n + 10n)).toBe(10n);
    let s = poll(start(), 0, [{ ...service('192.0.2.1'), stats: stats(0, { connections: 2n ** 60n }) }]);
    s = poll(s, 1000, [{ ...service('192.0.2.1'), stats: stats(0, { connections: 2n ** 60n + 3n }) }]);
    expect(s.services[0]!.delta!.cps).toBe(1.5); // 3 in one kernel tick
  });

  it('keeps the selection on the same service when the table reorders', () => {
    let s = poll(start(), 0, [service('192.0.2.1'), service('192.0.2.2')]);
    s = run(s, { type: 'edge', to: 'last' }, { type: 'move', by: -2 }); // the 192.0.2.2 service row
    const chosen = s.svc.selected;
    expect(chosen).toBe(serviceKey(service('192.0.2.2')));
    s = poll(s, 1000, [service('192.0.2.0'), service('192.0.2.2'), service('192.0.2.1')]);
    expect(s.svc.selected).toBe(chosen);
    expect(selectedService(s)?.service.address).toBe('192.0.2.2');
    expect(serviceRows(s)[s.svc.index]!.id).toBe(chosen);
  });

  it("keeps a selected real server when its service's servers reorder", () => {
    let s = poll(start(), 0, [service('192.0.2.1')]);
    s = run(s, { type: 'move', by: 2 });
    expect(selectedDest(s)?.dest.address).toBe('198.51.100.12');
    s = poll(s, 1000, [service('192.0.2.1')], () => [
      dest('198.51.100.12'),
      dest('198.51.100.10'),
      dest('198.51.100.11'),
    ]);
    expect(s.svc.selected).toBe(destKey(KEY1, dest('198.51.100.12')));
    expect(s.svc.index).toBe(3);
  });

  it('when the selected service goes, selects the row now at its place', () => {
    // Without change highlighting (with it, the row stays a few seconds marked gone: highlight.test.ts).
    let s = poll(start({ highlight: false }), 0, [service('192.0.2.1'), service('192.0.2.2')], noDests);
    s = run(s, { type: 'toggleExpand' }); // collapse the first: rows are the two services
    s = run(s, { type: 'move', by: 1 });
    s = poll(s, 1000, [service('192.0.2.1')], noDests);
    expect(s.svc.selected).toBe(KEY1);
    s = poll(s, 2000, [], noDests);
    expect(s.svc.selected).toBeUndefined();
    expect(selectedService(s)).toBeUndefined();
  });

  it('opens small tables expanded and big ones collapsed, decided once', () => {
    const small = poll(start(), 0, [service('192.0.2.1')]);
    expect(serviceRows(small).map((r) => r.kind)).toEqual(['service', 'dest', 'dest']);
    const many = Array.from({ length: FEW_SERVICES + 10 }, (_, i) => service(`198.18.0.${i}`));
    const big = poll(start(), 0, many, noDests);
    expect(serviceRows(big).every((r) => r.kind === 'service')).toBe(true);
    const grown = poll(small, 1000, [service('192.0.2.1'), ...many], noDests);
    expect(grown.svc.defaultExpanded).toBe(true);
  });

  it('forgets expansion choices of services that are gone', () => {
    let s = poll(start(), 0, [service('192.0.2.1'), service('192.0.2.2')]);
    s = run(s, { type: 'toggleExpand' });
    expect(s.svc.expanded.get(KEY1)).toBe(false);
    s = poll(s, 1000, [service('192.0.2.2')]);
    expect(s.svc.expanded.has(KEY1)).toBe(false);
  });

  it('drops the history of services that are gone', () => {
    let s = poll(start(), 0, [service('192.0.2.1'), service('192.0.2.2')]);
    s = poll(s, 1000, [service('192.0.2.1', 80, 101), service('192.0.2.2')]);
    expect([...s.history.keys()]).toHaveLength(2);
    s = poll(s, 2000, [service('192.0.2.2')]);
    expect([...s.history.keys()]).toEqual([serviceKey(service('192.0.2.2'))]);
  });
});

describe('errors and staleness', () => {
  it('records errors per source and clears each on its next good read', () => {
    let s = run(
      start(),
      { type: 'pollError', source: 'services', message: 'EPERM' },
      { type: 'pollError', source: 'conn', message: 'EACCES' },
      { type: 'pollError', source: 'neighbours', message: 'EIO' },
    );
    expect(s.errors).toEqual({ services: 'EPERM', conn: 'EACCES', neighbours: 'EIO' });
    s = poll(s, 0, [service('192.0.2.1')]);
    expect(s.errors).toEqual({ conn: 'EACCES', neighbours: 'EIO' });
    s = run(s, {
      type: 'conn',
      summary: { rows: 0, states: {}, templates: {}, groups: new Map(), malformed: 0, takenAt: 0, durationMs: 1 },
    });
    s = run(s, { type: 'neighbours', neighbours: [] });
    expect(s.errors).toEqual({});
  });

  it('keeps a real-server error while real-server reads still fail', () => {
    let s = run(start(), { type: 'pollError', source: 'dests', message: 'ENOENT' });
    s = poll(s, 0, [service('192.0.2.1')], noDests, { destsFailed: true });
    expect(s.errors).toEqual({ dests: 'ENOENT' });
    s = poll(s, 1000, [service('192.0.2.1')]);
    expect(s.errors).toEqual({});
  });

  it('returns the same state for a repeated error (nothing to re-render)', () => {
    const s = run(start(), { type: 'pollError', source: 'services', message: 'EPERM' });
    expect(reducer(s, { type: 'pollError', source: 'services', message: 'EPERM' })).toBe(s);
  });

  it('marks the screen stale while a read hangs, until the next poll', () => {
    let s = run(start(), { type: 'overdue', waitedMs: 3000 });
    expect(s.overdueMs).toBe(3000);
    s = poll(s, 0, [service('192.0.2.1')]);
    expect(s.overdueMs).toBeUndefined();
  });
});

describe('actions', () => {
  it('an action closes its dialog, is busy while it runs, and its outcome goes to the status line', () => {
    let s = run(start(), { type: 'dialogOpen', dialog: { kind: 'confirm', action: { kind: 'zeroAll' } } });
    s = run(s, { type: 'actionStarted', action: { kind: 'zeroAll' } });
    expect(s.dialog).toBeUndefined();
    expect(s.busy).toEqual({ kind: 'zeroAll' });
    expect(s.status).toEqual({ kind: 'info', text: 'running: ipvsadm -Z' });
    const ok = run(s, { type: 'actionOutcome', outcome: { ok: true, message: 'zeroed all counters' } });
    expect(ok.busy).toBeUndefined();
    expect(ok.status).toEqual({ kind: 'ok', text: 'zeroed all counters' });
    const failed = run(s, { type: 'actionOutcome', outcome: { ok: false, message: 'EPERM' } });
    expect(failed.status).toEqual({ kind: 'error', text: 'EPERM' });
  });

  it('sets and clears the status line', () => {
    let s = run(start(), { type: 'status', status: { kind: 'info', text: 'hello' } });
    expect(s.status?.text).toBe('hello');
    s = run(s, { type: 'status' });
    expect(s.status).toBeUndefined();
  });
});

describe('viewport', () => {
  const ten = Array.from({ length: 10 }, (_, i) => service(`192.0.2.${i + 1}`));

  it('keeps the selection on screen when the viewport shrinks or grows', () => {
    let s = poll(start(), 0, ten, noDests);
    s = run(s, { type: 'toggleExpand' }); // first one collapsed; the others are "reading…" notes
    s = run(s, { type: 'viewport', servicesRows: 10, arpRows: 5 }, { type: 'edge', to: 'last' });
    const total = serviceRows(s).length;
    expect(s.svc.index).toBe(total - 1);
    expect(s.svc.offset).toBe(total - 10);
    s = run(s, { type: 'viewport', servicesRows: 3, arpRows: 5 });
    expect(s.svc.offset).toBe(total - 3);
    s = run(s, { type: 'edge', to: 'first' });
    expect(s.svc.offset).toBe(0);
    s = run(s, { type: 'viewport', servicesRows: 100, arpRows: 5 }, { type: 'edge', to: 'last' });
    expect(s.svc.offset).toBe(0); // everything fits: no scrolling
    expect(s.svc.height).toBe(100);
    expect(s.arp.height).toBe(5);
  });

  it('starts with the kernel estimator only for long intervals', () => {
    expect(initialState({ intervalMs: 1000, exact: false }).rateMode).toBe('delta');
    expect(initialState({ intervalMs: 10_000, exact: false }).rateMode).toBe('kernel');
  });
});
