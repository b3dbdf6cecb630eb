/** The history bench's floor is the generator's own information: each draw's outcomes, as the samples show them. */
import { describe, expect, it } from 'vitest';
import { nextSample, seeded, syntheticTable, trafficFloorBytes } from '../../src/bench/historySamples.js';

describe("the history bench's traffic floor", () => {
  it('counts exactly the outcomes that the samples of one server take', () => {
    // One server, rate 1 a second (baseRate(0)), 10 s samples: 8,000 samples see every outcome of each draw (600 need about 4,000).
    const rand = seeded(7);
    let s = syntheticTable(1, 1, 0);
    const seen = { conns: new Set<bigint>(), inPerConn: new Set<bigint>(), outPerConn: new Set<bigint>() };
    const perPacket = { in: new Set<bigint>(), out: new Set<bigint>() };
    for (let i = 0; i < 8000; i++) {
      const prev = s.services[0]!.dests[0]!.stats;
      s = nextSample(s, 10, true, rand);
      const st = s.services[0]!.dests[0]!.stats;
      const grow = (k: 'connections' | 'inPackets' | 'outPackets' | 'inBytes' | 'outBytes') => st[k] - prev[k];
      seen.conns.add(grow('connections'));
      seen.inPerConn.add(grow('inPackets') / grow('connections'));
      seen.outPerConn.add(grow('outPackets') / grow('connections'));
      perPacket.in.add(grow('inBytes') / grow('inPackets'));
      perPacket.out.add(grow('outBytes') / grow('outPackets'));
    }
    const bits = (n: number) => Math.log2(n);
    // Connections 8-12 (5), 4 and 4 packets per connection, 40 and 600 bytes per packet.
    expect([seen.conns, seen.inPerConn, seen.outPerConn, perPacket.in, perPacket.out].map((x) => x.size)).toEqual([
      5, 4, 4, 40, 600,
    ]);
    // Then active (a cps of 1: round(0.5) = 1 and two outcomes) and inactive (60 x 0.2 + 1 = 13 outcomes).
    const expected = bits(5) + bits(4) + bits(4) + bits(40) + bits(600) + bits(2) + bits(13);
    expect(trafficFloorBytes(1, 1, 10)).toBeCloseTo(expected / 8, 6);
  });

  it("puts a busy 1,000 x 10 day at 10 s above the 200 MB the recorder's issue asks for", () => {
    const mbPerDay = (trafficFloorBytes(1000, 10, 10) * 8640) / 1e6;
    expect(mbPerDay).toBeGreaterThan(380);
    expect(mbPerDay).toBeLessThan(420);
  });
});
