/**
 * The neighbour (ARP / NDP) table over rtnetlink, through the `netlink` package's
 * neighbour calls: list it, and flush one interface the way `ip neigh flush dev IF`
 * does (dump, then delete each entry its default filter selects; the package has
 * no flush of its own, nor has the kernel).
 */
import { createRtNetlink, type RtNetlinkSocket } from 'netlink';
import { checkInterfaceName } from '../net/interfaceName.js';
import { interfaceNamesFor } from '../net/interfaces.js';
import { DEFAULT_TIMEOUT_MS, NetlinkRequestError, oneAtATime, requestError } from '../netlink/transport.js';
import { deleteRequest, toNeighbour } from './codec.js';
import { shouldFlush, shownByIpNeigh } from './ipNeigh.js';
import type { Neighbour } from './types.js';

/** Thrown for an interface name that does not exist. */
export class UnknownInterfaceError extends Error {
  override readonly name = 'UnknownInterfaceError';
  constructor(readonly iface: string) {
    super(`no such interface: ${iface}`);
  }
}

export class NeighbourClient {
  // The package groups multipart replies per socket: a delete's ACK landing inside the
  // poller's dump would cut the dump short, so requests on this socket go one at a time.
  private readonly serial = oneAtATime();

  constructor(
    private readonly rtnl: RtNetlinkSocket = createRtNetlink(),
    private readonly names: (
      needed: Iterable<number>,
      fresh?: boolean,
    ) => ReadonlyMap<number, string> = interfaceNamesFor,
    private readonly timeoutMs = DEFAULT_TIMEOUT_MS,
  ) {}

  /** Neighbour entries, IPv4 and IPv6, with interface names resolved: those `ip neigh` shows, or `all`. */
  async list(all = false): Promise<Neighbour[]> {
    // An ndmsg of family 0 (AF_UNSPEC) dumps every family's table.
    const replies = await this.call('neighbour dump', () => this.rtnl.getNeighbors({}, {}, this.options()));
    const shown = replies.map((r) => toNeighbour(r)).filter((n) => all || shownByIpNeigh(n));
    const names = this.names(shown.map((n) => n.ifindex));
    return shown.map((n) => ({ ...n, interface: names.get(n.ifindex) ?? '' }));
  }

  /** Deletes the flushable entries of `iface`; returns how many. Throws InterfaceNameError, UnknownInterfaceError. */
  async flush(iface: string): Promise<number> {
    checkInterfaceName(iface);
    const ifindex = [...this.names([], true)].find(([, name]) => name === iface)?.[0];
    if (ifindex === undefined) throw new UnknownInterfaceError(iface);
    const victims = (await this.list(true)).filter((n) => n.ifindex === ifindex && shouldFlush(n));
    let deleted = 0;
    for (const n of victims) {
      const { data, attrs } = deleteRequest(n);
      try {
        await this.call(`neighbour delete ${n.address}`, () => this.rtnl.delNeighbor(data, attrs, this.options()));
        deleted++;
      } catch (e) {
        // Gone meanwhile (garbage-collected or flushed by someone else): that is what we wanted.
        if (!(e instanceof NetlinkRequestError && e.errno === 'ENOENT')) throw e;
      }
    }
    return deleted;
  }

  close(): void {
    this.rtnl.socket.close();
  }

  private options(): { timeout: number } {
    return { timeout: this.timeoutMs };
  }

  private call<T>(what: string, request: () => Promise<T>): Promise<T> {
    return this.serial(async () => {
      try {
        return await request();
      } catch (e) {
        throw requestError(e, what);
      }
    });
  }
}
