/**
 * The JSON Schemas of docs/schemas/ hold the documents the formatters write (from fixtures here;
 * test/lab/schemas.test.ts validates real outputs from the lab kernel), and are not vacuous.
 */
import { describe, expect, it } from 'vitest';
import { ConnCounter } from '../../src/kernel/proc/connCounter.js';
import { parseConnLine } from '../../src/kernel/proc/connParser.js';
import { CONNS_JSON_START, connEntryLine, connsJsonEnd } from '../../src/output/connsJson.js';
import { formatJson } from '../../src/output/jsonSnapshot.js';
import { formatWatchLine } from '../../src/output/watchJson.js';
import { dest, service, snapshot, stats } from '../output/fixtures.js';
import { expectValid, isValid } from './validate.js';

const info = { versionCode: 0x010201, version: '1.2.1', connTableSize: 4096 };
const timeouts = { tcp: 900, tcpFin: 120, udp: 300 };
const rows = [
  'TCP CB007102 8FE9 C0000202 0050 C633640B 0050 ESTABLISHED     899',
  'TCP CB007100 0000 C0000202 0050 C633640B 0050 ASSURED          55',
  'IP  CB007100 0000 00000007 0000 C633640D 0000 NONE             30',
];

function snapshotRead() {
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
  return { snap, conns: c.finish(0, 0) };
}

function snapshotText(): string {
  const { snap, conns } = snapshotRead();
  return formatJson({ snap, conns });
}

const doctor = { status: 'WARNING' as const, critical: 0, warning: 2, info: 1 };

describe('docs/schemas hold what the formatters write', () => {
  it('list --json, with a table read and without one', () => {
    expectValid('list', snapshotText());
    const bare = { takenAt: 0, latencyMs: 0, info, timeouts, daemons: [], services: [] };
    expectValid('list', formatJson({ snap: bare, connError: 'cannot read /proc/net/ip_vs_conn: not found' }));
  });

  it("list --json: a drained real server's saved weight, the others null; why the saved weights were not read", () => {
    const drained = dest({ address: '198.51.100.11', weight: 0 });
    const other = dest({ address: '198.51.100.12' });
    const snap = snapshot([{ service: service({}), dests: [drained, other] }]);
    const doc = expectValid('list', formatJson({ snap, savedWeights: new Map([[drained, 5]]) })) as {
      services: { dests: { savedWeight: number | null }[] }[];
      savedWeightsError: string | null;
    };
    expect(doc.services[0]!.dests.map((d) => d.savedWeight)).toEqual([5, null]);
    expect(doc.savedWeightsError).toBeNull();
    const why = '/run/ipvstop/saved-weights.json is empty';
    expect(expectValid('list', formatJson({ snap, savedWeightsError: why }))).toMatchObject({ savedWeightsError: why });
  });

  it('list --json --watch: one line, the list document and host, seq, takenAtMs and doctor', () => {
    const line = formatWatchLine(snapshotRead(), { host: 'lb-a', seq: 3, doctor });
    expect(line.indexOf('\n')).toBe(line.length - 1);
    const doc = expectValid('list', line) as Record<string, unknown>;
    expect(doc).toMatchObject({ host: 'lb-a', seq: 3, takenAtMs: 0, takenAt: '1970-01-01T00:00:00.000Z', doctor });
    // The plain document's fields, with the same values.
    const plain = JSON.parse(snapshotText()) as Record<string, unknown>;
    expect(Object.keys(doc).sort()).toEqual([...Object.keys(plain), 'host', 'seq', 'takenAtMs', 'doctor'].sort());
    for (const k of Object.keys(plain)) expect(doc[k], k).toEqual(plain[k]);
    const bare = { takenAt: 5, latencyMs: 0, info, timeouts, daemons: [], services: [] };
    expectValid('list', formatWatchLine({ snap: bare, connError: 'gone' }, { host: 'h', seq: 1, doctor: null }));
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
    // A watch document has all four of its fields or none.
    const watched = JSON.parse(formatWatchLine(snapshotRead(), { host: 'lb-a', seq: 1, doctor })) as Record<
      string,
      unknown
    >;
    expect(isValid('list', watched)).toBe(true);
    for (const k of ['host', 'seq', 'takenAtMs', 'doctor']) {
      const { [k]: _, ...without } = watched;
      expect(isValid('list', without), k).toBe(false);
    }
    expect(isValid('list', { ...watched, seq: 0 })).toBe(false);
    expect(isValid('list', { ...watched, doctor: { ...doctor, status: 'UNKNOWN' } })).toBe(false);
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
