/**
 * Neighbour (ARP / NDP) rtnetlink payloads <-> domain objects. Pure: no sockets.
 *
 * A payload is what follows the 16-byte nlmsghdr: struct ndmsg (12 bytes,
 * linux/neighbour.h) and then attributes (NDA_*), laid out like nlattr.
 */
import { formatAddress, formatLinkLayer, parseAddress } from '../netlink/address.js';
import { AttributeReader, CodecError, attr, readS32, readU16, writeS32, writeU16 } from '../netlink/attributes.js';
import {
  NDA_DST, NDA_LLADDR, NDA_NAMES, NDMSG_LEN, NTF_FLAG_NAMES, NUD_NOARP, NUD_PERMANENT, NUD_STATE_NAMES,
} from './constants.js';
import type { Neighbour } from './types.js';

/** The fixed header of a neighbour message. */
export interface NdMsg {
  family: number;
  ifindex: number;
  state: number;
  flags: number;
  type: number;
}

/** struct ndmsg: family u8, pad u8, pad u16, ifindex s32, state u16, flags u8, type u8 (host order). */
export function encodeNdMsg(h: Partial<NdMsg>): Buffer {
  const b = Buffer.alloc(NDMSG_LEN);
  b.writeUInt8(h.family ?? 0, 0);
  writeS32(b, h.ifindex ?? 0, 4);
  writeU16(b, h.state ?? 0, 8);
  b.writeUInt8(h.flags ?? 0, 10);
  b.writeUInt8(h.type ?? 0, 11);
  return b;
}

/** Reads struct ndmsg from the front of a payload. */
export function parseNdMsg(payload: Buffer): NdMsg {
  if (payload.length < NDMSG_LEN) {
    throw new CodecError(`neighbour: message of ${payload.length} bytes is shorter than struct ndmsg (${NDMSG_LEN})`);
  }
  return {
    family: payload.readUInt8(0),
    ifindex: readS32(payload, 4),
    state: readU16(payload, 8),
    flags: payload.readUInt8(10),
    type: payload.readUInt8(11),
  };
}

/** Names of the set bits of `value`, in table order. */
function bitNames(value: number, table: readonly (readonly [number, string])[]): string[] {
  return table.filter(([bit]) => (value & bit) !== 0).map(([, name]) => name);
}

/** NUD state bits to names ('REACHABLE', ...); NUD_NONE (0) gives []. */
export function nudStateNames(state: number): string[] {
  return bitNames(state, NUD_STATE_NAMES);
}

/** NTF flag bits to iproute2's words ('router', 'proxy', 'extern_learn', ...). */
export function ntfFlagNames(flags: number): string[] {
  return bitNames(flags, NTF_FLAG_NAMES);
}

/**
 * RTM_GETNEIGH dump request: a zeroed ndmsg with `af` (0 = IPv4 and IPv6).
 * A full ndmsg rather than the older rtgenmsg, as kernels with strict
 * dump checking (4.20+, NETLINK_GET_STRICT_CHK) require.
 */
export function encodeNeighbourDump(af: 0 | 2 | 10 = 0): Buffer {
  return encodeNdMsg({ family: af });
}

/** Parses one RTM_NEWNEIGH message of a dump (IPv4 / IPv6 entries). */
export function parseNeighbour(payload: Buffer): Omit<Neighbour, 'interface'> {
  const h = parseNdMsg(payload);
  if (h.family !== 2 && h.family !== 10) throw new CodecError(`neighbour: unsupported address family ${h.family}`);
  const r = new AttributeReader(payload.subarray(NDMSG_LEN), 'neighbour', NDA_NAMES);
  const dst = r.sized(NDA_DST, h.family === 2 ? 4 : 16);
  return {
    ifindex: h.ifindex,
    af: h.family,
    address: formatAddress(h.family, dst),
    // INCOMPLETE and FAILED entries have no link-layer address.
    lladdr: r.maybe(NDA_LLADDR, (t) => formatLinkLayer(r.bytes(t))) ?? '',
    states: nudStateNames(h.state),
    state: h.state,
    flags: ntfFlagNames(h.flags),
  };
}

/**
 * RTM_DELNEIGH for one entry: ndmsg {family, ifindex} + NDA_DST, which is
 * what the kernel's neigh_delete() looks the entry up by. (`ip neigh flush`
 * echoes the whole dumped message back instead; the extra attributes are
 * ignored.)
 */
export function encodeNeighbourDelete(n: Pick<Neighbour, 'ifindex' | 'af' | 'address'>): Buffer {
  return Buffer.concat([encodeNdMsg({ family: n.af, ifindex: n.ifindex }), attr(NDA_DST, parseAddress(n.af, n.address))]);
}

/**
 * Whether `ip neigh flush dev IF` (no `nud` argument) would delete this
 * entry. iproute2's default flush filter takes every state except PERMANENT
 * and NOARP, NUD_NONE (0) included, and takes any entry flagged proxy or
 * extern_learn whatever its state. (iproute2 then repeats the dump up to 10
 * rounds, leaving FAILED entries out after the first; one pass is the first.)
 */
/**
 * What `ip neigh show` lists by default: everything but NOARP entries
 * (multicast, broadcast and loopback addresses, which never need ARP), so the
 * ARP pane shows what an operator's `ip neigh` shows.
 */
export function shownByIpNeigh(n: Pick<Neighbour, 'state'>): boolean {
  return n.state !== NUD_NOARP;
}

export function shouldFlush(n: Pick<Neighbour, 'state' | 'flags'>): boolean {
  if (n.state === 0) return true;
  if ((n.state & ~(NUD_PERMANENT | NUD_NOARP)) !== 0) return true;
  return n.flags.includes('proxy') || n.flags.includes('extern_learn');
}
