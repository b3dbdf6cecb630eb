/**
 * This host's addresses and routes over rtnetlink (what `ip addr` and
 * `ip route show table all` list), through the `netlink` package's dumps.
 */
import { createRtNetlink, type RtNetlinkSocket, type rt } from 'netlink';
import type { AddressFamily } from '../inet.js';
import { AF_INET, isInetFamily } from '../inet.js';
import { formatAddress } from '../netlink/address.js';
import { DEFAULT_TIMEOUT_MS, requestError } from '../netlink/transport.js';
import { interfaceNamesFor } from './interfaces.js';

export interface LocalAddress {
  af: AddressFamily;
  address: string;
  prefixLength: number;
  interface: string;
}

export interface Route {
  af: AddressFamily;
  /** The network, '0.0.0.0' / '::' for a default route. */
  destination: string;
  prefixLength: number;
  /** 254 main, 255 local, ... */
  table: number;
  /** The kernel's route type in lowercase: 'unicast', 'local', 'blackhole', ... */
  type: string;
  interface: string;
}

/** The package gives enum fields as their names when it knows them, else as numbers. */
const typeName = (t: rt.Route['type']): string => String(t ?? 'unspec').toLowerCase();

function toAddress(m: rt.AddressMessage, names: ReadonlyMap<number, string>): LocalAddress | undefined {
  const { family, prefixlen, index } = m.data;
  // IPv4 puts this host's address in LOCAL (ADDRESS is the peer's on point-to-point links).
  const bytes = m.attrs.local ?? m.attrs.address;
  if (!isInetFamily(family) || !bytes) return undefined;
  return {
    af: family,
    address: formatAddress(family, bytes),
    prefixLength: prefixlen ?? 0,
    interface: names.get(index ?? 0) ?? '',
  };
}

function toRoute(m: rt.RouteMessage, names: ReadonlyMap<number, string>): Route | undefined {
  const { family, dstLen } = m.data;
  if (!isInetFamily(family)) return undefined;
  const dst = m.attrs.dst ?? Buffer.alloc(family === AF_INET ? 4 : 16);
  return {
    af: family,
    destination: formatAddress(family, dst),
    prefixLength: dstLen ?? 0,
    table: m.attrs.table ?? m.data.table ?? 0,
    type: typeName(m.data.type),
    interface: names.get(m.attrs.oif ?? 0) ?? '',
  };
}

/** Every IPv4 and IPv6 address of this host (its network namespace). */
export async function readLocalAddresses(rtnl?: RtNetlinkSocket): Promise<LocalAddress[]> {
  return withSocket(rtnl, async (s) => {
    const replies = await request('address dump', () => s.getAddresses({}, {}, { timeout: DEFAULT_TIMEOUT_MS }));
    const names = interfaceNamesFor(replies.map((m) => m.data.index ?? 0));
    return replies.map((m) => toAddress(m, names)).filter((a) => a !== undefined);
  });
}

/** Every route of every table, IPv4 and IPv6. */
export async function readRoutes(rtnl?: RtNetlinkSocket): Promise<Route[]> {
  return withSocket(rtnl, async (s) => {
    const replies = await request('route dump', () => s.getRoutes({}, {}, { timeout: DEFAULT_TIMEOUT_MS }));
    const names = interfaceNamesFor(replies.map((m) => m.attrs.oif ?? 0));
    return replies.map((m) => toRoute(m, names)).filter((r) => r !== undefined);
  });
}

async function request<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    throw requestError(e, what);
  }
}

/** Uses the socket given, or opens one for this read and closes it after. */
async function withSocket<T>(given: RtNetlinkSocket | undefined, use: (s: RtNetlinkSocket) => Promise<T>): Promise<T> {
  const s = given ?? createRtNetlink();
  try {
    return await use(s);
  } finally {
    if (!given) s.socket.close();
  }
}
