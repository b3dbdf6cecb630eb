/**
 * Synthetic IPVS tables for the history store's bench and tests: `services` x `dests` real
 * servers, idle or with traffic on every server. Traffic is each server's own steady rate with
 * ±20% noise per sample, from a seeded generator (the same run gives the same bytes).
 */
import type { HistorySample } from '../history/sample.js';
import { AF_INET, IPPROTO_TCP } from '../kernel/inet.js';
import { zeroStats } from '../kernel/ipvs/statsCodec.js';
import type { Destination, Service } from '../kernel/ipvs/types.js';
import { connGroupKey } from '../kernel/proc/connParser.js';
import type { ConnGroup, ConnTableSummary } from '../kernel/proc/types.js';

/** A small seeded generator (mulberry32): numbers in [0, 1). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function syntheticTable(services: number, dests: number, takenAt: number): HistorySample {
  const list = [];
  for (let s = 0; s < services; s++) {
    const service: Service = {
      af: AF_INET,
      protocol: IPPROTO_TCP,
      address: `10.${(s >> 8) & 255}.${s & 255}.1`,
      port: 80,
      fwmark: 0,
      scheduler: 'wlc',
      flags: 2,
      timeout: 0,
      netmask: '255.255.255.255',
      peName: '',
      stats: zeroStats(),
      stats64: true,
    };
    const ds: Destination[] = [];
    for (let d = 0; d < dests; d++) {
      ds.push({
        af: AF_INET,
        address: `192.168.${s & 255}.${d + 10}`,
        port: 8080,
        forward: 'masq',
        connFlags: 0,
        weight: 100,
        upperThreshold: 0,
        lowerThreshold: 0,
        activeConns: 0,
        inactiveConns: 0,
        persistentConns: 0,
        stats: zeroStats(),
        stats64: true,
      });
    }
    list.push({ service, dests: ds });
  }
  return {
    takenAt,
    info: { versionCode: 0x10201, version: '1.2.1', connTableSize: 4096 },
    timeouts: { tcp: 900, tcpFin: 120, udp: 300 },
    daemons: [],
    services: list,
  };
}

/** Each server's steady connection rate (per second), 1 to 50, by its place in the table. */
function baseRate(i: number): number {
  return 1 + (((i * 2654435761) >>> 0) % 50);
}

/** A draw of `count` equally likely whole numbers from `first`. */
interface Draw {
  first: number;
  count: number;
}
const pick = (d: Draw, rand: () => number) => d.first + Math.floor(rand() * d.count);
/** `value` times a factor in [low, low + spread), rounded: about value x spread + 1 outcomes. */
const jitter = (value: number, low: number, spread: number): Draw => ({
  first: Math.round(value * low),
  count: Math.round(value * spread) + 1,
});

/** Packets per connection, in and out, and bytes per packet, in and out: one draw each per server and sample. */
const PER_CONNECTION_AND_PACKET: readonly Draw[] = [
  { first: 8, count: 4 },
  { first: 6, count: 4 },
  { first: 60, count: 40 },
  { first: 800, count: 600 },
];
/** A server's draws in one sample of `seconds` at `rate` connections a second: connections, then those above, then its active and inactive connections. */
function drawsOf(rate: number, seconds: number): Draw[] {
  return [
    jitter(rate * seconds, 0.8, 0.4),
    ...PER_CONNECTION_AND_PACKET,
    jitter(rate, 0.5, 1),
    jitter(rate * 60, 0.9, 0.2),
  ];
}

/**
 * The information in one busy sample, in bytes: for each server, log2 of the outcomes of each of its
 * draws. The sample determines its draws (the counters' growth gives the connections, then each
 * ratio), so no lossless store can spend fewer bytes on average, even one that knows this generator;
 * the bench prints it next to the store's figure. The last two draws take each server's steady rate
 * for the cps they scale (a sample's cps is within 20% of it).
 */
export function trafficFloorBytes(services: number, dests: number, seconds: number): number {
  let bits = 0;
  for (let i = 0; i < services * dests; i++) for (const d of drawsOf(baseRate(i), seconds)) bits += Math.log2(d.count);
  return bits / 8;
}

/** The next sample `seconds` later: counters grow and rates follow on every server (busy), or nothing moves (idle). */
export function nextSample(prev: HistorySample, seconds: number, busy: boolean, rand: () => number): HistorySample {
  const next = structuredClone(prev);
  next.takenAt = prev.takenAt + seconds * 1000;
  if (!busy) return next;
  let i = 0;
  for (const { service, dests } of next.services) {
    const sum = zeroStats();
    for (const d of dests) {
      const [connDraw, inPerConn, outPerConn, inPerPacket, outPerPacket] = drawsOf(baseRate(i++), seconds);
      const conns = pick(connDraw!, rand);
      const inP = conns * pick(inPerConn!, rand);
      const outP = conns * pick(outPerConn!, rand);
      const grow = { conns, inP, outP, inB: inP * pick(inPerPacket!, rand), outB: outP * pick(outPerPacket!, rand) };
      const st = d.stats;
      st.connections += BigInt(grow.conns);
      st.inPackets += BigInt(grow.inP);
      st.outPackets += BigInt(grow.outP);
      st.inBytes += BigInt(grow.inB);
      st.outBytes += BigInt(grow.outB);
      st.cps = Math.round(grow.conns / seconds);
      st.inPps = Math.round(grow.inP / seconds);
      st.outPps = Math.round(grow.outP / seconds);
      st.inBps = Math.round(grow.inB / seconds);
      st.outBps = Math.round(grow.outB / seconds);
      const [, , , , , active, inactive] = drawsOf(st.cps, seconds);
      d.activeConns = pick(active!, rand);
      d.inactiveConns = pick(inactive!, rand);
      for (const k of ['connections', 'inPackets', 'outPackets', 'inBytes', 'outBytes'] as const) sum[k] += st[k];
      for (const k of ['cps', 'inPps', 'outPps', 'inBps', 'outBps'] as const) sum[k] += st[k];
    }
    service.stats = sum;
  }
  return next;
}

/**
 * The connection table's counts of a synthetic sample, as a read of /proc/net/ip_vs_conn would
 * make them: each real server's active connections ESTABLISHED, and its inactive ones mostly
 * TIME_WAIT, some FIN_WAIT and a few SYN_RECV (an idle table has no entries, hence no groups).
 */
export function connSummaryOf(s: HistorySample): ConnTableSummary {
  const groups = new Map<string, ConnGroup>();
  const all: Record<string, number> = {};
  let rows = 0;
  for (const { service, dests } of s.services) {
    for (const d of dests) {
      const fin = Math.round(d.inactiveConns * 0.05);
      const syn = Math.round(d.inactiveConns * 0.01);
      const counts = {
        ESTABLISHED: d.activeConns,
        TIME_WAIT: d.inactiveConns - fin - syn,
        FIN_WAIT: fin,
        SYN_RECV: syn,
      };
      const states = Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));
      const n = Object.values(states).reduce((a, b) => a + b, 0);
      if (n === 0) continue;
      for (const [k, v] of Object.entries(states)) all[k] = (all[k] ?? 0) + v;
      rows += n;
      const g = { protocol: 'TCP', af: service.af, virtualAddress: service.address, virtualPort: service.port };
      const ends = { destAddress: d.address, destPort: d.port };
      const key = connGroupKey('TCP', service.address, service.port, d.address, d.port);
      groups.set(key, { ...g, ...ends, states, templates: {}, maxExpires: n > syn ? 120 : 60 });
    }
  }
  return { rows, states: all, templates: {}, groups, malformed: 0, takenAt: s.takenAt, durationMs: 50 };
}
