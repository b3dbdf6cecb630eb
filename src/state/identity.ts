/**
 * Stable identities of services and real servers. Deltas, history, selection
 * and expansion are keyed by these, so they survive polls and reorders (the
 * kernel's dump order changes as services are added and removed).
 */
import type { Destination, ServiceId } from '../kernel/ipvs/types.js';
import { serviceIdentity } from '../kernel/ipvs/unique.js';

/** Identity of a virtual service: (af, protocol, address, port) or (af, fwmark). */
export type ServiceKey = string;
/** Identity of a real server within its service. */
export type DestKey = string;

/** The dump's own identity of a service (built once per service object read). */
export const serviceKey = (s: ServiceId): ServiceKey => serviceIdentity(s);

export function destKey(service: ServiceKey, d: Pick<Destination, 'af' | 'address' | 'port'>): DestKey {
  return `${service} > ${d.af} ${d.address} ${d.port}`;
}

/** The service part of a row id (a service key, a dest key or a note row id). */
export function serviceOfRow(rowId: string): ServiceKey {
  const i = rowId.indexOf(' > ');
  return i < 0 ? rowId : rowId.slice(0, i);
}

/** The same keys in the same places: two readings of a table that did not change shape. */
export function sameKeysInPlace(a: readonly { key: string }[], b: readonly { key: string }[]): boolean {
  return a === b || (a.length === b.length && b.every((x, i) => x.key === a[i]!.key));
}

/**
 * Where each key of `next` was in `prev`: at its own place when it is still there (every poll of a
 * steady table, and no map), else looked up by key (a map built at the first miss).
 */
export function placesIn(prev: readonly { key: string }[]): (key: string, i: number) => number | undefined {
  let byKey: Map<string, number> | undefined;
  return (key, i) => {
    if (prev[i]?.key === key) return i;
    byKey ??= new Map(prev.map((x, j) => [x.key, j]));
    return byKey.get(key);
  };
}
