/**
 * Fuzzing the IPVS codec with fast-check, on captured payloads mutated and
 * on random bytes: each parser gives a CodecError or a value a kernel could
 * have sent, which the encoder writes back to a payload that parses to the
 * same value (so nothing was read that the codec cannot represent).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  encodeDest,
  encodeService,
  parseConfig,
  parseDaemon,
  parseDest,
  parseInfo,
  parseService,
} from '../../../src/kernel/ipvs/codec.js';
import { parseStats } from '../../../src/kernel/ipvs/statsCodec.js';
import type { Stats } from '../../../src/kernel/ipvs/types.js';
import { parseAddress, parseIPv4 } from '../../../src/kernel/netlink/address.js';
import { AttributeReader } from '../../../src/kernel/netlink/attributes.js';
import { GOLDEN, goldenOf, mutated, randomBytes, valueOrCodecError } from './mutate.js';

const RUNS = 1500;
// Mostly one or two mutations: most payloads still parse, so the values are checked, not just the errors.
const payloadsOf = (...parsers: string[]) =>
  fc.oneof(
    {
      weight: 3,
      arbitrary: mutated(
        goldenOf(...parsers).map((c) => c.payload),
        1,
      ),
    },
    {
      weight: 2,
      arbitrary: mutated(
        goldenOf(...parsers).map((c) => c.payload),
        3,
      ),
    },
    { weight: 1, arbitrary: randomBytes },
  );

const isU =
  (bits: number) =>
  (v: number): boolean =>
    Number.isInteger(v) && v >= 0 && v < 2 ** bits;

function expectStats(s: Stats): void {
  for (const k of ['connections', 'inPackets', 'outPackets', 'inBytes', 'outBytes'] as const) {
    expect(s[k] >= 0n && s[k] < 2n ** 64n).toBe(true);
  }
  for (const k of ['cps', 'inPps', 'outPps', 'inBps', 'outBps'] as const)
    expect(s[k] >= 0 && s[k] <= 2 ** 64).toBe(true);
}

describe('IPVS codec, fuzzed', () => {
  it(`services: a CodecError, or a service that writes back the same (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(payloadsOf('service'), (b) => {
        const s = valueOrCodecError(() => parseService(b));
        if (!s) return;
        expect([2, 10]).toContain(s.af);
        expect(s.fwmark ? s.protocol === 0 && s.port === 0 : [0, 6, 17, 132].includes(s.protocol)).toBe(true);
        expect(() => parseAddress(s.af, s.address)).not.toThrow();
        expect(isU(16)(s.port) && isU(32)(s.fwmark) && isU(32)(s.flags) && isU(32)(s.timeout)).toBe(true);
        expect(s.af === 2 ? parseIPv4(s.netmask).length === 4 : /^(\d|[1-9]\d|1[01]\d|12[0-8])$/.test(s.netmask)).toBe(
          true,
        );
        expectStats(s.stats);
        expect(parseService(encodeService(s))).toEqual(s);
      }),
      { numRuns: RUNS },
    );
  });

  it(`real servers: a CodecError, or a real server that writes back the same (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(payloadsOf('dest'), fc.constantFrom(2 as const, 10 as const), (b, serviceAf) => {
        const d = valueOrCodecError(() => parseDest(b, serviceAf));
        if (!d) return;
        expect([2, 10]).toContain(d.af);
        expect(() => parseAddress(d.af, d.address)).not.toThrow();
        expect(isU(16)(d.port) && isU(32)(d.connFlags) && isU(32)(d.upperThreshold) && isU(32)(d.activeConns)).toBe(
          true,
        );
        expect(['masq', 'local', 'tunnel', 'route', 'bypass']).toContain(d.forward);
        expectStats(d.stats);
        // Written back with its family, so the service's no longer matters.
        expect(parseDest(encodeDest(d), serviceAf)).toEqual(d);
      }),
      { numRuns: RUNS },
    );
  });

  it(`info, timeouts and sync daemons: a CodecError or values in their ranges (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(payloadsOf('info', 'config', 'daemon'), (b) => {
        const info = valueOrCodecError(() => parseInfo(b));
        if (info) expect(info.version).toBe([16, 8, 0].map((s) => (info.versionCode >>> s) & 0xff).join('.'));
        const t = valueOrCodecError(() => parseConfig(b));
        if (t) expect([t.tcp, t.tcpFin, t.udp].every(isU(32))).toBe(true);
        const d = valueOrCodecError(() => parseDaemon(b));
        if (d) {
          expect(['master', 'backup']).toContain(d.state);
          expect(isU(32)(d.syncId)).toBe(true);
          expect(d.mcastInterface.includes('\0')).toBe(false);
          if (d.mcastGroup !== undefined)
            expect(() => parseAddress(d.mcastGroup!.includes(':') ? 10 : 2, d.mcastGroup!)).not.toThrow();
          for (const v of [d.syncMaxLen, d.mcastPort]) if (v !== undefined) expect(isU(16)(v)).toBe(true);
          if (d.mcastTtl !== undefined) expect(isU(8)(d.mcastTtl)).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it(`stats, STATS and STATS64: a CodecError or counters in range (${RUNS} cases)`, () => {
    // The nested stats of the captured services and real servers (types 10 and 12 in both), wide for STATS64.
    const nests = GOLDEN.filter((c) => c.parser === 'service' || c.parser === 'dest').flatMap((c) => {
      const inner = new AttributeReader(c.payload, c.name).nested(c.parser === 'service' ? 1 : 2, 'inner');
      return [
        [inner.bytes(10), false],
        [inner.bytes(12), true],
      ] as const;
    });
    const stats = fc
      .constantFrom(...nests)
      .chain(([b, wide]) => fc.tuple(mutated(fc.constant(b), 2), fc.constant(wide)));
    fc.assert(
      fc.property(fc.oneof(stats, fc.tuple(randomBytes, fc.boolean())), ([b, wide]) => {
        const s = valueOrCodecError(() => parseStats(new AttributeReader(b, 'fuzz'), wide));
        if (s) expectStats(s);
      }),
      { numRuns: RUNS },
    );
  });
});
