/**
 * IPVS statistics attributes (IPVS_STATS_ATTR_*), nested in services and real
 * servers as STATS and, since kernel 4.1, STATS64 too.
 *
 * STATS (struct ip_vs_stats_user): conns, packets and rates are u32, byte
 * counters u64; the kernel truncates its 64-bit counters to fit. STATS64
 * (struct ip_vs_kstats): every field u64.
 */
import { type AttributeReader, CodecError } from '../netlink/attributes.js';
import { nestedAttr, u32Attr, u64Attr } from '../netlink/attributeWriters.js';
import {
  IPVS_STATS_ATTR_CONNS,
  IPVS_STATS_ATTR_CPS,
  IPVS_STATS_ATTR_INBPS,
  IPVS_STATS_ATTR_INBYTES,
  IPVS_STATS_ATTR_INPKTS,
  IPVS_STATS_ATTR_INPPS,
  IPVS_STATS_ATTR_NAMES,
  IPVS_STATS_ATTR_OUTBPS,
  IPVS_STATS_ATTR_OUTBYTES,
  IPVS_STATS_ATTR_OUTPKTS,
  IPVS_STATS_ATTR_OUTPPS,
} from './constants.js';
import type { Stats } from './types.js';

type Counter = 'connections' | 'inPackets' | 'outPackets' | 'inBytes' | 'outBytes';
type Rate = 'cps' | 'inPps' | 'outPps' | 'inBps' | 'outBps';

/** Counter fields: attribute, field, and whether STATS (32-bit) carries it as u64. */
const COUNTERS: readonly (readonly [number, Counter, boolean])[] = [
  [IPVS_STATS_ATTR_CONNS, 'connections', false],
  [IPVS_STATS_ATTR_INPKTS, 'inPackets', false],
  [IPVS_STATS_ATTR_OUTPKTS, 'outPackets', false],
  [IPVS_STATS_ATTR_INBYTES, 'inBytes', true],
  [IPVS_STATS_ATTR_OUTBYTES, 'outBytes', true],
];
const RATES: readonly (readonly [number, Rate])[] = [
  [IPVS_STATS_ATTR_CPS, 'cps'],
  [IPVS_STATS_ATTR_INPPS, 'inPps'],
  [IPVS_STATS_ATTR_OUTPPS, 'outPps'],
  [IPVS_STATS_ATTR_INBPS, 'inBps'],
  [IPVS_STATS_ATTR_OUTBPS, 'outBps'],
];

const U32_MASK = 0xffffffffn;

/** All-zero stats. */
export function zeroStats(): Stats {
  return {
    connections: 0n,
    inPackets: 0n,
    outPackets: 0n,
    inBytes: 0n,
    outBytes: 0n,
    cps: 0,
    inPps: 0,
    outPps: 0,
    inBps: 0,
    outBps: 0,
  };
}

/**
 * Parses one nested stats attribute; `wide` for STATS64. Spelled out: one object made whole, in one shape,
 * not a zero object filled field by field through the tables above (a dump of 10,000 real servers parses
 * 10,000 of them).
 */
export function parseStats(r: AttributeReader, wide: boolean): Stats {
  return {
    connections: count(r, wide, IPVS_STATS_ATTR_CONNS),
    inPackets: count(r, wide, IPVS_STATS_ATTR_INPKTS),
    outPackets: count(r, wide, IPVS_STATS_ATTR_OUTPKTS),
    // STATS carries the byte counters as u64 too.
    inBytes: r.u64(IPVS_STATS_ATTR_INBYTES),
    outBytes: r.u64(IPVS_STATS_ATTR_OUTBYTES),
    cps: rate(r, wide, IPVS_STATS_ATTR_CPS),
    inPps: rate(r, wide, IPVS_STATS_ATTR_INPPS),
    outPps: rate(r, wide, IPVS_STATS_ATTR_OUTPPS),
    inBps: rate(r, wide, IPVS_STATS_ATTR_INBPS),
    outBps: rate(r, wide, IPVS_STATS_ATTR_OUTBPS),
  };
}

/** A counter: u64 in STATS64 (`wide`), u32 in STATS. */
const count = (r: AttributeReader, wide: boolean, type: number): bigint => (wide ? r.u64(type) : BigInt(r.u32(type)));
/** A rate: u64 in STATS64, u32 in STATS; a number either way. */
const rate = (r: AttributeReader, wide: boolean, type: number): number => (wide ? r.u64Number(type) : r.u32(type));

/**
 * Stats of a service or real server: STATS64 when present (kernel 4.1+, `parent.has(stats64Type)`), else
 * STATS. `scratch` as for AttributeReader.
 */
export function parseStatsPair(
  parent: AttributeReader,
  statsType: number,
  stats64Type: number,
  scratch?: number[],
): Stats {
  if (parent.has(stats64Type)) {
    return parseStats(parent.nested(stats64Type, 'STATS64', IPVS_STATS_ATTR_NAMES, scratch), true);
  }
  if (parent.has(statsType)) {
    return parseStats(parent.nested(statsType, 'STATS', IPVS_STATS_ATTR_NAMES, scratch), false);
  }
  throw new CodecError(`${parent.context}: missing attribute STATS (${statsType})`);
}

/** One nested stats attribute; STATS (`wide` false) truncates to u32 where the kernel does. */
export function encodeStats(type: number, s: Stats, wide: boolean): Buffer {
  const children: Buffer[] = [];
  for (const [attrType, field, u64InStats] of COUNTERS) {
    const v = s[field];
    children.push(wide || u64InStats ? u64Attr(attrType, v) : u32Attr(attrType, Number(v & U32_MASK)));
  }
  for (const [attrType, field] of RATES) {
    const v = s[field];
    children.push(wide ? u64Attr(attrType, BigInt(v)) : u32Attr(attrType, v >>> 0));
  }
  return nestedAttr(type, children);
}

/** STATS, plus STATS64 when `stats64` (as kernels 4.1+ send both). */
export function encodeStatsPair(statsType: number, stats64Type: number, s: Stats, stats64: boolean): Buffer[] {
  const out = [encodeStats(statsType, s, false)];
  if (stats64) out.push(encodeStats(stats64Type, s, true));
  return out;
}
