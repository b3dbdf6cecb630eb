/** Which neighbour entries `ip neigh` shows, and which `ip neigh flush dev IF` deletes (iproute2's defaults). */
import { rt } from 'netlink';
import type { Neighbour } from './types.js';

const NUD_NOARP = rt.formatNeighborState({ noarp: true });
const NUD_PERMANENT_OR_NOARP = rt.formatNeighborState({ permanent: true, noarp: true });

/**
 * What `ip neigh show` lists by default: everything but NOARP entries
 * (multicast, broadcast and loopback addresses, which never need ARP), so the
 * ARP pane shows what an operator's `ip neigh` shows.
 */
export function shownByIpNeigh(n: Pick<Neighbour, 'state'>): boolean {
  return n.state !== NUD_NOARP;
}

/**
 * Whether `ip neigh flush dev IF` (no `nud` argument) would delete this
 * entry. iproute2's default flush filter takes every state except PERMANENT
 * and NOARP, NUD_NONE (0) included, and takes any entry flagged proxy or
 * extern_learn whatever its state. (iproute2 then repeats the dump up to 10
 * rounds, leaving FAILED entries out after the first; one pass is the first.)
 */
export function shouldFlush(n: Pick<Neighbour, 'state' | 'flags'>): boolean {
  if (n.state === 0) return true;
  if ((n.state & ~NUD_PERMANENT_OR_NOARP) !== 0) return true;
  return n.flags.includes('proxy') || n.flags.includes('extern_learn');
}
