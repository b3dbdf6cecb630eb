/**
 * IPVS over generic netlink: reads (services, real servers, info, timeouts,
 * sync daemons) and the actions ipvstop takes (zero, flush, timeouts, edit a real server).
 * The transport is injected so tests can record or fake it.
 */

import { NetlinkRequestError, type NetlinkTransport, openGenericFamily, type ReplyTap } from '../netlink/transport.js';
import {
  encodeServiceId,
  encodeSetDest,
  encodeTimeouts,
  parseConfig,
  parseDaemon,
  parseDest,
  parseInfo,
  parseService,
} from './codec.js';
import {
  IPVS_CMD_FLUSH,
  IPVS_CMD_GET_CONFIG,
  IPVS_CMD_GET_DAEMON,
  IPVS_CMD_GET_DEST,
  IPVS_CMD_GET_INFO,
  IPVS_CMD_GET_SERVICE,
  IPVS_CMD_SET_CONFIG,
  IPVS_CMD_SET_DEST,
  IPVS_CMD_ZERO,
  IPVS_GENL_NAME,
  IPVS_GENL_VERSION,
} from './constants.js';
import { dumpDigest, type ParsedDump, reparse } from './reparse.js';
import type { Destination, IpvsInfo, Service, ServiceId, SyncDaemon, Timeouts } from './types.js';
import { serviceIdentity, uniqueBy, uniqueDests } from './unique.js';

const EMPTY = Buffer.alloc(0);

/**
 * A service's identity as a request's attributes, made once per service object: services() hands back the
 * same object while the service's bytes do not change, and dests() is asked for each service at every
 * refresh (1,000 requests at 1,000 services, each parsing its address text back into bytes).
 */
const requests = new WeakMap<ServiceId, Buffer>();
function serviceRequest(service: ServiceId): Buffer {
  let request = requests.get(service);
  if (!request) {
    request = encodeServiceId(service);
    requests.set(service, request);
  }
  return request;
}

/** A request IPVS refused, in words an operator can act on; the kernel's errno is kept, in the message too. */
export class IpvsError extends Error {
  override readonly name: string = 'IpvsError';
  constructor(
    readonly errno: string,
    message: string,
  ) {
    super(message);
  }
}

/** IPVS cannot be used at all: no ip_vs module, or no rights. */
export class IpvsUnavailableError extends IpvsError {
  override readonly name: string = 'IpvsUnavailableError';
}

/**
 * IPVS is not in the kernel: the ip_vs module is not loaded, or was removed. The monitor
 * waits for it to come back rather than stopping.
 */
export class IpvsAbsentError extends IpvsUnavailableError {
  override readonly name = 'IpvsAbsentError';
}

/** Turns the kernel's errno into a message that says what to do, the errno still in it. */
export function explainIpvsError(e: unknown): Error {
  if (!(e instanceof NetlinkRequestError)) return e instanceof Error ? e : new Error(String(e));
  switch (e.errno) {
    // The kernel's answer to a generic netlink family that is not registered (none of our IPVS commands gives it).
    case 'ENOENT':
      return new IpvsAbsentError(
        e.errno,
        'IPVS is unavailable (ENOENT): load the ip_vs module (modprobe ip_vs) or use a kernel with IPVS',
      );
    case 'EPERM':
    case 'EACCES':
      return new IpvsUnavailableError(
        e.errno,
        `permission denied: IPVS needs root or CAP_NET_ADMIN (${e.errno}; try sudo)`,
      );
    case 'ESRCH':
      return new IpvsError(e.errno, 'no such service (ESRCH)');
    default:
      return new IpvsError(e.errno, `IPVS: ${e.message}`);
  }
}

export class IpvsClient {
  /** The last service dump, raw and parsed reply by reply (see services()). */
  private lastServices: ParsedDump<Service> | undefined;
  /** Each service's last real server dump, as its digest and what it parsed to, by serviceIdentity (see dests()). */
  private readonly lastDests = new Map<string, { digest: string; dests: Destination[] }>();

  private constructor(private readonly nl: NetlinkTransport) {}

  /**
   * Resolves the IPVS family (which may auto-load ip_vs, unless `loadModule` is false) and checks we may
   * talk to it.
   */
  static async open(opts: { timeoutMs?: number; tap?: ReplyTap; loadModule?: boolean } = {}): Promise<IpvsClient> {
    try {
      const nl = await openGenericFamily(IPVS_GENL_NAME, IPVS_GENL_VERSION, opts.timeoutMs, opts.tap, opts.loadModule);
      return new IpvsClient(nl);
    } catch (e) {
      throw explainIpvsError(e);
    }
  }

  /** For tests: a client over any transport. */
  static over(nl: NetlinkTransport): IpvsClient {
    return new IpvsClient(nl);
  }

  private async ask(cmd: number, payload: Buffer, dump: boolean): Promise<Buffer[]> {
    try {
      return await this.nl.request(cmd, payload, { dump });
    } catch (e) {
      throw explainIpvsError(e);
    }
  }

  async info(): Promise<IpvsInfo> {
    const [reply] = await this.ask(IPVS_CMD_GET_INFO, EMPTY, false);
    if (!reply) throw new Error('IPVS: empty GET_INFO reply');
    return parseInfo(reply);
  }

  /**
   * Every service, each once (see unique.ts). Only the replies that changed since the last dump are
   * parsed (reparse.ts); a dump the same as the last one, reply for reply, is the last one's array itself.
   */
  async services(): Promise<Service[]> {
    const replies = await this.ask(IPVS_CMD_GET_SERVICE, EMPTY, true);
    const last = this.lastServices;
    const { parsed, same } = await reparse(replies, last, parseService);
    const unique = same && last ? last.unique : uniqueBy(parsed, serviceIdentity);
    if (!(same && last)) this.lastServices = { replies, parsed, unique };
    this.forgetDestsOfGone(unique);
    return unique;
  }

  /**
   * Real servers of a service, each once; [] when the service vanished (the kernel answers an empty dump).
   * A dump that says what the last one said (its digest) is the last one's array itself, parsed once:
   * an idle service costs a hash of its dump and no garbage, and callers see "unchanged" by identity.
   */
  async dests(service: ServiceId): Promise<Destination[]> {
    const replies = await this.ask(IPVS_CMD_GET_DEST, serviceRequest(service), true);
    const key = serviceIdentity(service);
    const digest = dumpDigest(replies);
    const last = this.lastDests.get(key);
    if (last?.digest === digest) return last.dests;
    const dests = uniqueDests(replies.map((r) => parseDest(r, service.af)));
    this.lastDests.set(key, { digest, dests });
    return dests;
  }

  /** Drops the real server dumps of services no longer in the table (kept at most one per service). */
  private forgetDestsOfGone(services: readonly Service[]): void {
    if (this.lastDests.size <= services.length) return;
    const alive = new Set(services.map(serviceIdentity));
    for (const key of this.lastDests.keys()) if (!alive.has(key)) this.lastDests.delete(key);
  }

  async timeouts(): Promise<Timeouts> {
    const [reply] = await this.ask(IPVS_CMD_GET_CONFIG, EMPTY, false);
    if (!reply) throw new Error('IPVS: empty GET_CONFIG reply');
    return parseConfig(reply);
  }

  /** Sync daemons, each once: the kernel runs at most one master and one backup. */
  async daemons(): Promise<SyncDaemon[]> {
    return uniqueBy((await this.ask(IPVS_CMD_GET_DAEMON, EMPTY, true)).map(parseDaemon), (d) => d.state);
  }

  /** Zeroes one service and its real servers, or everything (global totals too) when none is given. */
  async zero(service?: ServiceId): Promise<void> {
    await this.ask(IPVS_CMD_ZERO, service ? encodeServiceId(service) : EMPTY, false);
  }

  /** Removes every service and real server; connection entries stay until they expire. */
  async flush(): Promise<void> {
    await this.ask(IPVS_CMD_FLUSH, EMPTY, false);
  }

  /** Sets timeouts; a 0 leaves that timeout unchanged (kernel semantics). */
  async setTimeouts(t: Timeouts): Promise<void> {
    await this.ask(IPVS_CMD_SET_CONFIG, encodeTimeouts(t), false);
  }

  /**
   * Replaces a real server's settings with `dest`'s (forwarding, weight, thresholds, tunnel).
   * For this command the kernel's ENOENT means the real server is gone and ESRCH the service:
   * said in ipvsadm's words.
   */
  async setDest(service: ServiceId, dest: Destination): Promise<void> {
    try {
      await this.nl.request(IPVS_CMD_SET_DEST, encodeSetDest(service, dest), { dump: false });
    } catch (e) {
      if (e instanceof NetlinkRequestError && e.errno === 'ENOENT') {
        throw new IpvsError(e.errno, 'No such destination (ENOENT)');
      }
      if (e instanceof NetlinkRequestError && e.errno === 'ESRCH') {
        throw new IpvsError(e.errno, 'Service not defined (ESRCH)');
      }
      throw explainIpvsError(e);
    }
  }

  close(): void {
    this.nl.close();
  }
}
