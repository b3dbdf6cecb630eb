/**
 * ConnCounter reads kernel-layout IPv4 rows at fixed offsets and anything else
 * by splitting on spaces; both ways must count every input alike, wherever
 * the chunks are cut.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConnCounter } from '../../../src/kernel/proc/connCounter.js';
import type { ConnTableSummary } from '../../../src/kernel/proc/types.js';

const fixture = (name: string): Buffer => readFileSync(new URL(`../../fixtures/proc/${name}`, import.meta.url));

function count(b: Buffer, chunk: number, fastPath: boolean): ConnTableSummary {
  const c = new ConnCounter({ fastPath });
  for (let i = 0; i < b.length; i += chunk) c.push(Buffer.from(b.subarray(i, i + chunk)));
  return c.finish(0, 0);
}

const comparable = (s: ConnTableSummary) => ({
  rows: s.rows,
  malformed: s.malformed,
  states: s.states,
  templates: s.templates,
  groups: [...s.groups.entries()].sort(([a], [b]) => a.localeCompare(b)),
});

/** Rows at the edges of the fixed layout: each must fall back or be read as splitting reads it. */
const EDGE_ROWS = [
  'TCP CB007102 8FE9 C0000201 0050 C633640B 0050 ESTABLISHED     899',
  'SCTP CB007102 8FE9 C0000201 0D1C C633640D 0D1C ESTABLISHED     899',
  'IP  CB007100 0000 00000007 0000 C633640B 0000 NONE            300',
  'UDP CB007102 0000 C000020F 0035 C633640B 0035 ASSURED         120',
  'UDP CB007102 0000 C000020F 0035 C633640B 0035 UDP             120',
  'TCP cb007102 8fe9 c0000201 0050 c633640b 0050 TIME_WAIT        12',
  'TCP CB007102 8FE9 C0000201 0050 C633640B 0050 A_LONGER_STATE   12',
  'TCP CB007102 8FE9 C0000201 0050 C633640B 0050 CLOSE       12345678',
  'TCP CB007102 8FE9 C0000201 0050 C633640B 0050 CLOSE           5 sip 3cb0a3f2-1@192.0.2.16',
  'TCP CB00 102 8FE9 C0000201 0050 C633640B 0050 CLOSE           5',
  'TCP CB007102 8FE9 C0000201 0050 C633640B 0050 CLO SE          5',
  'TCP CB007102 8FE9 C00002G1 0050 C633640B 0050 CLOSE           5',
  'TCP CB007102 8FE9 C0000201 0050 C633640B 0050 CLOSE            ',
  'TCP  CB007102 8FE9 C0000201 0050 C633640B 0050 CLOSE          5',
  'TCP CB007102 8FE9 C0000201 0050 C633640B 0050 CLOSE     5',
  'X CB007102 8FE9 C0000201 0050 C633640B 0050 CLOSE             5',
  'TCP CB007102 0000 C0000201 0050 C633640B 0050 ESTABLISHED     899',
  '',
  'garbage',
];

describe('ConnCounter: the fixed-offset path agrees with splitting on spaces', () => {
  const inputs: Record<string, Buffer> = {
    lab: fixture('ip_vs_conn.lab'),
    hand: fixture('hand.txt'),
    edges: Buffer.from(`${EDGE_ROWS.join('\n')}\n`),
    'edges, no final newline': Buffer.from(EDGE_ROWS.join('\n')),
  };
  for (const [name, input] of Object.entries(inputs)) {
    it(`${name}, every chunk size`, () => {
      const want = comparable(count(input, 1 << 20, false));
      for (const size of [1, 2, 3, 5, 13, 64, 65, 66, 67, 131, 4096, 1 << 20]) {
        expect(comparable(count(input, size, true)), `chunk ${size}`).toEqual(want);
      }
    });
  }

  it('many groups and states (the tables grow)', () => {
    // Only the kernel's state names count: SCTP's many (current and older kernels') make the tables grow.
    const sctp = [
      'INIT1',
      'INIT',
      'C-SENT',
      'C-REPLIED',
      'C-WAIT',
      'COOKIE',
      'C-ECHOED',
      'S-SENT',
      'S-RECEIVED',
      'S-ACK-SENT',
      'REJECTED',
      'CLOSED',
      'INIT_CLI',
      'INIT_SER',
      'INIT_ACK_CLI',
      'COOKIE_ECHO_CLI',
      'ESTABISHED',
      'SHUTDOWN_ACK_SER',
    ];
    const rows: string[] = [];
    for (let i = 0; i < 5000; i++) {
      const hex = (n: number, w: number) => n.toString(16).toUpperCase().padStart(w, '0');
      const state = ['ESTABLISHED', 'TIME_WAIT', 'FIN_WAIT', sctp[i % sctp.length]!][i % 4]!;
      const [protocol, port] = i % 4 === 3 ? ['SCTP', '0B74'] : ['TCP', '0050'];
      rows.push(
        `${protocol} CB0071${hex(i % 256, 2)} ${hex(1024 + i, 4)} ${hex(0xc6120000 + (i % 700), 8)} ${port} ${hex(0xc6130000 + (i % 13), 8)} 1F90 ${state.padEnd(11)} ${String(i).padStart(7)}`,
      );
    }
    const input = Buffer.from(`${rows.join('\n')}\n`);
    const fast = comparable(count(input, 4096, true));
    expect(fast).toEqual(comparable(count(input, 1 << 20, false)));
    expect(fast.rows).toBe(5000);
    expect(fast.groups.length).toBe(new Set(rows.map((r) => r.split(' ').slice(3, 7).join(' '))).size);
  });
});

describe('ConnCounter: the longest expiry per group', () => {
  it('keeps the largest of its entries, both ways, templates included', () => {
    const input = Buffer.from(
      [
        'Pro FromIP   FPrt ToIP     TPrt DestIP   DPrt State       Expires',
        'TCP CB007102 8FE9 C0000201 0050 C633640B 0050 TIME_WAIT        12',
        'TCP CB007103 8FEA C0000201 0050 C633640B 0050 ESTABLISHED     899',
        'TCP CB007104 0000 C0000201 0050 C633640B 0050 NONE            300',
        'TCP CB007105 8FEB C0000201 0050 C633640C 0050 FIN_WAIT          7',
        '',
      ].join('\n'),
    );
    for (const fastPath of [true, false]) {
      const byDest = [...count(input, 1 << 20, fastPath).groups.values()].map((g) => [g.destAddress, g.maxExpires]);
      expect(byDest).toEqual([
        ['198.51.100.11', 899],
        ['198.51.100.12', 7],
      ]);
    }
  });
});
