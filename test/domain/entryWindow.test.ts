/** The browser's window: the rows a read keeps are those a sort of the whole table would show there. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseEntryFilter } from '../../src/domain/entryFilter.js';
import { compareAddresses, ENTRY_SORTS, type EntrySort, entryOrder } from '../../src/domain/entryOrder.js';
import { type EntryAnchor, EntryWindowSelector } from '../../src/domain/entryWindow.js';
import { AF_INET, AF_INET6 } from '../../src/kernel/ipvs/types.js';
import { parseAddress } from '../../src/kernel/netlink/address.js';
import { parseConnLine } from '../../src/kernel/proc/connParser.js';
import type { ConnRow } from '../../src/kernel/proc/types.js';

const hex = (n: number, w: number): string => n.toString(16).toUpperCase().padStart(w, '0');

/** A /proc row of small random fields, so that ties on the sort column are common. */
const rowArb = fc
  .record({
    client: fc.integer({ min: 0, max: 12 }),
    port: fc.integer({ min: 0, max: 3 }),
    dest: fc.integer({ min: 0, max: 3 }),
    state: fc.constantFrom('ESTABLISHED', 'TIME_WAIT', 'SYN_RECV', 'NONE'),
    expires: fc.integer({ min: 0, max: 5 }),
    v6: fc.boolean(),
  })
  .map((f) => {
    const caddr = f.v6
      ? `2001:0db8:0000:0000:0000:0000:0000:${hex(f.client, 4).toLowerCase()}`
      : hex(0x0a000000 + f.client, 8);
    const vaddr = f.v6 ? '2001:0db8:0000:0000:0000:0000:0000:0100' : 'C0000201';
    const daddr = hex(0xc6336400 + f.dest, 8);
    const cport = f.state === 'NONE' ? '0000' : hex(1024 + f.port, 4);
    return parseConnLine(
      `TCP ${caddr} ${cport} ${vaddr} 0050 ${daddr} 0050 ${f.state.padEnd(11)} ${String(f.expires).padStart(7)}`,
    )!;
  });

describe('entryOrder', () => {
  it('orders addresses as addresses: family first, then numerically', () => {
    const v4 = fc.ipV4().map((a) => [AF_INET, a] as const);
    const v6 = fc.ipV6().map((a) => [AF_INET6, a] as const);
    const asBytes = ([af, a]: readonly [number, string]): Buffer =>
      Buffer.concat([Buffer.from([af === AF_INET ? 4 : 6]), parseAddress(af, a)]);
    fc.assert(
      fc.property(fc.oneof(v4, v6), fc.oneof(v4, v6), (x, y) => {
        expect(Math.sign(compareAddresses(x[0], x[1], y[0], y[1]))).toBe(Buffer.compare(asBytes(x), asBytes(y)));
      }),
    );
    expect(compareAddresses(AF_INET, '10.0.0.9', AF_INET, '10.0.0.10')).toBeLessThan(0);
  });

  it('is total: only identical rows tie, and reversing flips every comparison', () => {
    const total = (a: ConnRow, b: ConnRow, sort: EntrySort) => {
      const c = entryOrder(sort, false)(a, b);
      expect(c === 0).toBe(JSON.stringify(a) === JSON.stringify(b));
      // Negated, a tie is -0, which toBe (Object.is) tells from 0: identical rows failed here, at random.
      expect(Math.sign(entryOrder(sort, true)(a, b))).toBe(c === 0 ? 0 : -Math.sign(c));
    };
    const [row] = fc.sample(rowArb, { numRuns: 1, seed: 1 });
    for (const sort of ENTRY_SORTS) total(row!, { ...row! }, sort);
    fc.assert(fc.property(rowArb, rowArb, fc.constantFrom(...ENTRY_SORTS), total));
  });
});

describe('EntryWindowSelector', () => {
  it('keeps what a sort of every row shows around the anchor, and counts what comes before', () => {
    fc.assert(
      fc.property(
        fc.array(rowArb, { maxLength: 60 }),
        fc.constantFrom(...ENTRY_SORTS),
        fc.boolean(),
        fc.oneof(fc.constantFrom<EntryAnchor>('start', 'end'), rowArb),
        fc.integer({ min: 0, max: 8 }),
        fc.integer({ min: 0, max: 8 }),
        (rows, sort, reverse, anchor, before, after) => {
          const order = entryOrder(sort, reverse);
          const s = new EntryWindowSelector(order, anchor, { before, after });
          for (const r of rows) s.add(r);
          const all = [...rows].sort(order);
          const at =
            anchor === 'start' ? 0 : anchor === 'end' ? all.length : all.filter((r) => order(r, anchor) < 0).length;
          const first = Math.max(0, at - before);
          const got = s.result();
          expect(got.matched).toBe(rows.length);
          expect(got.first).toBe(first);
          expect(got.rows).toEqual(all.slice(first, at + after));
        },
      ),
    );
  });
});

describe('parseEntryFilter', () => {
  it('reads clients, prefixes, states, real servers and templates; names what it cannot read', () => {
    const f = parseEntryFilter(' 203.0.113.0/24 syn_recv rs:[2001:db8::12]:80 templates what 10.0.0.300 ');
    expect(f.filter).toMatchObject({
      client: { af: AF_INET, len: 24 },
      state: 'SYN_RECV',
      server: { af: AF_INET6, address: '2001:db8::12', port: 80 },
      templatesOnly: true,
    });
    expect(f.bad).toEqual(['what', '10.0.0.300']);
    expect(parseEntryFilter('rs:nowhere').bad).toEqual(['rs:nowhere']);
    expect(parseEntryFilter('')).toEqual({ filter: {}, bad: [] });
  });
});
