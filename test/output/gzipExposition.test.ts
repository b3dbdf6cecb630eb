/**
 * The compressed exposition: one gzip stream whose text is the plain exposition's, byte for byte, scrape after
 * scrape while the table changes, with the blocks whose rows did not change sent as kept.
 */
import { crc32, gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Destination, IpvsSnapshot, ServiceWithDests } from '../../src/kernel/ipvs/types.js';
import { capSeries } from '../../src/output/metrics/exporterMetrics.js';
import { type ExpositionFormat, formatExposition, type MetricFamily } from '../../src/output/metrics/exposition.js';
import { gzipExposition, SegmentCache } from '../../src/output/metrics/gzipExposition.js';
import { crc32Combine } from '../../src/output/metrics/gzipSegments.js';
import { COLLECT_GROUPS, type CollectGroup, ipvsFamilies } from '../../src/output/metrics/ipvsMetrics.js';
import { ServerMemory } from '../../src/output/metrics/serverMemory.js';
import { dest, service, snapshot, stats } from './fixtures.js';

const ALL = new Set<CollectGroup>(COLLECT_GROUPS);

const gunzipped = (families: MetricFamily[], format: ExpositionFormat, cache: SegmentCache): string =>
  gunzipSync(Buffer.concat([...gzipExposition(families, format, cache)])).toString('utf8');

/** A family of samples, as the settings, HA and doctor groups make (no blocks). */
const SAMPLES: MetricFamily = {
  name: 'ipvs_sysctl',
  type: 'gauge',
  help: 'A sysctl "quoted" \\ and all.',
  samples: [
    { labels: { name: 'am_droprate' }, value: 10 },
    { labels: { name: 'am_droprate' }, value: 11 },
    { labels: { name: 'conntrack' }, value: 18446744073709551615n },
  ],
};

/** `services` services of `each` real servers, the kernel's objects as the netlink client gives them. */
function table(services: number, each: number): ServiceWithDests[] {
  return Array.from({ length: services }, (_, s) => ({
    service: service({ address: `198.18.${s >> 8}.${s & 255}`, stats: stats({ connections: BigInt(s) }) }),
    dests: Array.from({ length: each }, (_, d) => dest({ address: `198.19.${s >> 8}.${s & 255}`, port: 8000 + d })),
  }));
}

/** The table after a scrape: each change a service whose real server `d` has new counters and weight, or one gone. */
function changed(services: ServiceWithDests[], changes: [number, number, number][]): ServiceWithDests[] {
  const next = [...services];
  for (const [at, d, n] of changes) {
    const i = at % next.length;
    const { service: s, dests } = next[i]!;
    if (n === 0 && next.length > 1) {
      next.splice(i, 1);
      continue;
    }
    const fresh: Destination[] = [...dests];
    const old = fresh[d % fresh.length]!;
    fresh[d % fresh.length] = { ...old, weight: n % 3, stats: stats({ inBytes: BigInt(n) * 2n ** 40n }) };
    next[i] = { service: s, dests: fresh };
  }
  return next;
}

describe('gzipExposition', () => {
  it('crc32Combine: the CRC-32 of A then B from the two CRCs and the length of B', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), fc.uint8Array({ maxLength: 3000 }), (a, b) => {
        expect(crc32Combine(crc32(a), crc32(b), b.length)).toBe(crc32(Buffer.concat([a, b])));
      }),
    );
  });

  for (const format of ['text', 'openmetrics'] as const) {
    it(`${format}: the plain exposition's text, blocks and samples, scrape after scrape while the table changes`, () => {
      fc.assert(
        fc.property(
          fc.array(fc.array(fc.tuple(fc.nat(3000), fc.nat(9), fc.nat(20)), { maxLength: 6 }), { maxLength: 3 }),
          (scrapes) => {
            const cache = new SegmentCache();
            const [gzMemory, plainMemory] = [new ServerMemory(), new ServerMemory()];
            let services = table(300, 5);
            for (const changes of [[], ...scrapes]) {
              services = changed(services, changes);
              const snap: IpvsSnapshot = snapshot(services);
              const got = gunzipped([...ipvsFamilies(snap, ALL, gzMemory), SAMPLES], format, cache);
              expect(got).toBe(formatExposition([...ipvsFamilies(snap, ALL, plainMemory), SAMPLES], format));
            }
          },
        ),
        { numRuns: 15 },
      );
    });
  }

  it('an unchanged table is sent from what was kept; a changed real server compresses its blocks again', () => {
    const cache = new SegmentCache();
    const memory = new ServerMemory();
    const services = table(300, 5);
    gunzipped(ipvsFamilies(snapshot(services), ALL, memory), 'text', cache);
    const blocks = cache.misses;
    // 1,500 real servers: two blocks in each of their families.
    expect(blocks).toBeGreaterThan(16);
    gunzipped(ipvsFamilies(snapshot(services), ALL, memory), 'text', cache);
    expect([cache.hits, cache.misses]).toEqual([blocks, blocks]);
    const one = changed(services, [[7, 1, 5]]);
    const text = gunzipped(ipvsFamilies(snapshot(one), ALL, memory), 'text', cache);
    expect(text).toBe(formatExposition(ipvsFamilies(snapshot(one), ALL, new ServerMemory()), 'text'));
    // The first block of each real server's family; the service families' only block (its state counts moved).
    expect(cache.misses - blocks).toBeGreaterThan(0);
    expect(cache.misses - blocks).toBeLessThan(blocks / 2);
  });

  it('a family cut by --max-series is written as cut', () => {
    const families = ipvsFamilies(snapshot(table(300, 5)), ALL, new ServerMemory());
    const { families: cut } = capSeries(families, 5000);
    expect(gunzipped(cut, 'text', new SegmentCache())).toBe(formatExposition(cut, 'text'));
  });
});
