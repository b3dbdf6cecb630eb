/**
 * On a big table the services pane keeps the last address order and merges new services in
 * (view.ts): whatever comes and goes, the order must be what ipvsadm's sort gives.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareServices, glibcSort } from '../../src/domain/sort.js';
import { serviceRows } from '../../src/state/view.js';
import { service } from '../ui/fakes.js';
import { noDests, poll, start } from './build.js';

/** Services on 10.0.x.y (one order: no difference wraps) or anywhere (ipvsadm's order is not a total one). */
const address = (wide: boolean) =>
  wide ? fc.ipV4() : fc.tuple(fc.nat(3), fc.nat(255)).map(([a, b]) => `10.0.${a}.${b}`);

const tables = (wide: boolean) =>
  fc.array(
    fc.uniqueArray(fc.tuple(address(wide), fc.constantFrom(80, 443)), { maxLength: 60, selector: (x) => x.join(':') }),
    {
      minLength: 2,
      maxLength: 6,
    },
  );

function rowOrder(tablesInTurn: [string, number][][]): { shown: string[]; expected: string[] }[] {
  let state = start();
  // Each table is read twice: the second read, of the same services in the same order, takes the last order.
  return tablesInTurn
    .flatMap((t) => [t, t])
    .map((t, i) => {
      const services = t.map(([a, port]) => service(a, port, 100 + i));
      state = poll(state, i * 1000, services, noDests);
      const shown = serviceRows(state)
        // Services that went are shown a few seconds more (change highlighting), in order among the rest.
        .filter((r) => r.kind === 'service' && r.mark !== 'gone')
        .map((r) => r.id);
      const expected = glibcSort(services, compareServices).map((s) => `2 6 ${s.address} ${s.port}`);
      return { shown, expected };
    });
}

describe('address order across polls', () => {
  it.each([false, true])('is glibc sort order after every poll (addresses anywhere: %s)', (wide) => {
    fc.assert(
      fc.property(tables(wide), (ts) => {
        for (const { shown, expected } of rowOrder(ts)) expect(shown).toEqual(expected);
      }),
      { numRuns: 150 },
    );
  });
});
