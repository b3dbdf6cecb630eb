/**
 * The monitor's history: what it keeps of each poll and reading, how far back and in how much
 * memory, and the moment drawn from it (past.ts) agreeing with what was drawn live then.
 */
import { describe, expect, it } from 'vitest';
import type { Service } from '../../src/kernel/ipvs/types.js';
import { reducer } from '../../src/state/model.js';
import { eventMoment, momentOfEvent, pastView, stepMoment } from '../../src/state/past.js';
import { shownState } from '../../src/state/pastOverlay.js';
import { MonitorTimeline, type TimelineOptions } from '../../src/state/timeline.js';
import type { MonitorState } from '../../src/state/types.js';
import { dest, NO_HA_DAEMON, service, stats, vrrpInstance } from '../ui/fakes.js';
import { type DestsOf, poll, start } from './build.js';

const WEB = (connections: number): Service => ({ ...service('192.0.2.1'), stats: stats(connections) });
const OTHER = service('192.0.2.2');

/** A monitor whose every state change is noted in `timeline`, as the App's dispatch does. */
function monitor(options: TimelineOptions = { spanMs: 60_000, maxBytes: 1 << 20 }) {
  const timeline = new MonitorTimeline(options);
  let state = start();
  return {
    timeline,
    get state() {
      return state;
    },
    poll(at: number, services: Service[], destsOf?: DestsOf) {
      const next = poll(state, at, services, destsOf);
      timeline.note(state, next, at, { at, prevAt: state.lastPollAt ?? -Infinity, skipped: 0 });
      state = next;
    },
    send(at: number, e: Parameters<typeof reducer>[1]) {
      const next = reducer(state, e);
      timeline.note(state, next, at);
      state = next;
    },
  };
}

const weights = (s: Pick<MonitorState, 'services'>): number[] =>
  s.services.flatMap((e) => e.dests?.map((d) => d.dest.weight) ?? []);
const withWeight =
  (w: number): DestsOf =>
  () => [dest('198.51.100.11', w), dest('198.51.100.12')];

describe('a moment of the history', () => {
  it('shows the table, weights and rates that were drawn live at that moment', () => {
    const m = monitor();
    const live: { cps: number | undefined; weights: number[]; changed: MonitorState['highlight']['changed'] }[] = [];
    for (let i = 0; i < 25; i++) {
      m.poll(1000 * i, [WEB(100 + 7 * i * i), OTHER], withWeight(i < 12 ? 1 : 5));
      live.push({
        cps: m.state.services[0]!.delta?.cps,
        weights: weights(m.state),
        changed: m.state.highlight.changed,
      });
    }
    expect(m.timeline.length).toBe(25);
    for (const i of [0, 1, 9, 10, 11, 12, 13, 24]) {
      const past = pastView(m.timeline, i, m.state.config);
      expect(past.at).toBe(1000 * i);
      expect(weights(past.shown)).toEqual(live[i]!.weights);
      expect(past.shown.services[0]!.delta?.cps).toBe(live[i]!.cps);
      expect(past.shown.services[0]!.service.stats.connections).toBe(BigInt(100 + 7 * i * i));
    }
    // The weight's change is marked at the moment it was read, as it was live.
    const changed = pastView(m.timeline, 12, m.state.config).shown.highlight.changed;
    expect([...changed.keys()]).toEqual([...live[12]!.changed.keys()]);
    expect([...changed.values()].some((c) => c.fields.has('weight'))).toBe(true);
  });

  it('says real servers the monitor had not read are not read, not that there were none', () => {
    const m = monitor();
    m.poll(0, [WEB(1), OTHER], (s) => (s.address === OTHER.address ? undefined : [dest('198.51.100.11')]));
    const shown = pastView(m.timeline, 0, m.state.config).shown;
    expect(shown.services.map((e) => e.dests?.length)).toEqual([1, undefined]);
  });

  it("keeps the HA daemon's readings beside the table they came with", () => {
    const m = monitor();
    m.poll(0, [WEB(1)]);
    const master = { ...NO_HA_DAEMON, daemon: 'keepalived' as const, instances: [vrrpInstance({ state: 'MASTER' })] };
    m.send(500, { type: 'ha', reading: master });
    m.poll(1000, [WEB(2)]);
    expect(m.timeline.length).toBe(3);
    const before = pastView(m.timeline, 0, m.state.config).shown;
    const after = pastView(m.timeline, 1, m.state.config).shown;
    expect(before.haReading).toBeUndefined();
    expect(after.haReading).toBe(m.state.haReading);
    expect(after.services[0]!.service.stats.connections).toBe(1n);
  });

  it("keeps a doctor's look as a moment only when its findings changed", () => {
    const m = monitor();
    m.poll(0, [WEB(1)]);
    const finding = {
      ruleId: 'r',
      severity: 'warning',
      where: 'TCP 192.0.2.1:80',
      what: 'x',
      why: '',
      remedy: '',
    } as const;
    m.send(100, { type: 'doctor', at: 100, findings: [finding], notReadYet: [] });
    m.send(200, { type: 'doctor', at: 200, findings: [{ ...finding }], notReadYet: [] });
    expect(m.timeline.length).toBe(2);
    m.send(300, { type: 'doctor', at: 300, findings: [], notReadYet: [] });
    expect(m.timeline.length).toBe(3);
    expect(pastView(m.timeline, 1, m.state.config).shown.doctor?.findings).toEqual([finding]);
  });

  it('is drawn over the live state, whose polls go on underneath, until live again', () => {
    const m = monitor();
    m.poll(0, [WEB(1)], withWeight(1));
    m.poll(1000, [WEB(2)], withWeight(5));
    m.send(1000, { type: 'past', view: pastView(m.timeline, 0, m.state.config) });
    m.poll(2000, [WEB(3)], withWeight(7));
    expect(weights(shownState(m.state))).toEqual([1, 1]);
    expect(weights(m.state)).toEqual([7, 1]);
    m.send(2000, { type: 'live' });
    expect(shownState(m.state)).toBe(m.state);
    expect(weights(shownState(m.state))).toEqual([7, 1]);
  });
});

describe('the history kept', () => {
  it('goes back --history and no further, whole groups at a time, every kept moment readable', () => {
    const m = monitor({ spanMs: 30_000, maxBytes: 1 << 30, groupSize: 10 });
    for (let i = 0; i < 300; i++) m.poll(1000 * i, [WEB(i * 3)]);
    const oldest = m.timeline.momentAt(0)!.at;
    expect(oldest).toBeLessThanOrEqual(299_000 - 30_000);
    expect(oldest).toBeGreaterThan(299_000 - 30_000 - 10_000);
    for (let i = 0; i < m.timeline.length; i++) {
      const t = m.timeline.momentAt(i)!;
      expect(pastView(m.timeline, i, m.state.config).shown.services[0]!.service.stats.connections).toBe(
        BigInt(t.at / 1000) * 3n,
      );
    }
  });

  it('stays within its bytes, dropping the oldest first', () => {
    const m = monitor({ spanMs: 3_600_000, maxBytes: 20_000, groupSize: 5 });
    const table = Array.from({ length: 50 }, (_, i) => service(`192.0.2.${i + 1}`));
    for (let i = 0; i < 200; i++)
      m.poll(
        1000 * i,
        table.map((s, j) => ({ ...s, stats: stats(i * (j + 1) * 7919) })),
      );
    expect(m.timeline.byteSize).toBeLessThanOrEqual(20_000 + 10_000);
    expect(m.timeline.momentAt(m.timeline.length - 1)!.at).toBe(199_000);
    expect(m.timeline.length).toBeLessThan(200);
  });

  it('keeps a table that is costly to keep less often, its rates then spanning the reads passed over', () => {
    let cpu = 0;
    // Each table takes 200 ms to keep: at 2% of a core, one every 10 s of the reads every 2 s.
    const m = monitor({ spanMs: 600_000, maxBytes: 1 << 20, costShare: 0.02, cpuNow: () => (cpu += 200) });
    const conns = (t: number) => 100 + 3 * t * t;
    for (let t = 0; t <= 60; t += 2) m.poll(1000 * t, [WEB(conns(t))]);
    expect(Array.from({ length: m.timeline.length }, (_, i) => m.timeline.momentAt(i)!.at / 1000)).toEqual([
      0, 10, 20, 30, 40, 50, 60,
    ]);
    // A read that logged an event is kept however soon: Enter and { go to it.
    m.poll(61_000, [WEB(conns(61))], () => [dest('198.51.100.11', 9)]);
    expect(m.timeline.momentAt(m.timeline.length - 1)!.at).toBe(61_000);
    const at50 = pastView(m.timeline, 5, m.state.config).shown;
    // Over the reads passed over (kernel ticks of 2 s, as rates.ts folds them), not one read's 2 s.
    const period = at50.periodMs!;
    expect(period).toBeGreaterThanOrEqual(10_000);
    expect(period % 2000).toBe(0);
    expect(at50.services[0]!.delta?.cps).toBeCloseTo((conns(50) - conns(40)) / (period / 1000), 6);
  });

  it('keeps nothing with --history 0', () => {
    const m = monitor({ spanMs: 0, maxBytes: 1 << 20 });
    m.poll(0, [WEB(1)]);
    expect(m.timeline.length).toBe(0);
  });
});

describe('where the look-back keys go', () => {
  function fiveMoments() {
    const m = monitor();
    for (let i = 0; i < 5; i++) m.poll(1000 * i, [WEB(i)], withWeight(i < 3 ? 1 : 4));
    return m;
  }

  it('[ and ] step a moment; ] from the newest but one is live again; each end says why it stays', () => {
    const { timeline } = fiveMoments();
    expect(stepMoment(timeline, undefined, -1)).toEqual({ index: 3 });
    expect(stepMoment(timeline, 3000, -1)).toEqual({ index: 2 });
    expect(stepMoment(timeline, 0, -1)).toEqual({ stay: 'the oldest moment kept' });
    expect(stepMoment(timeline, 2000, 1)).toEqual({ index: 3 });
    expect(stepMoment(timeline, 3000, 1)).toEqual({ live: true });
    expect(stepMoment(timeline, undefined, 1)).toEqual({ stay: 'live already' });
    expect(stepMoment(new MonitorTimeline({ spanMs: 1, maxBytes: 1 }), undefined, -1)).toEqual({
      stay: 'no history kept yet',
    });
  });

  it('{ and } go to the moment that first showed the event before or after; Enter to an event', () => {
    const m = fiveMoments();
    const events = m.state.events ?? [];
    // The weight changed at the poll of 3000: the log dates it by that read.
    expect(events.map((e) => e.at)).toContain(3000);
    expect(eventMoment(m.timeline, events, undefined, -1)).toEqual({ index: 3 });
    expect(eventMoment(m.timeline, events, 3000, -1)).toEqual({ stay: 'no earlier event in the history kept' });
    expect(eventMoment(m.timeline, events, 1000, 1)).toEqual({ index: 3 });
    expect(eventMoment(m.timeline, events, 3000, 1)).toEqual({ live: true });
    expect(momentOfEvent(m.timeline, 3000)).toEqual({ index: 3 });
    expect(momentOfEvent(m.timeline, -5)).toEqual({ stay: 'that event is older than the history kept' });
  });
});
