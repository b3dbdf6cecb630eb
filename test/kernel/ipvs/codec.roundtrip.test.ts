/**
 * Property tests: random services and real servers go through encode, are
 * wrapped as a reply payload (sometimes with an unknown top-level attribute a
 * newer kernel might add), and must parse back equal. Mangled payloads must
 * fail with CodecError only, never read out of bounds.
 */
import { describe, expect, it } from 'vitest';
import { encodeDest, encodeService, parseDaemon, parseDest, parseService } from '../../../src/kernel/ipvs/codec.js';
import type { AddressFamily, Destination, Protocol, Service, Stats } from '../../../src/kernel/ipvs/types.js';
import { formatIPv4, formatIPv6 } from '../../../src/kernel/netlink/address.js';
import { CodecError } from '../../../src/kernel/netlink/attributes.js';
import { u32Attr } from '../../../src/kernel/netlink/attributeWriters.js';
import { Prng } from '../prng.js';

const ITERATIONS = 300;
const SEED = 0x1b5_2024;
const SCHEDULERS = ['rr', 'wrr', 'lc', 'wlc', 'lblc', 'lblcr', 'dh', 'sh', 'sed', 'nq', 'fo', 'ovf', 'mh', 'twos'];
const FORWARD = ['masq', 'local', 'tunnel', 'route', 'bypass'] as const;

function randomAddress(g: Prng, af: AddressFamily): string {
  if (af === 2) return formatIPv4(g.bytes(4));
  // Zero groups are common in real IPv6 addresses: make runs of them likely.
  const b = Buffer.alloc(16);
  for (let i = 0; i < 8; i++) if (!g.chance(0.4)) b.writeUInt16BE(g.int(0, 0xffff), i * 2);
  return formatIPv6(b);
}

function randomStats(g: Prng, wide: boolean): Stats {
  const narrow = (): bigint => BigInt(g.u32());
  const rate = (): number => g.u32();
  return {
    connections: wide ? g.u64() : narrow(),
    inPackets: wide ? g.u64() : narrow(),
    outPackets: wide ? g.u64() : narrow(),
    inBytes: g.u64(),
    outBytes: g.u64(),
    cps: rate(),
    inPps: rate(),
    outPps: rate(),
    inBps: rate(),
    outBps: rate(),
  };
}

function randomNetmask(g: Prng, af: AddressFamily): string {
  if (af === 10) return String(g.int(0, 128));
  const bits = g.int(0, 32);
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return formatIPv4(Buffer.from([mask >>> 24, (mask >>> 16) & 0xff, (mask >>> 8) & 0xff, mask & 0xff]));
}

function randomService(g: Prng): Service {
  const af: AddressFamily = g.pick([2, 10] as const);
  const fwmark = g.chance(0.25) ? g.int(1, 0xffffffff) : 0;
  const stats64 = g.chance(0.7);
  return {
    af,
    protocol: fwmark ? 0 : g.pick<Protocol>([6, 17, 132]),
    address: fwmark ? (af === 2 ? '0.0.0.0' : '::') : randomAddress(g, af),
    port: fwmark ? 0 : g.int(0, 0xffff),
    fwmark,
    scheduler: g.pick(SCHEDULERS),
    flags: g.u32(),
    timeout: g.u32(),
    netmask: randomNetmask(g, af),
    peName: g.chance(0.2) ? 'sip' : '',
    stats: randomStats(g, stats64),
    stats64,
  };
}

function randomDest(g: Prng): Destination {
  const af: AddressFamily = g.pick([2, 10] as const);
  const code = g.int(0, 4);
  const stats64 = g.chance(0.7);
  const d: Destination = {
    af,
    address: randomAddress(g, af),
    port: g.int(0, 0xffff),
    forward: FORWARD[code] ?? 'masq',
    connFlags: code,
    weight: g.s32(),
    upperThreshold: g.u32(),
    lowerThreshold: g.u32(),
    activeConns: g.u32(),
    inactiveConns: g.u32(),
    persistentConns: g.u32(),
    stats: randomStats(g, stats64),
    stats64,
  };
  if (d.forward === 'tunnel') {
    if (g.chance(0.7)) d.tunnelType = g.pick(['ipip', 'gue', 'gre'] as const);
    if (g.chance(0.7)) d.tunnelPort = g.int(0, 0xffff);
    if (g.chance(0.7)) d.tunnelFlags = g.int(0, 3);
  }
  return d;
}

/** A reply payload: the nested attribute, sometimes followed by an unknown top-level attribute. */
function asReply(g: Prng, nested: Buffer): Buffer {
  return g.chance(0.3) ? Buffer.concat([nested, u32Attr(g.int(7, 0x3fff), g.u32())]) : nested;
}

/** Truncates, or overwrites a few bytes of, a valid payload. */
function mangle(g: Prng, b: Buffer): Buffer {
  if (g.chance(0.5)) return b.subarray(0, g.int(0, b.length - 1));
  const out = Buffer.from(b);
  for (let k = g.int(1, 4); k > 0; k--) out[g.int(0, out.length - 1)] = g.int(0, 255);
  return out;
}

/** Runs `parse` and accepts a value or a CodecError, nothing else. */
function parsesOrCodecError(parse: () => unknown): void {
  try {
    parse();
  } catch (e) {
    if (!(e instanceof CodecError)) throw e;
  }
}

describe('IPVS codec round trip', () => {
  it(`services: parse(encode(s)) equals s (${ITERATIONS} seeded cases)`, () => {
    const g = new Prng(SEED);
    for (let i = 0; i < ITERATIONS; i++) {
      const s = randomService(g);
      expect(parseService(asReply(g, encodeService(s))), `seed ${SEED} case ${i}`).toEqual(s);
    }
  });

  it(`real servers: parse(encode(d)) equals d (${ITERATIONS} seeded cases)`, () => {
    const g = new Prng(SEED + 1);
    for (let i = 0; i < ITERATIONS; i++) {
      const d = randomDest(g);
      const serviceAf = g.pick([2, 10] as const); // ADDR_FAMILY is sent, so the service family must not matter
      expect(parseDest(asReply(g, encodeDest(d)), serviceAf), `seed ${SEED + 1} case ${i}`).toEqual(d);
    }
  });

  it('STATS alone (pre-4.1) keeps u32 packet counters and u64 byte counters', () => {
    const g = new Prng(SEED + 2);
    for (let i = 0; i < 50; i++) {
      const s = { ...randomService(g), stats64: false };
      s.stats = randomStats(g, false);
      expect(parseService(encodeService(s))).toEqual(s);
    }
  });
});

describe('IPVS codec on mangled payloads', () => {
  it(`throws only CodecError (${ITERATIONS * 3} seeded cases)`, () => {
    const g = new Prng(SEED + 3);
    for (let i = 0; i < ITERATIONS; i++) {
      parsesOrCodecError(() => parseService(mangle(g, encodeService(randomService(g)))));
      parsesOrCodecError(() => parseDest(mangle(g, encodeDest(randomDest(g))), 2));
      parsesOrCodecError(() => parseDaemon(g.bytes(g.int(0, 64))));
    }
  });
});
