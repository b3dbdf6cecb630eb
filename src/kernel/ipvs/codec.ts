/**
 * IPVS generic netlink payloads of services and real servers <-> domain objects (the settings: settingsCodec.ts).
 * Pure: no sockets.
 *
 * Every payload here is what follows the 4-byte genl header: a sequence of
 * attributes (linux/ip_vs.h). Wire quirks, each handled only here:
 * - ADDR is 16 bytes (union nf_inet_addr), IPv4 in the first 4.
 * - Ports (service, real server, tunnel) are big-endian; other integers host order.
 * - Service FLAGS is struct ip_vs_flags {flags, mask}, 8 bytes.
 * - Service NETMASK: an IPv4 mask in network order, or an IPv6 prefix length.
 * - A fwmark service has FWMARK instead of PROTOCOL, ADDR and PORT.
 * Malformed or incomplete payloads throw CodecError.
 */
import { AF_INET } from '../inet.js';
import { formatAddress, formatIPv4, parseAddress, parseIPv4 } from '../netlink/address.js';
import { AttributeReader, CodecError, readU32, scratchFor, writeU32 } from '../netlink/attributes.js';
import {
  attr,
  be16Attr,
  nestedAttr,
  s32Attr,
  stringAttr,
  u8Attr,
  u16Attr,
  u32Attr,
} from '../netlink/attributeWriters.js';
import * as K from './constants.js';
import { encodeStatsPair, parseStatsPair } from './statsCodec.js';
import type { AddressFamily, Destination, ForwardMethod, Protocol, Service, ServiceId, TunnelType } from './types.js';

/** By number: IP_VS_CONN_F_MASQ 0, LOCALNODE 1, TUNNEL 2, DROUTE 3, BYPASS 4 (linux/ip_vs.h). */
const FORWARD: readonly ForwardMethod[] = ['masq', 'local', 'tunnel', 'route', 'bypass'];
/** By number: IP_VS_CONN_F_TUNNEL_TYPE_IPIP 0, GUE 1 (kernel 5.2+), GRE 2 (kernel 5.3+). */
const TUNNEL: readonly TunnelType[] = ['ipip', 'gue', 'gre'];
const PROTOCOLS: readonly number[] = [0, 6, 17, 132];

// ------------------------------------------------------------------ helpers

function addressFamily(v: number, r: AttributeReader): AddressFamily {
  if (v !== 2 && v !== 10) throw new CodecError(`${r.context}: unsupported address family ${v}`);
  return v;
}

/** ADDR: 16 bytes from the kernel; 4 accepted for IPv4 (what some user-space tools send). */
function readAddr(r: AttributeReader, type: number, af: AddressFamily): string {
  return af === AF_INET ? r.ipv4(type) : formatAddress(af, r.sized(type, 16));
}

/**
 * ADDR as 16 bytes, IPv4 in the first 4. The kernel's policy is NLA_BINARY of
 * at most sizeof(union nf_inet_addr) and nla_memcpy zero-fills a shorter one,
 * so 4 bytes would do too; we send 16 as ipvsadm (libipvs) and the kernel's
 * own replies do.
 */
function addr16(type: number, af: AddressFamily, text: string): Buffer {
  const value = Buffer.alloc(16);
  parseAddress(af, text).copy(value);
  return attr(type, value);
}

/**
 * The readers' arrays of the services and real servers of a dump, made once (see scratchFor): each message is
 * parsed to its end before the next, and no reader outlives its parse.
 */
const scratch = {
  command: scratchFor(K.IPVS_CMD_ATTR_NAMES),
  service: scratchFor(K.IPVS_SVC_ATTR_NAMES),
  dest: scratchFor(K.IPVS_DEST_ATTR_NAMES),
  stats: scratchFor(K.IPVS_STATS_ATTR_NAMES),
};

/** The one entry (SERVICE or DEST, `type`) of a dump's message, read with the arrays above. */
function entryReader(payload: Buffer, what: string, type: number, name: string, names: readonly string[]) {
  const command = new AttributeReader(payload, what, K.IPVS_CMD_ATTR_NAMES, 0, payload.length, scratch.command);
  return command.nested(type, name, names, type === K.IPVS_CMD_ATTR_SERVICE ? scratch.service : scratch.dest);
}

// ------------------------------------------------------------------ services

/** Identity attributes of a service: AF plus FWMARK, or PROTOCOL, ADDR, PORT. */
function serviceIdAttrs(id: ServiceId): Buffer[] {
  const out = [u16Attr(K.IPVS_SVC_ATTR_AF, id.af)];
  if (id.fwmark !== 0) {
    out.push(u32Attr(K.IPVS_SVC_ATTR_FWMARK, id.fwmark));
  } else {
    out.push(
      u16Attr(K.IPVS_SVC_ATTR_PROTOCOL, id.protocol),
      addr16(K.IPVS_SVC_ATTR_ADDR, id.af, id.address),
      be16Attr(K.IPVS_SVC_ATTR_PORT, id.port),
    );
  }
  return out;
}

/** IPVS_CMD_ATTR_SERVICE with only the service's identity (for GET_DEST dumps and per-service ZERO). */
export function encodeServiceId(id: ServiceId): Buffer {
  return nestedAttr(K.IPVS_CMD_ATTR_SERVICE, serviceIdAttrs(id));
}

/** NETMASK: IPv4 dotted mask as its 4 network-order bytes; IPv6 prefix length as a host-order u32. */
function netmaskAttr(af: AddressFamily, netmask: string): Buffer {
  if (af === AF_INET) return attr(K.IPVS_SVC_ATTR_NETMASK, parseIPv4(netmask));
  const prefix = /^\d{1,3}$/.test(netmask) ? Number(netmask) : NaN;
  if (!(prefix <= 128)) throw new CodecError(`invalid IPv6 netmask '${netmask}': expected a prefix length 0..128`);
  const b = Buffer.alloc(4);
  writeU32(b, prefix);
  return attr(K.IPVS_SVC_ATTR_NETMASK, b);
}

function readNetmask(r: AttributeReader, af: AddressFamily): string {
  const b = r.sized(K.IPVS_SVC_ATTR_NETMASK, 4);
  if (af === AF_INET) return formatIPv4(b);
  // The kernel refuses a prefix over 128 when a service is added or edited: one read here is not from it.
  const prefix = readU32(b);
  if (prefix > 128) throw new CodecError(`${r.context}: IPv6 netmask prefix length ${prefix} is over 128`);
  return String(prefix);
}

/**
 * A whole service as one IPVS_CMD_ATTR_SERVICE: identity, scheduler, PE name
 * when set, FLAGS {flags, mask = 0xffffffff}, TIMEOUT, NETMASK and (unless
 * `withStats` is false) STATS / STATS64 as the kernel sends them.
 */
export function encodeService(s: Service, opts: { withStats?: boolean } = {}): Buffer {
  const flags = Buffer.alloc(8);
  writeU32(flags, s.flags >>> 0, 0);
  writeU32(flags, 0xffffffff, 4);
  const children = [
    ...serviceIdAttrs(s),
    stringAttr(K.IPVS_SVC_ATTR_SCHED_NAME, s.scheduler),
    ...(s.peName ? [stringAttr(K.IPVS_SVC_ATTR_PE_NAME, s.peName)] : []),
    attr(K.IPVS_SVC_ATTR_FLAGS, flags),
    u32Attr(K.IPVS_SVC_ATTR_TIMEOUT, s.timeout),
    netmaskAttr(s.af, s.netmask),
  ];
  if (opts.withStats ?? true) {
    children.push(...encodeStatsPair(K.IPVS_SVC_ATTR_STATS, K.IPVS_SVC_ATTR_STATS64, s.stats, s.stats64));
  }
  return nestedAttr(K.IPVS_CMD_ATTR_SERVICE, children);
}

function readServiceId(r: AttributeReader): ServiceId {
  const af = addressFamily(r.u16(K.IPVS_SVC_ATTR_AF), r);
  const fwmark = r.maybe(K.IPVS_SVC_ATTR_FWMARK, (t) => r.u32(t)) ?? 0;
  if (fwmark !== 0) return { af, protocol: 0, address: af === AF_INET ? '0.0.0.0' : '::', port: 0, fwmark };
  const protocol = r.u16(K.IPVS_SVC_ATTR_PROTOCOL);
  if (!PROTOCOLS.includes(protocol)) throw new CodecError(`${r.context}: unsupported protocol ${protocol}`);
  return {
    af,
    protocol: protocol as Protocol,
    address: readAddr(r, K.IPVS_SVC_ATTR_ADDR, af),
    port: r.be16(K.IPVS_SVC_ATTR_PORT),
    fwmark: 0,
  };
}

/** Parses one NEW_SERVICE message of a GET_SERVICE dump. */
export function parseService(payload: Buffer): Service {
  const r = entryReader(payload, 'IPVS service', K.IPVS_CMD_ATTR_SERVICE, 'SERVICE', K.IPVS_SVC_ATTR_NAMES);
  const { af, protocol, address, port, fwmark } = readServiceId(r);
  const scheduler = r.string(K.IPVS_SVC_ATTR_SCHED_NAME);
  // FLAGS is {flags, mask}; the mask the kernel sends is ~0 and says nothing.
  const flags = readU32(r.sized(K.IPVS_SVC_ATTR_FLAGS, 8), 0);
  const timeout = r.u32(K.IPVS_SVC_ATTR_TIMEOUT);
  const netmask = readNetmask(r, af);
  const peName = r.maybe(K.IPVS_SVC_ATTR_PE_NAME, (t) => r.string(t)) ?? '';
  const stats = parseStatsPair(r, K.IPVS_SVC_ATTR_STATS, K.IPVS_SVC_ATTR_STATS64, scratch.stats);
  const stats64 = r.has(K.IPVS_SVC_ATTR_STATS64);
  // Spelled out: an object literal that began with `...id` took 8x the time of the rest of the parse.
  return { af, protocol, address, port, fwmark, scheduler, flags, timeout, netmask, peName, stats, stats64 };
}

// ------------------------------------------------------------- real servers

/** What a real server is set to: address, port, forwarding method, weight, thresholds. */
const destSettings = (d: Destination): Buffer[] => [
  addr16(K.IPVS_DEST_ATTR_ADDR, d.af, d.address),
  be16Attr(K.IPVS_DEST_ATTR_PORT, d.port),
  u32Attr(K.IPVS_DEST_ATTR_FWD_METHOD, d.connFlags >>> 0),
  s32Attr(K.IPVS_DEST_ATTR_WEIGHT, d.weight),
  u32Attr(K.IPVS_DEST_ATTR_U_THRESH, d.upperThreshold),
  u32Attr(K.IPVS_DEST_ATTR_L_THRESH, d.lowerThreshold),
];

/** A real server as one IPVS_CMD_ATTR_DEST (ADDR_FAMILY always; TUN_* when set; stats unless `withStats` is false). */
export function encodeDest(d: Destination, opts: { withStats?: boolean } = {}): Buffer {
  const children = [
    ...destSettings(d),
    u32Attr(K.IPVS_DEST_ATTR_ACTIVE_CONNS, d.activeConns),
    u32Attr(K.IPVS_DEST_ATTR_INACT_CONNS, d.inactiveConns),
    u32Attr(K.IPVS_DEST_ATTR_PERSIST_CONNS, d.persistentConns),
    u16Attr(K.IPVS_DEST_ATTR_ADDR_FAMILY, d.af),
  ];
  children.push(...tunnelAttrs(d));
  if (opts.withStats ?? true) {
    children.push(...encodeStatsPair(K.IPVS_DEST_ATTR_STATS, K.IPVS_DEST_ATTR_STATS64, d.stats, d.stats64));
  }
  return nestedAttr(K.IPVS_CMD_ATTR_DEST, children);
}

/**
 * SET_DEST payload: the service's identity and the whole real server (SET_DEST replaces every
 * field, an absent tunnel attribute reads as 0), without counters, which the kernel ignores.
 */
export function encodeSetDest(service: ServiceId, d: Destination): Buffer {
  const dest = [...destSettings(d), u16Attr(K.IPVS_DEST_ATTR_ADDR_FAMILY, d.af), ...tunnelAttrs(d)];
  return Buffer.concat([encodeServiceId(service), nestedAttr(K.IPVS_CMD_ATTR_DEST, dest)]);
}

function tunnelAttrs(d: Destination): Buffer[] {
  const out: Buffer[] = [];
  if (d.tunnelType !== undefined) out.push(u8Attr(K.IPVS_DEST_ATTR_TUN_TYPE, TUNNEL.indexOf(d.tunnelType)));
  if (d.tunnelPort !== undefined) out.push(be16Attr(K.IPVS_DEST_ATTR_TUN_PORT, d.tunnelPort));
  if (d.tunnelFlags !== undefined) out.push(u16Attr(K.IPVS_DEST_ATTR_TUN_FLAGS, d.tunnelFlags));
  return out;
}

/**
 * Tunnel attributes. Kernels 5.2+ send TUN_TYPE and TUN_PORT (5.3+ TUN_FLAGS)
 * for every real server, tunnel or not; like ipvsadm we keep them only for
 * tunnel servers. An unknown tunnel type (newer kernel) is left out.
 */
function readTunnel(r: AttributeReader): Partial<Destination> {
  const out: Partial<Destination> = {};
  const code = r.maybe(K.IPVS_DEST_ATTR_TUN_TYPE, (t) => r.u8(t));
  const type = code === undefined ? undefined : TUNNEL[code];
  if (type !== undefined) out.tunnelType = type;
  const port = r.maybe(K.IPVS_DEST_ATTR_TUN_PORT, (t) => r.be16(t));
  if (port !== undefined) out.tunnelPort = port;
  const flags = r.maybe(K.IPVS_DEST_ATTR_TUN_FLAGS, (t) => r.u16(t));
  if (flags !== undefined) out.tunnelFlags = flags;
  return out;
}

/**
 * Parses one NEW_DEST message of a GET_DEST dump. ADDR_FAMILY exists since
 * kernel 3.18 (mixed-family real servers); before, the address has the
 * service's family `serviceAf`.
 */
export function parseDest(payload: Buffer, serviceAf: AddressFamily): Destination {
  const r = entryReader(payload, 'IPVS real server', K.IPVS_CMD_ATTR_DEST, 'DEST', K.IPVS_DEST_ATTR_NAMES);
  // has() rather than maybe(): no closure for each of a dump's thousands of real servers.
  const af = r.has(K.IPVS_DEST_ATTR_ADDR_FAMILY) ? addressFamily(r.u16(K.IPVS_DEST_ATTR_ADDR_FAMILY), r) : serviceAf;
  // The kernel sends conn_flags & IP_VS_CONN_F_FWD_MASK.
  const connFlags = r.u32(K.IPVS_DEST_ATTR_FWD_METHOD);
  const forward = FORWARD[connFlags & K.IP_VS_CONN_F_FWD_MASK];
  if (!forward) throw new CodecError(`${r.context}: unknown forwarding method ${connFlags & K.IP_VS_CONN_F_FWD_MASK}`);
  const address = readAddr(r, K.IPVS_DEST_ATTR_ADDR, af);
  const port = r.be16(K.IPVS_DEST_ATTR_PORT);
  const weight = r.s32(K.IPVS_DEST_ATTR_WEIGHT);
  const upperThreshold = r.u32(K.IPVS_DEST_ATTR_U_THRESH);
  const lowerThreshold = r.u32(K.IPVS_DEST_ATTR_L_THRESH);
  const activeConns = r.u32(K.IPVS_DEST_ATTR_ACTIVE_CONNS);
  const inactiveConns = r.u32(K.IPVS_DEST_ATTR_INACT_CONNS);
  const persistentConns = r.u32(K.IPVS_DEST_ATTR_PERSIST_CONNS);
  const stats = parseStatsPair(r, K.IPVS_DEST_ATTR_STATS, K.IPVS_DEST_ATTR_STATS64, scratch.stats);
  const stats64 = r.has(K.IPVS_DEST_ATTR_STATS64);
  // Spelled out, not spread (see parseService); a tunnel's own fields only for a tunnel.
  const dest: Destination = {
    af,
    address,
    port,
    forward,
    connFlags,
    weight,
    upperThreshold,
    lowerThreshold,
    activeConns,
    inactiveConns,
    persistentConns,
    stats,
    stats64,
  };
  return forward === 'tunnel' ? Object.assign(dest, readTunnel(r)) : dest;
}

export { encodeTimeouts, parseConfig, parseDaemon, parseInfo } from './settingsCodec.js';
