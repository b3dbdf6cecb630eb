/**
 * Connection-table counts per service and real server, keyed by our stable
 * keys (connByService.ts attributes groups by object identity). Memoised on
 * the service list and summary, which change at most once a poll.
 */
import type { StateCounts } from '../kernel/proc/types.js';
import type { ConnTableSummary } from '../kernel/proc/types.js';
import { attributeConnections, type ConnCounts } from './connByService.js';
import type { DestKey, ServiceKey } from './keys.js';
import type { ServiceEntry } from './model.js';

/** Connections and persistence templates, apart. */
export interface SplitCounts {
  /** Connections by state, templates excluded. */
  conns: StateCounts;
  /** Persistence templates by state (NONE / ASSURED). */
  templates: StateCounts;
}

/** Counts of every service and real server. */
export interface KeyedConnCounts {
  services: ReadonlyMap<ServiceKey, SplitCounts>;
  dests: ReadonlyMap<DestKey, SplitCounts>;
  /** Entries no service on the table claimed (e.g. of a service deleted since). */
  unattributed: SplitCounts;
}

/** connByService counts templates among the states too; the monitor shows them apart. */
export function split(c: ConnCounts): SplitCounts {
  const conns: StateCounts = {};
  for (const [state, n] of Object.entries(c.states)) {
    const left = n - (c.templates[state] ?? 0);
    if (left > 0) conns[state] = left;
  }
  return { conns, templates: { ...c.templates } };
}

export const total = (c: StateCounts): number => Object.values(c).reduce((a, b) => a + b, 0);

let memo: { services: readonly ServiceEntry[]; summary: ConnTableSummary; result: KeyedConnCounts } | undefined;

/**
 * Real servers are known only for the services whose real servers were read;
 * the others still get their service totals (address match), just no per-server split.
 */
export function connCounts(services: readonly ServiceEntry[], summary: ConnTableSummary): KeyedConnCounts {
  if (memo && memo.services === services && memo.summary === summary) return memo.result;
  const table = services.map((e) => ({ service: e.service, dests: e.dests?.map((d) => d.dest) ?? [] }));
  const a = attributeConnections(table, summary);
  const byService = new Map<ServiceKey, SplitCounts>();
  const byDest = new Map<DestKey, SplitCounts>();
  for (const e of services) {
    const c = a.services.get(e.service);
    if (c) byService.set(e.key, split(c));
    for (const d of e.dests ?? []) {
      const dc = a.dests.get(d.dest);
      if (dc) byDest.set(d.key, split(dc));
    }
  }
  const result = { services: byService, dests: byDest, unattributed: split(a.unattributed) };
  memo = { services, summary, result };
  return result;
}
