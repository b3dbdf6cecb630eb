/**
 * Folding poll results into the state: stable keys, rates over the time the
 * kernel's counters cover (rates.ts), the CPS history, real servers merged in
 * as they are read.
 */
import { isOverloaded } from '../domain/drainState.js';
import type { Service, ServiceTable } from '../kernel/ipvs/types.js';
import { type CpsPoints, type HistoryStore, historyAtRest, recordHistory } from './history.js';
import { destKey, placesIn, type ServiceKey, serviceKey } from './identity.js';
import { advanceRates, type Counted, heldCps, ratesHold, ZERO_RATES } from './rates.js';
import type { DestEntry, DestRead, MonitorState, PollSource, ServiceEntry } from './types.js';

/** Up to this many services, every one's real servers are read each tick and shown expanded. */
export const FEW_SERVICES = 50;

/**
 * A services read, with the real servers read along with it. prevAt: the services read before
 * it (-Infinity: none); skipped: reads since the last poll event that changed nothing and were
 * not sent.
 */
export interface PollEvent {
  type: 'poll';
  /** When the services were read, by the poller's clock (ms since the epoch): the HA log dates the table's changes by it. */
  at: number;
  prevAt: number;
  skipped: number;
  table: ServiceTable;
  dests: DestRead[];
  destsFailed?: boolean;
}

/** A copy of an error record without one source. */
export function without(errors: MonitorState['errors'], source: PollSource): MonitorState['errors'] {
  if (!(source in errors)) return errors;
  const { [source]: _gone, ...rest } = errors;
  return rest;
}

const countedService = (e: ServiceEntry): Counted => ({ stats: e.service.stats, delta: e.delta, track: e.track });
const countedDest = (e: DestEntry): Counted => ({ stats: e.dest.stats, delta: e.delta, track: e.track });

function destEntries(service: ServiceKey, old: readonly DestEntry[] | undefined, read: DestRead): DestEntry[] {
  const byKey = new Map(old?.map((d) => [d.key, d]));
  return read.dests.map((dest) => {
    const key = destKey(service, dest);
    const prev = byKey.get(key);
    const { delta, track } = advanceRates(prev && countedDest(prev), dest.stats, read.at, read.prevAt);
    return { key, dest, delta, track, overloaded: isOverloaded(dest, prev?.overloaded ?? false) };
  });
}

/** The entry with freshly read real servers. */
export function withDests(entry: ServiceEntry, read: DestRead): ServiceEntry {
  return { ...entry, dests: destEntries(entry.key, entry.dests, read), destsAt: read.at };
}

function serviceEntry(service: Service, old: ServiceEntry | undefined, e: PollEvent): ServiceEntry {
  // The very object of the last read is the same bytes (the client keeps it while they do not change).
  if (old?.service === service && ratesHold(old, e.at)) return old;
  const key = old?.key ?? serviceKey(service);
  const { delta, track } = advanceRates(old && countedService(old), service.stats, e.at, e.prevAt);
  return { key, service, delta, track, dests: old?.dests, destsAt: old?.destsAt };
}

/**
 * CPS points of one service since the last poll event: what the screen showed at each
 * skipped read (nothing changed then, so the old values, or 0 once idle), then the new one.
 */
function cpsPoints(old: ServiceEntry | undefined, entry: ServiceEntry, e: PollEvent, lastPollAt?: number): CpsPoints {
  const delta: number[] = [];
  const kernel: number[] = [];
  if (old && lastPollAt !== undefined) {
    const step = (e.at - lastPollAt) / (e.skipped + 1);
    for (let i = 1; i <= e.skipped; i++) {
      const held = heldCps(countedService(old), lastPollAt + i * step);
      if (held !== undefined) delta.push(held);
      kernel.push(old.service.stats.cps);
    }
  }
  if (entry.delta) delta.push(entry.delta.cps);
  kernel.push(entry.service.stats.cps);
  return { delta, kernel };
}

export function applyPoll(state: MonitorState, e: PollEvent): MonitorState {
  const priorOf = priorEntries(state.services);
  const reads = new Map(e.dests.map((r) => [r.key, r]));
  const points = new Map<ServiceKey, CpsPoints>();
  let period: number | undefined;
  // Every service where it was, none come or gone: the history and the expansions keep their keys.
  let sameKeys = e.table.services.length === state.services.length && state.history.size === state.services.length;
  const services = e.table.services.map((svc, i) => {
    const before = priorOf(svc, i);
    sameKeys &&= before === state.services[i];
    let entry = serviceEntry(svc, before, e);
    const read = reads.get(entry.key);
    if (read) entry = withDests(entry, read);
    if (entry.track.since === e.at && entry.track.periodMs !== undefined)
      period = Math.max(period ?? 0, entry.track.periodMs);
    if (!atRest(before, entry, state.history)) points.set(entry.key, cpsPoints(before, entry, e, state.lastPollAt));
    return entry;
  });
  const alive = sameKeys ? undefined : new Set(services.map((s) => s.key));
  const history = recordHistory(state.history, points, alive);
  const { takenAt, info, timeouts, daemons, latencyMs } = e.table;
  let errors = without(state.errors, 'services');
  if (!e.destsFailed) errors = without(errors, 'dests');
  return {
    ...state,
    meta: { takenAt, info, timeouts, daemons, latencyMs },
    services,
    periodMs: period ?? state.periodMs,
    lastPollAt: e.at,
    overdueMs: undefined,
    history,
    errors,
    svc: {
      ...state.svc,
      // Decided once, on the first table: a small table opens expanded, a big one collapsed.
      defaultExpanded: state.svc.defaultExpanded ?? services.length <= FEW_SERVICES,
      // With the same services, the history has their keys.
      expanded: pruneExpanded(state.svc.expanded, alive ?? history),
    },
  };
}

/**
 * The entry each read service had: the one at its index when it is the same service (a table
 * that did not change shape: every poll of a steady one), else found by key.
 */
function priorEntries(entries: readonly ServiceEntry[]): (svc: Service, i: number) => ServiceEntry | undefined {
  const placeOf = placesIn(entries);
  return (svc, i) => {
    if (entries[i]?.service === svc) return entries[i];
    const j = placeOf(serviceKey(svc), i);
    return j === undefined ? undefined : entries[j];
  };
}

/**
 * An unchanged service at rest: idle rates (0 in both modes), whose history holds only zeros; its
 * points would all be zeros, which change nothing drawn (historyAtRest). A kube-proxy table is
 * mostly such services.
 */
function atRest(before: ServiceEntry | undefined, entry: ServiceEntry, history: HistoryStore): boolean {
  return (
    entry === before && entry.delta === ZERO_RATES && entry.service.stats.cps === 0 && historyAtRest(history, entry.key)
  );
}

/** Expansion choices of services that are gone would pile up over a long session. */
function pruneExpanded(
  expanded: ReadonlyMap<ServiceKey, boolean>,
  alive: { has(key: ServiceKey): boolean },
): ReadonlyMap<ServiceKey, boolean> {
  const gone = [...expanded.keys()].filter((k) => !alive.has(k));
  if (gone.length === 0) return expanded;
  const next = new Map(expanded);
  for (const k of gone) next.delete(k);
  return next;
}
