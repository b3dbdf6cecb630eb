/**
 * The JSON Schemas of docs/schemas/ hold the documents the formatters write (from fixtures here;
 * test/lab/schemas.test.ts validates real outputs from the lab kernel), and are not vacuous.
 */
import { describe, expect, it } from 'vitest';
import { ConnCounter } from '../../src/kernel/proc/connCounter.js';
import { parseConnLine } from '../../src/kernel/proc/connParser.js';
import { CONNS_JSON_START, connEntryLine, connsJsonEnd } from '../../src/output/connsJson.js';
import { formatJson } from '../../src/output/jsonSnapshot.js';
import { dest, service, stats } from '../output/fixtures.js';
import { expectValid, isValid } from './validate.js';

const info = { versionCode: 0x010201, version: '1.2.1', connTableSize: 4096 };
const timeouts = { tcp: 900, tcpFin: 120, udp: 300 };
const rows = [
  'TCP CB007102 8FE9 C0000202 0050 C633640B 0050 ESTABLISHED     899',
  'TCP CB007100 0000 C0000202 0050 C633640B 0050 ASSURED          55',
  'IP  CB007100 0000 00000007 0000 C633640D 0000 NONE             30',
];

function snapshotText(): string {
  const c = new ConnCounter();
  c.push(Buffer.from(`${rows.join('\n')}\n`));
  const snap = {
    takenAt: 0,
    latencyMs: 0,
    info,
    timeouts,
    daemons: [{ state: 'master' as const, mcastInterface: 'eth0', syncId: 5 }],
    services: [
      {
        service: service({ address: '192.0.2.2', flags: 0x3, timeout: 60, stats: stats({ inBytes: 2n ** 63n }) }),
        dests: [
          dest({ address: '198.51.100.11' }),
          dest({ address: '198.51.100.12', forward: 'tunnel', tunnelType: 'gue', tunnelPort: 6080, tunnelFlags: 1 }),
        ],
      },
      {
        service: service({ fwmark: 7, protocol: 0, address: '0.0.0.0', port: 0 }),
        dests: [dest({ address: '198.51.100.13', port: 0 })],
      },
    ],
  };
  return formatJson(snap, c.finish(0, 0));
}

describe('docs/schemas hold what the formatters write', () => {
  it('list --json, with a table read and without one', () => {
    expectValid('list', snapshotText());
    const bare = { takenAt: 0, latencyMs: 0, info, timeouts, daemons: [], services: [] };
    expectValid('list', formatJson(bare, undefined, 'cannot read /proc/net/ip_vs_conn: not found'));
  });

  it('conns --json, fwmark templates included', () => {
    const parsed = rows.map((l) => parseConnLine(l)).filter((r) => r !== undefined);
    expect(parsed).toHaveLength(rows.length);
    const text =
      CONNS_JSON_START + parsed.map((r, i) => connEntryLine(r!, i === 0)).join('') + connsJsonEnd(0, undefined);
    expectValid('conns', text);
  });

  it('are not vacuous: a field left out, one added, or a wrong type is refused', () => {
    const doc = JSON.parse(snapshotText()) as Record<string, unknown>;
    expect(isValid('list', { ...doc, extra: 1 })).toBe(false);
    const { services: _, ...withoutServices } = doc;
    expect(isValid('list', withoutServices)).toBe(false);
    expect(isValid('list', { ...doc, connRows: '3' })).toBe(false);
    expect(
      isValid('doctor', {
        status: 'OK',
        exitStatus: 0,
        summary: '',
        counts: { critical: 0, warning: 0, info: 0 },
        findings: [{}],
      }),
    ).toBe(false);
    expect(isValid('drain', { changes: [], left: [{ service: '-t 192.0.2.1:80' }] })).toBe(false);
  });
});
