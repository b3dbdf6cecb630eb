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
  services: Map<Service, ConnCounts>;
  dests: Map<Destination, ConnCounts>;
  /** Entries no service claimed (e.g. of a service deleted since). */
  unattributed: ConnCounts;
}

const empty = (): ConnCounts => ({ conns: {}, templates: {} });

function add(into: ConnCounts, g: ConnGroup): void {
  addCounts(into.conns, g.states);
  addCounts(into.templates, g.templates);
  if (g.maxExpires > (into.maxExpires ?? 0)) into.maxExpires = g.maxExpires;
}

/** What attribution reads of an entry or a group: its protocol, virtual service and real server. */
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
  const result: Attribution = { services: new Map(), dests: new Map(), unattributed: empty() };
  for (const s of table) {
    result.services.set(s.service, empty());
    for (const d of s.dests) result.dests.set(d, empty());
  }
  for (const g of summary.groups.values()) {
    const owner = findService(g);
    if (!owner) {
      add(result.unattributed, g);
      continue;
    }
    add(result.services.get(owner.service)!, g);
    const dest = owner.dests.find((d) => destMatches(d, g));
    if (dest) add(result.dests.get(dest)!, g);
  }
  return result;
}
