/**
 * SYN_RECV pile-ups along recorded samples (`replay --events`, the replay's Events pane): the
 * monitor's own rule and words (watchEvents.ts synRecvEvents), applied to the connection counts
 * recorded with each sample. A sample without counts, or with counts of part of the table (a
 * read cut short), says nothing, and the next one is compared with the last that had them.
 */
import { synRecvCount } from '../doctor/tableRules.js';
import { attributeConnections } from '../domain/attribution.js';
import type { ServiceWithDests } from '../kernel/ipvs/types.js';
import type { ConnTableSummary } from '../kernel/proc/types.js';
import { serviceIdOf } from './driftTable.js';
import type { TableEvent } from './eventWords.js';
import { synRecvLine } from './watchEvents.js';

/** The pile-ups that began or ended between the last sample that could say (`was`) and this one. */
export function synRecvChanges(
  was: ReadonlySet<string> | undefined,
  services: readonly ServiceWithDests[],
  conns: ConnTableSummary | undefined,
  at: number,
): { piling: ReadonlySet<string> | undefined; events: TableEvent[] } {
  if (!conns || conns.truncated) return { piling: was, events: [] };
  const counts = attributeConnections(services, conns);
  const piling = new Set<string>();
  const events: TableEvent[] = [];
  for (const s of services) {
    const { key, label } = serviceIdOf(s.service);
    const { syn, all, piling: now } = synRecvCount(counts.services.get(s.service));
    if (now) piling.add(key);
    if (!was || now === was.has(key)) continue;
    const text = synRecvLine(s.service, syn, all, now);
    events.push({ at, kind: 'syn-recv', service: label, server: null, name: null, old: null, new: syn, text });
  }
  return { piling, events };
}
