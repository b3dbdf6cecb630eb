/**
 * Attributes connection-table groups to services and real servers, for the
 * monitor and `ipvstop list --json`. Connections and persistence templates
 * are counted apart.
 *
 * Address services match on protocol, VIP and port (a persistent port-0
 * service matches any port). Fwmark templates carry the mark as their virtual
 * address; fwmark connections carry the packet's real protocol and VIP, so
 * they go to the fwmark service with that real server when no address service
 * took them.
 */
import type { Destination, Service, ServiceWithDests } from '../kernel/ipvs/types.js';
import { addCounts } from '../kernel/proc/connParser.js';
import type { ConnGroup, ConnTableSummary, StateCounts } from '../kernel/proc/types.js';
import { protocolName } from './names.js';

/** Connections and persistence templates of one service or real server, apart. */
export interface ConnCounts {
  /** Connections by state name exactly as the kernel prints it, templates excluded. */
  conns: StateCounts;
  /** Persistence templates by state (NONE / ASSURED). */
  templates: StateCounts;
  /** The longest time left (seconds) before one of these entries expires (absent: none has time left). */
  maxExpires?: number;
}

export interface Attribution {
  services: CountsBy<Service>;
  dests: CountsBy<Destination>;
  /** Entries no service claimed (e.g. of a service deleted since). */
  unattributed: ConnCounts;
}

const empty = (): ConnCounts => ({ conns: {}, templates: {} });

function add(into: ConnCounts, g: ConnGroup): void {
  addCounts(into.conns, g.states);
  addCounts(into.templates, g.templates);
  if (g.maxExpires > (into.maxExpires ?? 0)) into.maxExpires = g.maxExpires;
}

/**
 * What a service or real server that no entry names has: one frozen object for them all. Made per
 * server, for every real server of the table, it was about half of the doctor's time at 1,000 x 10.
 */
const NO_ENTRIES: ConnCounts = Object.freeze({ conns: Object.freeze({}), templates: Object.freeze({}) });

/** Counts by service or real server (by object, as read); empty counts for one no entry names. */
export class CountsBy<K> {
  private readonly counts = new Map<K, ConnCounts>();

  get(key: K): ConnCounts {
    return this.counts.get(key) ?? NO_ENTRIES;
  }

  add(key: K, g: ConnGroup): void {
    let c = this.counts.get(key);
    if (c === undefined) {
      c = empty();
      this.counts.set(key, c);
    }
    add(c, g);
  }
}

export type ConnEndpoints = Pick<
  ConnGroup,
  'protocol' | 'af' | 'virtualAddress' | 'virtualPort' | 'destAddress' | 'destPort'
>;

export const destMatches = (d: Destination, g: ConnEndpoints): boolean =>
  d.address === g.destAddress && (d.port === g.destPort || d.port === 0);

const addressKey = (protocol: string, address: string, port: number): string => `${protocol} ${address} ${port}`;

/** The service an entry or group belongs to, looked up in `table` (indexed once). */
export function serviceFinder(table: readonly ServiceWithDests[]): (g: ConnEndpoints) => ServiceWithDests | undefined {
  const byKey = new Map<string, ServiceWithDests>();
  for (const s of table) {
    const { fwmark, protocol, address, port } = s.service;
    if (!fwmark) byKey.set(addressKey(protocolName(protocol), address, port), s);
  }
  return (g) => {
    // A fwmark template: protocol IP (0), the mark as its virtual address.
    if (g.protocol === protocolName(0)) {
      return table.find((s) => s.service.fwmark === Number(g.virtualAddress) && s.service.af === g.af);
    }
    return (
      byKey.get(addressKey(g.protocol, g.virtualAddress, g.virtualPort)) ??
      byKey.get(addressKey(g.protocol, g.virtualAddress, 0)) ??
      table.find((s) => s.service.fwmark !== 0 && s.dests.some((d) => destMatches(d, g)))
    );
  };
}

export function attributeConnections(table: readonly ServiceWithDests[], summary: ConnTableSummary): Attribution {
  const findService = serviceFinder(table);
  const result: Attribution = { services: new CountsBy(), dests: new CountsBy(), unattributed: empty() };
  for (const g of summary.groups.values()) {
    const owner = findService(g);
    if (!owner) {
      add(result.unattributed, g);
      continue;
    }
    result.services.add(owner.service, g);
    const dest = owner.dests.find((d) => destMatches(d, g));
    if (dest) result.dests.add(dest, g);
  }
  return result;
}
