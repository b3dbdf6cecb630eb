import { describe, expect, it } from 'vitest';
import { BoundedCounter, clientNetwork, TopTalkers } from '../../src/ipvs/topTalkers.js';
import { parseConnLine } from '../../src/kernel/proc/connParser.js';
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

describe('BoundedCounter (Space-Saving)', () => {
  it('counts exactly while it holds every key', () => {
    const c = new BoundedCounter(10);
    for (const k of ['a', 'b', 'a', 'c', 'a', 'b']) c.add(k);
    expect(c.top(2)).toEqual([
      { key: 'a', count: 3, error: 0 },
      { key: 'b', count: 2, error: 0 },
    ]);
    expect(c.get('z')).toEqual({ key: 'z', count: 0, error: 0 });
  });

  it('keeps the heavy hitters among many more keys than it holds, with bounded error', () => {
    const c = new BoundedCounter(64);
    for (let i = 0; i < 20_000; i++) {
      c.add(`noise${i}`);
      if (i % 10 === 0) c.add('heavy1');
      if (i % 20 === 0) c.add('heavy2');
    }
    const [first, second] = c.top(2);
    expect([first?.key, second?.key]).toEqual(['heavy1', 'heavy2']);
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
