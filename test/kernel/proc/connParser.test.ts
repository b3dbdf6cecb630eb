import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConnCounter } from '../../../src/kernel/proc/connCounter.js';
import { connGroupKey, parseConnLine, parseConnTable } from '../../../src/kernel/proc/connParser.js';
import { readConnTable } from '../../../src/kernel/proc/connTable.js';

const fixture = (name: string): Buffer => readFileSync(new URL(`../../fixtures/proc/${name}`, import.meta.url));
const count = (b: Buffer, chunk = 1 << 20) => {
  const c = new ConnCounter();
  for (let i = 0; i < b.length; i += chunk) c.push(b.subarray(i, i + chunk));
  return c.finish(0, 0);
};

describe('ip_vs_conn from the lab kernel', () => {
  it('counts states as awk does', () => {
    const s = count(fixture('ip_vs_conn.lab'));
    expect(s.states).toEqual({ ESTABLISHED: 26, TIME_WAIT: 101, UDP: 1 });
    expect(s.templates).toEqual({ ASSURED: 1 });
    expect(s.rows).toBe(129);
    expect(s.malformed).toBe(0);
  });

  it('groups by virtual service and real server, IPv6 compressed', () => {
    const s = count(fixture('ip_vs_conn.lab'));
    const v6 = [...s.groups.values()].filter((g) => g.virtualAddress === '2001:db8:192::1');
    expect(v6.map((g) => g.destAddress).sort()).toEqual(['2001:db8:198::11', '2001:db8:198::12', '2001:db8:198::13']);
    const total = [...s.groups.values()].reduce(
      (n, g) =>
        n + Object.values(g.states).reduce((a, b) => a + b, 0) + Object.values(g.templates).reduce((a, b) => a + b, 0),
      0,
    );
    expect(total).toBe(129);
    const tpl = [...s.groups.values()].find((g) => Object.keys(g.templates).length)!;
    expect(tpl).toMatchObject({
      protocol: 'TCP',
      virtualAddress: '192.0.2.2',
      virtualPort: 80,
      templates: { ASSURED: 1 },
    });
  });

  it('gives the same result for every chunk size', () => {
    const b = fixture('ip_vs_conn.lab');
    const whole = count(b);
    for (const size of [1, 2, 3, 7, 64, 100, 101, 4096]) {
      const s = count(b, size);
      expect(s.states).toEqual(whole.states);
      expect(s.templates).toEqual(whole.templates);
      expect([...s.groups.entries()]).toEqual([...whole.groups.entries()]);
    }
  });

  it('reads the file in blocks', async () => {
    const s = await readConnTable(new URL('../../fixtures/proc/ip_vs_conn.lab', import.meta.url).pathname);
    expect(s.rows).toBe(129);
  });

  it('says what is wrong with a missing file', async () => {
    await expect(readConnTable('/nonexistent/ip_vs_conn')).rejects.toThrow(
      'cannot read /nonexistent/ip_vs_conn: not found: is the ip_vs module loaded? (modprobe ip_vs)',
    );
  });
});

describe('rows the lab did not make', () => {
  const rows = parseConnTable(fixture('hand.txt'));

  it('fwmark templates carry the mark as the virtual address, IPv4 and IPv6', () => {
    expect(rows[0]).toMatchObject({
      protocol: 'IP',
      clientAddress: '203.0.113.0',
      virtualAddress: '7',
      destAddress: '198.51.100.11',
      state: 'NONE',
      template: true,
    });
    expect(rows[1]).toMatchObject({
      protocol: 'IP',
      clientAddress: '2001:db8:203::',
      virtualAddress: '8',
      destAddress: '2001:db8:198::11',
      state: 'ASSURED',
      expires: 55,
      template: true,
    });
  });

  it('persistence engine columns and templates of a PE service', () => {
    expect(rows[3]).toMatchObject({
      protocol: 'UDP',
      clientPort: 5060,
      state: 'UDP',
      peName: 'sip',
      peData: '3cb0a3f2-1@192.0.2.16',
      template: false,
    });
    expect(rows[4]).toMatchObject({ state: 'ASSURED', template: true, peName: 'sip' });
  });

  it('an IPv4 real server behind an IPv6 virtual service, and SCTP', () => {
    expect(rows[5]).toMatchObject({
      clientAddress: '2001:db8:203::2',
      clientPort: 0x9c40,
      virtualAddress: '2001:db8:192::10',
      destAddress: '198.51.100.20',
      state: 'SYN_RECV',
    });
    expect(rows[6]).toMatchObject({ protocol: 'SCTP', virtualPort: 3868, state: 'ESTABLISHED', expires: 899 });
  });

  it('counts templates apart, under their state names', () => {
    const s = count(fixture('hand.txt'));
    expect(s.templates).toEqual({ NONE: 2, ASSURED: 2 });
    expect(s.states).toEqual({ UDP: 1, SYN_RECV: 1, ESTABLISHED: 1 });
    expect(s.groups.get(connGroupKey('IP', '7', 0, '198.51.100.11', 0))?.templates).toEqual({ NONE: 1 });
  });

  it('skips the header, blanks and malformed lines, and counts the malformed', () => {
    expect(
      parseConnLine('Pro FromIP   FPrt ToIP     TPrt DestIP   DPrt State       Expires PEName PEData'),
    ).toBeUndefined();
    expect(parseConnLine('')).toBeUndefined();
    expect(parseConnLine('TCP C0000201 zz C0000201 0050 C0000201 0050 ESTABLISHED 1')).toBeUndefined();
    const s = count(
      Buffer.from('Pro x\ngarbage line\nTCP CB007102 8FE9 C0000201 0050 C633640B 0050 CLOSE 5\nTCP short\n'),
    );
    expect(s).toMatchObject({ rows: 1, malformed: 2, states: { CLOSE: 1 } });
  });

  it('tells apart state names of one shape, and agrees with the row parser on every row', () => {
    // SYN_SENT, SYN_SXXX and SYN_RECV share length and the bytes the counter looks at first; SYN_SXXX is no state.
    const rows = ['SYN_SENT', 'SYN_SXXX', 'SYN_SENT', 'SYN_RECV'].map(
      (st, i) => `TCP CB00710${i} 8FE9 C0000201 0050 C633640B 0050 ${st.padEnd(11)}       5`,
    );
    expect(count(Buffer.from(`${rows.join('\n')}\n`))).toMatchObject({
      states: { SYN_SENT: 2, SYN_RECV: 1 },
      malformed: 1,
    });
    const lab = fixture('ip_vs_conn.lab');
    const byState: Record<string, number> = {};
    for (const r of parseConnTable(lab)) byState[r.state] = (byState[r.state] ?? 0) + 1;
    const s = count(lab, 7);
    const both: Record<string, number> = { ...s.states };
    for (const [k, v] of Object.entries(s.templates)) both[k] = (both[k] ?? 0) + v;
    expect(both).toEqual(byState);
  });

  it('an empty table is just the header', () => {
    expect(
      count(Buffer.from('Pro FromIP   FPrt ToIP     TPrt DestIP   DPrt State       Expires PEName PEData\n')),
    ).toMatchObject({ rows: 0, states: {}, templates: {} });
  });
});
