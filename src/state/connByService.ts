/**
 * Attributes connection-table groups to services and real servers, for the
 * monitor and `ipvstop list --json`.
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

/** Connections and templates of one service or real server. */
export interface ConnCounts {
  /** Every entry by state name exactly as the kernel prints it (templates included). */
  states: StateCounts;
  /** The persistence templates among them (NONE / ASSURED). */
  templates: StateCounts;
}

export interface Attribution {
  services: Map<Service, ConnCounts>;
  dests: Map<Destination, ConnCounts>;
  /** Entries no service claimed (e.g. of a service deleted since). */
  unattributed: ConnCounts;
}

const PROTOCOLS: Record<number, string> = { 6: 'TCP', 17: 'UDP', 132: 'SCTP' };

const empty = (): ConnCounts => ({ states: {}, templates: {} });

function add(into: ConnCounts, g: ConnGroup): void {
  addCounts(into.states, g.states);
  addCounts(into.states, g.templates);
  addCounts(into.templates, g.templates);
}

const destMatches = (d: Destination, g: ConnGroup): boolean => d.address === g.destAddress && (d.port === g.destPort || d.port === 0);

function findService(table: readonly ServiceWithDests[], byKey: Map<string, ServiceWithDests>, g: ConnGroup): ServiceWithDests | undefined {
  const v6 = g.destAddress.includes(':');
  if (g.protocol === 'IP') return table.find((s) => s.service.fwmark === Number(g.virtualAddress) && (s.service.af === 10) === v6);
  return byKey.get(`${g.protocol} ${g.virtualAddress} ${g.virtualPort}`)
    ?? byKey.get(`${g.protocol} ${g.virtualAddress} 0`)
    ?? table.find((s) => s.service.fwmark !== 0 && s.dests.some((d) => destMatches(d, g)));
}

export function attributeConnections(table: readonly ServiceWithDests[], summary: ConnTableSummary): Attribution {
  const byKey = new Map<string, ServiceWithDests>();
  for (const s of table) if (!s.service.fwmark) byKey.set(`${PROTOCOLS[s.service.protocol]} ${s.service.address} ${s.service.port}`, s);
  const result: Attribution = { services: new Map(), dests: new Map(), unattributed: empty() };
  for (const s of table) {
    result.services.set(s.service, empty());
    for (const d of s.dests) result.dests.set(d, empty());
  }
  for (const g of summary.groups.values()) {
    const owner = findService(table, byKey, g);
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
