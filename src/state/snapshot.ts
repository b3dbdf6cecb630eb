/**
 * Folding poll results into the state: stable keys, deltas over the real
 * elapsed time, the CPS history, real servers merged in as they are read.
 */
import type { Destination, Service, ServiceTable } from '../kernel/ipvs/types.js';
import { recordHistory } from './history.js';
import { destKey, type ServiceKey, serviceKey } from './keys.js';
import { deltaRates } from './rates.js';
import type { DestEntry, DestRead, MonitorState, PollSource, ServiceEntry } from './types.js';

/** Up to this many services, every one's real servers are read each tick and shown expanded. */
export const FEW_SERVICES = 50;

/** A services read, with the real servers read along with it. */
export interface PollEvent {
  type: 'poll';
  at: number;
  table: ServiceTable;
  baselineAt?: number;
  dests: DestRead[];
  destsFailed?: boolean;
}

/** A copy of an error record without one source. */
export function without(errors: MonitorState['errors'], source: PollSource): MonitorState['errors'] {
  if (!(source in errors)) return errors;
  const { [source]: _gone, ...rest } = errors;
  return rest;
}

/**
 * Start of the period a delta covers. The poller skips dispatching reads that
 * found nothing changed and reports the last such read as the baseline: the
 * counters had the previous values until then, so the change happened after it.
 */
export function periodStart(sampleAt: number, baselineAt: number | undefined): number {
  return baselineAt !== undefined && baselineAt > sampleAt ? baselineAt : sampleAt;
}

function destEntries(
  service: ServiceKey,
  old: readonly DestEntry[] | undefined,
  dests: readonly Destination[],
  periodMs: number | undefined,
): DestEntry[] {
  const byKey = new Map(old?.map((d) => [d.key, d]));
  return dests.map((dest) => {
    const key = destKey(service, dest);
    const prev = byKey.get(key);
    const delta = prev && periodMs !== undefined ? deltaRates(prev.dest.stats, dest.stats, periodMs) : undefined;
    return { key, dest, delta };
  });
}

/** The entry with freshly read real servers. */
export function withDests(entry: ServiceEntry, read: DestRead): ServiceEntry {
  const periodMs = entry.destsAt === undefined ? undefined : read.at - periodStart(entry.destsAt, read.baselineAt);
  return { ...entry, dests: destEntries(entry.key, entry.dests, read.dests, periodMs), destsAt: read.at };
}

function serviceEntry(service: Service, old: ServiceEntry | undefined, e: PollEvent): ServiceEntry {
  const key = old?.key ?? serviceKey(service);
  const delta = old
    ? deltaRates(old.service.stats, service.stats, e.at - periodStart(old.sampleAt, e.baselineAt))
    : undefined;
  return { key, service, sampleAt: e.at, delta, dests: old?.dests, destsAt: old?.destsAt };
}

/** Ticks skipped as unchanged before this poll: their CPS was 0. */
function skippedTicks(state: MonitorState, e: PollEvent): number {
  if (e.baselineAt === undefined || state.lastPollAt === undefined) return 0;
  return Math.max(0, Math.round((e.baselineAt - state.lastPollAt) / state.config.intervalMs));
}

export function applyPoll(state: MonitorState, e: PollEvent): MonitorState {
  const old = new Map(state.services.map((s) => [s.key, s]));
  const reads = new Map(e.dests.map((r) => [r.key, r]));
  const points = new Map<ServiceKey, number>();
  const services = e.table.services.map((svc) => {
    let entry = serviceEntry(svc, old.get(serviceKey(svc)), e);
    const read = reads.get(entry.key);
    if (read) entry = withDests(entry, read);
    if (entry.delta) points.set(entry.key, entry.delta.cps);
    return entry;
  });
  const alive = new Set(services.map((s) => s.key));
  const { info, timeouts, daemons, latencyMs } = e.table;
  let errors = without(state.errors, 'services');
  if (!e.destsFailed) errors = without(errors, 'dests');
  return {
    ...state,
    meta: { info, timeouts, daemons, latencyMs },
    services,
    periodMs: state.lastPollAt === undefined ? undefined : e.at - periodStart(state.lastPollAt, e.baselineAt),
    lastPollAt: e.at,
    overdueMs: undefined,
    history: recordHistory(state.history, points, alive, skippedTicks(state, e)),
    errors,
    svc: {
      ...state.svc,
      // Decided once, on the first table: a small table opens expanded, a big one collapsed.
      defaultExpanded: state.svc.defaultExpanded ?? services.length <= FEW_SERVICES,
      expanded: pruneExpanded(state.svc.expanded, alive),
    },
  };
}

/** Expansion choices of services that are gone would pile up over a long session. */
function pruneExpanded(
  expanded: ReadonlyMap<ServiceKey, boolean>,
  alive: ReadonlySet<ServiceKey>,
): ReadonlyMap<ServiceKey, boolean> {
  const gone = [...expanded.keys()].filter((k) => !alive.has(k));
  if (gone.length === 0) return expanded;
  const next = new Map(expanded);
  for (const k of gone) next.delete(k);
  return next;
}
