/**
 * Neighbour (ARP / NDP) messages <-> domain objects. Pure: no sockets.
 *
 * The `netlink` package reads and writes the bytes (struct ndmsg and the NDA_* attributes of
 * linux/neighbour.h); this module gives its objects the names `ip neigh` prints.
 */
import { rt } from 'netlink';
import { AF_INET, isInetFamily } from '../inet.js';
import { formatAddress, formatLinkLayer, parseAddress } from '../netlink/address.js';
import { CodecError } from '../netlink/attributes.js';
import type { Neighbour } from './types.js';

type Known<T> = Exclude<keyof T, '__unknown'>;

/** NUD states with the names `ip neigh` prints, in its order (linux/neighbour.h bit order). */
const STATE_NAMES: Record<Known<rt.NeighborState>, string> = {
  incomplete: 'INCOMPLETE',
  reachable: 'REACHABLE',
  stale: 'STALE',
  delay: 'DELAY',
  probe: 'PROBE',
  failed: 'FAILED',
  noarp: 'NOARP',
  permanent: 'PERMANENT',
};

/** NTF flags with the words iproute2 uses for them, in bit order. */
const FLAG_WORDS: Record<Known<rt.NeighborFlags>, string> = {
  use: 'use',
  self: 'self',
  master: 'master',
  proxy: 'proxy',
  extLearned: 'extern_learn',
  offloaded: 'offload',
  sticky: 'sticky',
  router: 'router',
};

function namesOf<T extends object>(set: T, names: Record<Known<T>, string>): string[] {
  return (Object.keys(names) as Known<T>[]).filter((k) => set[k] === true).map((k) => names[k]);
}

/** NUD state names ('REACHABLE', ...); NUD_NONE gives []. */
export function stateNames(state: rt.NeighborState): string[] {
  return namesOf(state, STATE_NAMES);
}

/** NTF flag words ('router', 'proxy', 'extern_learn', ...). */
export function flagWords(flags: rt.NeighborFlags): string[] {
  return namesOf(flags, FLAG_WORDS);
}

/** One entry of a neighbour dump (IPv4 / IPv6) as a Neighbour without its interface name. */
export function toNeighbour(m: rt.NeighborMessage): Omit<Neighbour, 'interface'> {
  const { family, ifindex = 0, state = {}, flags = {} } = m.data;
  if (!isInetFamily(family)) throw new CodecError(`neighbour: unsupported address family ${family}`);
  // The package hands DST over as raw bytes of whatever length came: the family decides what is right.
  const dst = m.attrs.dst;
  if (!dst) throw new CodecError('neighbour: missing attribute DST (1)');
  const size = family === AF_INET ? 4 : 16;
  if (dst.length !== size) {
    throw new CodecError(`neighbour: attribute DST (1) has ${dst.length} bytes, expected ${size}`);
  }
  return {
    ifindex,
    af: family,
    address: formatAddress(family, dst),
    // INCOMPLETE and FAILED entries have no link-layer address.
    lladdr: m.attrs.lladdr ? formatLinkLayer(m.attrs.lladdr) : '',
    states: stateNames(state),
    state: rt.formatNeighborState(state),
    flags: flagWords(flags),
  };
}

/** One RTM_NEWNEIGH payload (what follows the nlmsghdr), as the client reads it through the package. */
export function parseNeighbour(payload: Buffer): Omit<Neighbour, 'interface'> {
  let m: rt.NeighborMessage;
  try {
    m = rt.parseNeighborMessage(payload);
  } catch (e) {
    // The package throws a plain Error for a short header or an attribute of bad length.
    throw new CodecError(`neighbour: bad length or layout (${(e as Error).message})`);
  }
  return toNeighbour(m);
}

/**
 * The RTM_DELNEIGH for one entry: ndmsg {family, ifindex} + NDA_DST, which is what the kernel's
 * neigh_delete() looks the entry up by. (`ip neigh flush` echoes the whole dumped message back
 * instead; the extra attributes are ignored.)
 */
export function deleteRequest(n: Pick<Neighbour, 'ifindex' | 'af' | 'address'>): {
  data: rt.Neighbor;
  attrs: rt.NeighborAttrs;
} {
  return { data: { family: n.af, ifindex: n.ifindex }, attrs: { dst: parseAddress(n.af, n.address) } };
}
