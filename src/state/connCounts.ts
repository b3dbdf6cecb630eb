/**
 * Connection-table counts per service and real server, keyed by our stable
 * keys (the domain's attribution works by object identity). Memoised per
 * connection-table read and the table's shape: entries are attributed by addresses alone, so a
 * poll that changed counters only (on 10,000 services, nearly every one) attributes nothing again.
 */

import { attributeConnections, type ConnCounts } from '../domain/attribution.js';
import type { ConnTableSummary } from '../kernel/proc/types.js';
import type { DestKey, ServiceKey } from './identity.js';
import { memoOnShape } from './memo.js';
import type { ServiceEntry } from './types.js';

/** Counts of every service and real server. */
export interface KeyedConnCounts {
  services: ReadonlyMap<ServiceKey, ConnCounts>;
  dests: ReadonlyMap<DestKey, ConnCounts>;
  /** Entries no service on the table claimed (e.g. of a service deleted since). */
  unattributed: ConnCounts;
}

const memo = memoOnShape<KeyedConnCounts>();

/**
 * Real servers are known only for the services whose real servers were read;
 * the others still get their service totals (address match), just no per-server split.
 */
export function connCounts(services: readonly ServiceEntry[], summary: ConnTableSummary): KeyedConnCounts {
  return memo(services, [summary], () => {
    const table = services.map((e) => ({ service: e.service, dests: e.dests?.map((d) => d.dest) ?? [] }));
    const a = attributeConnections(table, summary);
    const byService = new Map<ServiceKey, ConnCounts>();
    const byDest = new Map<DestKey, ConnCounts>();
    for (const e of services) {
      const c = a.services.get(e.service);
      if (c) byService.set(e.key, c);
      for (const d of e.dests ?? []) {
        const dc = a.dests.get(d.dest);
        if (dc) byDest.set(d.key, dc);
      }
    }
    return { services: byService, dests: byDest, unattributed: a.unattributed };
  });
}
