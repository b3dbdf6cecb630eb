import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BoundedCounter } from '../../src/domain/boundedCounter.js';
import { clientNetwork, TopTalkers } from '../../src/domain/topTalkers.js';
import { parseConnLine } from '../../src/kernel/proc/connParser.js';
import { FixedRows } from '../../src/kernel/proc/fixedRow.js';
import type { ConnRow } from '../../src/kernel/proc/types.js';

const hex4 = (a: string): string =>
  a
    .split('.')
    .map((o) => Number(o).toString(16).padStart(2, '0'))
    .join('')
    .toUpperCase();

function row(client: string, state: string, port = 0x1234): ConnRow {
  const line = `TCP ${hex4(client)} ${port.toString(16).padStart(4, '0').toUpperCase()} C0000201 0050 C633640B 0050 ${state.padEnd(11)}      30`;
  return parseConnLine(line)!;
}

/** Keys of two words: a name's first two characters as numbers, and a number. */
const k = (name: string, n = 0): Int32Array => new Int32Array([name.charCodeAt(0), n]);
const named = (key: Int32Array): string =>
  key[0] === 0x6e ? `noise${key[1]}` : `${String.fromCharCode(key[0]!)}${key[1] || ''}`;
const top = (c: BoundedCounter, n: number) => c.top(n, named).map(({ words: _, ...t }) => t);

describe('BoundedCounter (Space-Saving)', () => {
  it('counts exactly while it holds every key', () => {
    const c = new BoundedCounter(2, 10);
    for (const key of ['a', 'b', 'a', 'c', 'a', 'b']) c.add(k(key));
    expect(top(c, 2)).toEqual([
      { key: 'a', count: 3, error: 0 },
      { key: 'b', count: 2, error: 0 },
    ]);
    expect(c.get(k('z'), 'z')).toEqual({ key: 'z', count: 0, error: 0 });
  });

  it('keeps the heavy hitters among many more keys than it holds, with bounded error', () => {
    const c = new BoundedCounter(2, 64);
    for (let i = 0; i < 20_000; i++) {
      c.add(k('n', i));
      if (i % 10 === 0) c.add(k('h', 1));
      if (i % 20 === 0) c.add(k('h', 2));
    }
    const [first, second] = top(c, 2);
    expect([first?.key, second?.key]).toEqual(['h1', 'h2']);
    expect(first!.count - first!.error).toBeLessThanOrEqual(2000);
    expect(first!.count).toBeGreaterThanOrEqual(2000);
  });
});

describe('top talkers', () => {
  it('by client and network, entries and SYN_RECV apart; templates are not clients', () => {
    const t = new TopTalkers();
    for (let i = 0; i < 5; i++) t.add(row('198.51.100.7', 'SYN_RECV', 1000 + i));
    for (let i = 0; i < 3; i++) t.add(row('203.0.113.9', 'ESTABLISHED', 1000 + i));
    t.add(row('203.0.113.10', 'SYN_RECV'));
    t.add(row('203.0.113.0', 'ASSURED', 0));
    const r = t.report(2);
    expect(r.entries).toBe(9);
    expect(r.synRecv).toBe(6);
    expect(r.clients.map((c) => [c.key, c.entries.count, c.synRecv.count])).toEqual([
      ['198.51.100.7', 5, 5],
      ['203.0.113.9', 3, 0],
    ]);
    expect(r.networks.map((c) => [c.key, c.entries.count])).toEqual([
      ['198.51.100.0/24', 5],
      ['203.0.113.0/24', 4],
    ]);
    expect(r.synClients.map((c) => [c.key, c.synRecv.count])).toEqual([
      ['198.51.100.7', 5],
      ['203.0.113.10', 1],
    ]);
  });

  it('names IPv6 clients by their /64', () => {
    expect(clientNetwork({ af: 10, clientAddress: '2001:db8:203:4:5::9' })).toBe('2001:db8:203:4::/64');
    expect(clientNetwork({ af: 2, clientAddress: '203.0.113.77' })).toBe('203.0.113.0/24');
  });
});

describe('top talkers from bytes', () => {
  const hex = (n: number, w: number): string => n.toString(16).padStart(w, '0');
  const v4 = fc.integer({ min: 0, max: 40 }).map((n) => hex(0xcb007100 + n * 37, 8).toUpperCase());
  const v6 = fc.integer({ min: 0, max: 40 }).map((n) => `2001:0db8:0203:${hex(n % 3, 4)}:0000:0000:${hex(n, 4)}:0001`);
  const line = fc
    .record({
      ipv6: fc.boolean(),
      a: v4,
      b: v6,
      port: fc.constantFrom('0000', '1F40'),
      state: fc.constantFrom('SYN_RECV', 'ESTABLISHED', 'ASSURED', 'NONE', 'TIME_WAIT'),
    })
    .map(({ ipv6, a, b, port, state }) => {
      const [c, v] = ipv6 ? [b, '2001:0db8:0192:0000:0000:0000:0000:0001'] : [a, 'C0000201'];
      return `TCP ${c} ${port} ${v} 0050 C633640B 0050 ${state.padEnd(11)}      30`;
    });

  it('count as from parsed rows: the same clients, networks and counts', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 120 }), fc.integer({ min: 1, max: 5 }), (lines, n) => {
        const rows = new FixedRows();
        const parsed = new TopTalkers();
        const bytes = new TopTalkers();
        for (const l of lines) {
          parsed.add(parseConnLine(l)!);
          const b = Buffer.from(`${l}\n`, 'latin1');
          const layout = rows.layoutOf(b, 0, b.length - 1);
          expect(layout).toBeDefined();
          bytes.addFixed(b, 0, layout!);
        }
        expect(bytes.report(n)).toEqual(parsed.report(n));
      }),
      { numRuns: 300 },
    );
  });
});

describe('a counter cleared for the next read', () => {
  it('counts from nothing, as a new one does', () => {
    const rows = (clients: string[], state = 'ESTABLISHED') => clients.map((c) => row(c, state));
    const reused = new TopTalkers();
    for (const r of rows(['203.0.113.1', '203.0.113.1', '203.0.113.2'], 'SYN_RECV')) reused.add(r);
    reused.clear();
    const fresh = new TopTalkers();
    for (const r of rows(['198.51.100.9', '198.51.100.9', '203.0.113.2'])) {
      reused.add(r);
      fresh.add(r);
    }
    expect(reused.report(3)).toEqual(fresh.report(3));
    expect(reused.report(3)).toMatchObject({ entries: 3, synRecv: 0 });
  });
});
