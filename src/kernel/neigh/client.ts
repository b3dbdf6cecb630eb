/**
 * The neighbour (ARP / NDP) table over rtnetlink: list it, and flush one
 * interface the way `ip neigh flush dev IF` does (dump, then delete each
 * entry its default filter selects).
 */
import { encodeNeighbourDelete, encodeNeighbourDump, parseNeighbour, shouldFlush, shownByIpNeigh } from './codec.js';
import { RTM_DELNEIGH, RTM_GETNEIGH } from './constants.js';
import type { Neighbour } from './types.js';
import { interfaceNames } from '../net/interfaces.js';
import { NetlinkRequestError, openRtnetlink, type NetlinkTransport } from '../netlink/transport.js';

/** Thrown for an interface name that does not exist. */
export class UnknownInterfaceError extends Error {
  override readonly name = 'UnknownInterfaceError';
  constructor(readonly iface: string) {
    super(`no such interface: ${iface}`);
  }
}

export class NeighbourClient {
  constructor(private readonly nl: NetlinkTransport = openRtnetlink()) {}

  /** Neighbour entries, IPv4 and IPv6, with interface names resolved: those `ip neigh` shows, or `all`. */
  async list(all = false): Promise<Neighbour[]> {
    const names = interfaceNames();
    const replies = await this.nl.request(RTM_GETNEIGH, encodeNeighbourDump(), { dump: true });
    return replies
      .map((r) => parseNeighbour(r))
      .filter((n) => all || shownByIpNeigh(n))
      .map((n) => ({ ...n, interface: names.get(n.ifindex) ?? '' }));
  }

  /** Deletes the flushable entries of `iface`; returns how many were deleted. */
  async flush(iface: string): Promise<number> {
    const ifindex = [...interfaceNames()].find(([, name]) => name === iface)?.[0];
    if (ifindex === undefined) throw new UnknownInterfaceError(iface);
    const victims = (await this.list(true)).filter((n) => n.ifindex === ifindex && shouldFlush(n));
    let deleted = 0;
    for (const n of victims) {
      try {
        await this.nl.request(RTM_DELNEIGH, encodeNeighbourDelete(n));
        deleted++;
      } catch (e) {
        // Gone meanwhile (garbage-collected or flushed by someone else): that is what we wanted.
        if (!(e instanceof NetlinkRequestError && e.errno === 'ENOENT')) throw e;
      }
    }
    return deleted;
  }

  close(): void {
    this.nl.close();
  }
}
