/**
 * The fleet as its screen and `fleet --json` show it: one row per director (how it was read, and
 * what its last document says, see directorFacts.ts) and the pairs its VRRP instances make, with
 * the pair checks (pairs.ts) and the drift between the pair's tables (drift.ts). A director whose document is no list --json table has no facts,
 * and the line saying why.
 */
import { type DirectorFacts, readDirectorFacts } from './directorFacts.js';
import { type Drift, documentDrift } from './drift.js';
import type { HostView } from './fleetSession.js';
import { type Pair, pairChecks } from './pairs.js';

export interface DirectorRow {
  host: string;
  state: HostView['state'];
  ageMs: number | null;
  /** ssh's reason when not read; else why its document could not be read, or null. */
  reason: string | null;
  facts: DirectorFacts | null;
  /** Why its document gave no facts (it is not what list --json --watch writes); else null. */
  factsError: string | null;
}

/** A pair, and the drift between its members' tables (what a failover between them would change). */
export interface PairView extends Pair {
  drift: Drift[];
}

export interface FleetView {
  rows: DirectorRow[];
  pairs: PairView[];
}

function rowOf(h: HostView): DirectorRow {
  const facts = h.document === null ? null : readDirectorFacts(h.document);
  const bad = typeof facts === 'string' ? `not a list --json --watch document: ${facts}` : null;
  return {
    host: h.host,
    state: h.state,
    ageMs: h.ageMs,
    reason: h.reason ?? bad,
    facts: typeof facts === 'string' ? null : facts,
    factsError: bad,
  };
}

/** Stale directors still count in the pairs, from their last document; unreachable ones are named. */
export function fleetView(hosts: HostView[]): FleetView {
  const rows = hosts.map(rowOf);
  const known = rows.flatMap((r) => (r.facts ? [{ host: r.host, facts: r.facts }] : []));
  const unread = rows.filter((r) => r.facts === null).map((r) => r.host);
  const documents = new Map(hosts.map((h) => [h.host, h.document]));
  const pairs = pairChecks(known, unread).map((p) => {
    const members = p.members.map((m) => ({ host: m.host, document: documents.get(m.host) }));
    return { ...p, drift: documentDrift(members).drift };
  });
  return { rows, pairs };
}
