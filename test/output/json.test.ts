import { describe, expect, it } from 'vitest';
import { ConnCounter } from '../../src/kernel/proc/connCounter.js';
import { formatJson, stringifyExact } from '../../src/output/jsonSnapshot.js';
import { dest, service, stats } from './fixtures.js';

const info = { versionCode: 0x010201, version: '1.2.1', connTableSize: 4096 };
const timeouts = { tcp: 900, tcpFin: 120, udp: 300 };

function summary(text: string) {
  const c = new ConnCounter();
  c.push(Buffer.from(text));
  return c.finish(0, 0);
}

describe('ipvstop list --json', () => {
  it('writes u64 counters as exact integers past 2^53', () => {
    expect(stringifyExact({ a: 2n ** 64n - 1n, b: 1.5, c: 'x' }, 0)).toBe('{"a":18446744073709551615,"b":1.5,"c":"x"}');
    const snap = {
      takenAt: 0,
      latencyMs: 0,
      info,
      timeouts,
      daemons: [],
      services: [{ service: service({ stats: stats({ inBytes: 9007199254740993n }) }), dests: [] }],
    };
    expect(formatJson({ snap })).toContain('"inBytes": 9007199254740993');
  });

  it('attributes connection states to services and real servers, templates apart', () => {
    const persistent = service({ address: '192.0.2.2', flags: 0x3, timeout: 60 });
    const d1 = dest({ address: '198.51.100.11' });
    const d2 = dest({ address: '198.51.100.12' });
    const fw = service({ fwmark: 7, protocol: 0, address: '0.0.0.0', port: 0 });
    const fwd = dest({ address: '198.51.100.13', port: 0 });
    const table = summary(
      [
        'TCP CB007102 8FE9 C0000202 0050 C633640B 0050 ESTABLISHED     899',
        'TCP CB007102 8FEA C0000202 0050 C633640B 0050 TIME_WAIT       100',
        'TCP CB007102 0000 C0000202 0050 C633640B 0050 ASSURED          55',
        'TCP CB007103 9000 C0000202 0050 C633640C 0050 FIN_WAIT         10',
        'IP  CB007100 0000 00000007 0000 C633640D 0000 NONE            295',
        'TCP CB007104 9001 C0000263 01BB C633640D 01BB ESTABLISHED     899',
        'UDP CB007104 9001 C00002FE 0035 C633640E 0035 UDP             100',
      ].join('\n'),
    );
    const json = JSON.parse(
      formatJson({
        snap: {
          takenAt: 0,
          latencyMs: 0,
          info,
          timeouts,
          daemons: [],
          services: [
            { service: persistent, dests: [d1, d2] },
            { service: fw, dests: [fwd] },
          ],
        },
        conns: table,
      }),
    );
    expect(json.connStates).toEqual({ ESTABLISHED: 2, TIME_WAIT: 1, FIN_WAIT: 1, UDP: 1, ASSURED: 1, NONE: 1 });
    expect(json.templates).toEqual({ ASSURED: 1, NONE: 1 });
    expect(json.connRows).toBe(7);
    const [p, f] = json.services;
    expect(p.connStates).toEqual({ ESTABLISHED: 1, TIME_WAIT: 1, FIN_WAIT: 1, ASSURED: 1 });
    expect(p.templates).toEqual({ ASSURED: 1 });
    expect(p.dests[0].connStates).toEqual({ ESTABLISHED: 1, TIME_WAIT: 1, ASSURED: 1 });
    expect(p.dests[1].connStates).toEqual({ FIN_WAIT: 1 });
    // The fwmark service gets its template and the connection to its real server (any VIP, any port).
    expect(f).toMatchObject({
      fwmark: 7,
      protocol: null,
      address: null,
      connStates: { NONE: 1, ESTABLISHED: 1 },
      templates: { NONE: 1 },
    });
    expect(p).toMatchObject({
      af: 'inet',
      protocol: 'TCP',
      address: '192.0.2.2',
      port: 80,
      persistent: true,
      timeout: 60,
    });
    expect(json).toMatchObject({ connMalformed: 0, connTruncated: null, connError: null });
  });

  it('says which part is missing: a table that could not be read, or was read in part', () => {
    const snap = {
      takenAt: 0,
      latencyMs: 0,
      info,
      timeouts,
      daemons: [],
      services: [{ service: service({}), dests: [dest({})] }],
    };
    const missing = JSON.parse(formatJson({ snap, connError: 'cannot read /proc/net/ip_vs_conn: permission denied' }));
    expect(missing).toMatchObject({
      connStates: null,
      templates: null,
      connRows: null,
      connMalformed: null,
      connTruncated: null,
      connError: 'cannot read /proc/net/ip_vs_conn: permission denied',
    });
    expect(missing.services[0]).toMatchObject({ connStates: null, templates: null, stats: { connections: 0 } });
    const c = new ConnCounter();
    c.push(Buffer.from('TCP CB007102 8FE9 C0000202 0050 C633640B 0050 ESTABLISHED     899\nbad line\nTCP CB00'));
    const partial = JSON.parse(formatJson({ snap, conns: c.finish(0, 0, 'time') }));
    expect(partial).toMatchObject({ connRows: 1, connMalformed: 1, connTruncated: 'time', connError: null });
  });
});
