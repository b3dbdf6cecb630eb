/**
 * The golden-file machinery itself, end to end through a temporary folder:
 * what the capture tooling writes (toHexFile, toGoldenJson) is what the
 * golden tests read back.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeService } from '../../../src/kernel/ipvs/codec.js';
import type { Service } from '../../../src/kernel/ipvs/types.js';
import { attr } from '../../../src/kernel/netlink/attributeWriters.js';
import { parseHexFile, toGoldenJson, toHexFile } from '../../../src/kernel/netlink/golden.js';
import { loadGoldenCases, runGoldenCase } from '../golden.js';
import { hex } from '../hex.js';

const service: Service = {
  af: 2,
  protocol: 6,
  address: '10.0.0.1',
  port: 80,
  fwmark: 0,
  scheduler: 'rr',
  flags: 2,
  timeout: 0,
  netmask: '255.255.255.255',
  peName: '',
  stats64: true,
  stats: {
    connections: 1n,
    inPackets: 2n,
    outPackets: 3n,
    inBytes: 2n ** 63n,
    outBytes: 5n,
    cps: 0,
    inPps: 0,
    outPps: 0,
    inBps: 0,
    outBps: 0,
  },
};

describe('golden helpers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ipvstop-golden-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serialises bigints as strings', () => {
    expect(toGoldenJson({ a: 2n ** 64n - 1n, b: [1n], c: 'x', d: undefined })).toBe(
      '{\n  "a": "18446744073709551615",\n  "b": [\n    "1"\n  ],\n  "c": "x"\n}\n',
    );
  });

  it('reads hex files with whitespace and comments', () => {
    const bytes = Buffer.from(Array.from({ length: 40 }, (_, i) => i * 7));
    expect(parseHexFile(`# captured on 6.1\n${toHexFile(bytes)}`)).toEqual(bytes);
    expect(() => parseHexFile('0')).toThrow();
    expect(() => parseHexFile('zz')).toThrow();
  });

  it('runs what the capture tooling writes', () => {
    const ndmsg = hex`02 00 00 00  02 00 00 00  02 00 00 00`; // family 2, ifindex 2, state REACHABLE
    const neigh = Buffer.concat([ndmsg, attr(1, Buffer.from([10, 0, 0, 2]))]);
    writeFileSync(join(dir, 'service-tcp-rr.hex'), toHexFile(encodeService(service)));
    writeFileSync(
      join(dir, 'service-tcp-rr.json'),
      toGoldenJson({ kernel: 'synthetic', madeBy: 'ipvsadm -A -t 10.0.0.1:80 -s rr', expected: service }),
    );
    writeFileSync(join(dir, 'neigh-reachable.hex'), toHexFile(neigh));
    writeFileSync(
      join(dir, 'neigh-reachable.json'),
      toGoldenJson({
        expected: { ifindex: 2, af: 2, address: '10.0.0.2', lladdr: '', states: ['REACHABLE'], state: 2, flags: [] },
      }),
    );
    const cases = loadGoldenCases(dir);
    expect(cases.map((c) => [c.name, c.parser])).toEqual([
      ['neigh-reachable', 'neigh'],
      ['service-tcp-rr', 'service'],
    ]);
    for (const c of cases) expect(runGoldenCase(c)).toEqual(c.spec.expected);
  });

  it('insists on the .json next to each .hex', () => {
    writeFileSync(join(dir, 'info-lonely.hex'), '00');
    expect(() => loadGoldenCases(dir)).toThrow(/missing info-lonely\.json/);
  });
});
