/**
 * What changed between two readings of the table, matched by identity (identity.ts), never by
 * position: the kernel's dump order moves as services come and go. Pure.
 *
 * Only what a person set or what a server's state became is compared: scheduler, flags,
 * forwarding, weight, thresholds and the drain state. Counters and rates are not: under traffic
 * they change at every refresh, and marking them would mark the whole table (k9s leaves its
 * moving columns out of its deltas too).
 */
import { drainState } from '../domain/drainState.js';
import type { Destination, Service } from '../kernel/ipvs/types.js';
import { type ServiceKey, sameKeysInPlace } from './identity.js';
import type { ChangedField, DestEntry, ServiceEntry } from './types.js';

export interface TableDiff {
  /** Rows (service keys and real-server keys) that were not in the previous reading. */
  added: string[];
  /** Services no longer in the table, as last read. */
  removedServices: ServiceEntry[];
  /** Real servers gone from services still in the table, as last read. */
  removedDests: { service: ServiceKey; dest: DestEntry }[];
  /** Rows whose settings or state changed, and what of them. */
  changed: Map<string, Set<ChangedField>>;
}

function serviceChanges(a: Service, b: Service): ChangedField[] {
  const fields: ChangedField[] = [];
  if (a.scheduler !== b.scheduler) fields.push('scheduler');
  if (a.flags !== b.flags || a.timeout !== b.timeout || a.netmask !== b.netmask || a.peName !== b.peName)
    fields.push('flags');
  return fields;
}

const tunnel = (d: Destination): string => `${d.tunnelType} ${d.tunnelPort} ${d.tunnelFlags}`;

function destChanges(a: DestEntry, b: DestEntry): ChangedField[] {
  const x = a.dest;
  const y = b.dest;
  const fields: ChangedField[] = [];
  if (x.forward !== y.forward || x.connFlags !== y.connFlags || tunnel(x) !== tunnel(y)) fields.push('forward');
  if (x.weight !== y.weight) fields.push('weight');
  if (x.upperThreshold !== y.upperThreshold || x.lowerThreshold !== y.lowerThreshold) fields.push('thresholds');
  if (drainState(x, a.overloaded) !== drainState(y, b.overloaded)) fields.push('state');
  return fields;
}

function diffDests(service: ServiceKey, prev: readonly DestEntry[], next: readonly DestEntry[], diff: TableDiff): void {
  const before = new Map(prev.map((d) => [d.key, d]));
  for (const d of next) {
    const old = before.get(d.key);
    before.delete(d.key);
    if (!old) diff.added.push(d.key);
    else note(diff, d.key, destChanges(old, d));
  }
  for (const dest of before.values()) diff.removedDests.push({ service, dest });
}

function note(diff: TableDiff, key: string, fields: ChangedField[]): void {
  if (fields.length > 0) diff.changed.set(key, new Set(fields));
}

/**
 * The changes from `prev` to `next`. A new service's real servers are new with it; real servers
 * are compared only where both readings have them (on a big table only some services' are read).
 */
export function diffTables(prev: readonly ServiceEntry[], next: readonly ServiceEntry[]): TableDiff {
  const diff: TableDiff = { added: [], removedServices: [], removedDests: [], changed: new Map() };
  // The same services in the same places (every poll of a steady table): compared place by place, no map.
  if (sameKeysInPlace(prev, next)) {
    for (let i = 0; i < next.length; i++) compareEntries(prev[i]!, next[i]!, diff);
    return diff;
  }
  const before = new Map(prev.map((e) => [e.key, e]));
  for (const e of next) {
    const old = before.get(e.key);
    before.delete(e.key);
    if (old) compareEntries(old, e, diff);
    else diff.added.push(e.key, ...(e.dests ?? []).map((d) => d.key));
  }
  diff.removedServices.push(...before.values());
  return diff;
}

/** One service in both readings; the very same entry has nothing changed. */
function compareEntries(old: ServiceEntry, e: ServiceEntry, diff: TableDiff): void {
  if (old === e) return;
  note(diff, e.key, serviceChanges(old.service, e.service));
  if (old.dests && e.dests && old.dests !== e.dests) diffDests(e.key, old.dests, e.dests, diff);
}
