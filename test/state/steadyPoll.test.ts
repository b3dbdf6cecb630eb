/**
 * A poll of a table whose services stay where they were (every poll of a steady table) takes a
 * shorter way through applyPoll: entries found at their index, the history appended only where a
 * service has points. It must give what the way for a table that changed shape gives (the same
 * polls, with the table read in alternating orders, go the long way every time), and the history
 * must draw what was shown: the kernel's CPS at every read, skipped ones too, for the services there.
 * (A service at rest is not given its zeros: they draw as the blanks before its first point do.)
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Service } from '../../src/kernel/ipvs/types.js';
import { HISTORY_POINTS, historyOf } from '../../src/state/history.js';
import { IDLE_AFTER_MS } from '../../src/state/rates.js';
import type { MonitorState } from '../../src/state/types.js';
import { sparkline } from '../../src/ui/format/sparkline.js';
import { service, stats } from '../ui/fakes.js';
import { noDests, poll, start } from './build.js';

const SERVICES = 4;
const step = fc.record({
  gap: fc.oneof(fc.integer({ min: 200, max: 3000 }), fc.constant(IDLE_AFTER_MS + 1)),
  changes: fc.array(
    fc.oneof(
      { weight: 3, arbitrary: fc.constant({ conns: 0, cps: 0 }) },
      {
        weight: 1,
        arbitrary: fc.record({ conns: fc.integer({ min: 1, max: 50 }), cps: fc.integer({ min: 0, max: 9 }) }),
      },
    ),
    { minLength: SERVICES, maxLength: SERVICES },
  ),
  skipped: fc.integer({ min: 0, max: 2 }),
  /** The last service is there, deleted, or replaced by another (it comes back at the next step that keeps it). */
  last: fc.constantFrom('kept', 'deleted', 'replaced'),
});

/** What a state shows, by service key (the order of the table aside). */
function shown(s: MonitorState) {
  const byKey = [...s.services].sort((a, b) => a.key.localeCompare(b.key));
  return {
    entries: byKey.map((e) => ({ key: e.key, service: e.service, delta: e.delta, track: e.track })),
    history: byKey.map((e) => {
      const h = s.history.get(e.key);
      return [e.key, h?.delta.toArray(), h?.kernel.toArray()];
    }),
    historyKeys: [...s.history.keys()].sort(),
    periodMs: s.periodMs,
    expanded: [...s.svc.expanded],
  };
}

describe('a poll of a table that kept its shape', () => {
  it('shows what a poll of the same table in another order shows', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: HISTORY_POINTS + 20 }), (steps) => {
        let conns = Array.from({ length: SERVICES }, () => 100);
        let services: Service[] = conns.map((_, i) => service(`192.0.2.${i + 1}`));
        let steady = start();
        let shuffled = start();
        let at = Date.UTC(2026, 11, 7, 19, 0, 0);
        /** The kernel's CPS at each read, by service: what its history must hold. */
        const kernelSeen = new Map<string, number[]>();
        const replacement = service('192.0.2.99');
        steps.forEach((s, n) => {
          at += s.gap;
          // A changed service is a new object, as the client hands back; an unchanged one, the same object.
          services = services.map((svc, i) => {
            const c = s.changes[i]!;
            if (c.conns === 0 && c.cps === svc.stats.cps) return svc;
            conns = conns.map((v, j) => (j === i ? v + c.conns : v));
            return { ...svc, stats: stats(conns[i]!, { cps: c.cps }) };
          });
          const others = services.slice(0, -1);
          const table = s.last === 'kept' ? services : s.last === 'deleted' ? others : [...others, replacement];
          const extra = { skipped: s.skipped };
          const before = steady;
          steady = poll(steady, at, table, noDests, extra);
          shuffled = poll(shuffled, at, n % 2 === 0 ? [...table].reverse() : table, noDests, extra);
          expect(shown(steady)).toEqual(shown(shuffled));
          expect(shown(steady).historyKeys).toEqual(shown(steady).entries.map((e) => e.key));
          for (const e of steady.services) {
            const old = before.services.find((o) => o.key === e.key);
            const seen = old ? (kernelSeen.get(e.key) ?? []) : [];
            if (old) for (let k = 0; k < s.skipped; k++) seen.push(old.service.stats.cps);
            seen.push(e.service.stats.cps);
            kernelSeen.set(e.key, seen.slice(-HISTORY_POINTS));
            const drawn = sparkline(historyOf(steady.history, e.key, 'kernel', HISTORY_POINTS), HISTORY_POINTS);
            expect(drawn).toBe(sparkline(kernelSeen.get(e.key)!, HISTORY_POINTS));
          }
        });
      }),
      { numRuns: 200 },
    );
  });

  it("keeps an idle service's entry and history as they were when another service changes", () => {
    const idle = service('192.0.2.1');
    let busy = service('192.0.2.2');
    let state = start();
    let at = Date.UTC(2026, 11, 7, 19, 0, 0);
    for (let i = 0; i < HISTORY_POINTS + 5; i++) {
      at += 1000;
      busy = { ...busy, stats: stats(200 + i, { cps: 1 }) };
      state = poll(state, at, [idle, busy], noDests);
    }
    const before = state;
    busy = { ...busy, stats: stats(1000, { cps: 3 }) };
    state = poll(state, at + 1000, [idle, busy], noDests);
    expect(state.services[0]).toBe(before.services[0]);
    expect(state.history.get(state.services[0]!.key)).toBe(before.history.get(before.services[0]!.key));
    expect(state.history.get(state.services[1]!.key)?.kernel.last(1)).toEqual([3]);
  });
});
