/**
 * Dumps without repeats. The kernel answers a dump in several messages and
 * resumes each by position in its table: a service added or removed between
 * two parts shifts the rest, so one entry can be listed twice (or skipped, which
 * the next poll corrects). A repeat is the same service or real server read
 * twice; the first is kept.
 */
import type { Destination, ServiceId } from './types.js';

/**
 * Identities built once per object: the client hands back the same (read-only) Service object
 * while its bytes do not change, and a table of 10,000 services would otherwise build 10,000
 * strings per refresh, in the dump's de-duplication and again in every map keyed by them.
 */
const identities = new WeakMap<ServiceId, string>();

/** What identifies a service in a dump: (af, fwmark) or (af, protocol, address, port). */
export function serviceIdentity(s: ServiceId): string {
  let id = identities.get(s);
  if (id === undefined) {
    id = s.fwmark !== 0 ? `${s.af} fwm ${s.fwmark}` : `${s.af} ${s.protocol} ${s.address} ${s.port}`;
    identities.set(s, id);
  }
  return id;
}

/** What identifies a real server within its service. */
export const destIdentity = (d: Pick<Destination, 'af' | 'address' | 'port'>): string =>
  `${d.af} ${d.address} ${d.port}`;

/** The real servers of one dump without later repeats (uniqueBy with destIdentity; the same array when none). */
export function uniqueDests<T extends Pick<Destination, 'af' | 'address' | 'port'>>(dests: T[]): T[] {
  // A dump of a few real servers, the usual case, is checked pair by pair: no identity strings, no set.
  if (dests.length > FEW) return uniqueBy(dests, destIdentity);
  for (let i = 1; i < dests.length; i++) {
    const d = dests[i]!;
    for (let j = 0; j < i; j++) {
      const e = dests[j]!;
      if (d.port === e.port && d.address === e.address && d.af === e.af) return uniqueBy(dests, destIdentity);
    }
  }
  return dests;
}
/** Up to this many real servers, uniqueDests compares them pair by pair (at most 120 comparisons). */
const FEW = 16;

/** The items without later repeats of an identity; the same array when there are none. */
export function uniqueBy<T>(items: T[], identity: (item: T) => string): T[] {
  const seen = new Set<string>();
  let repeats = false;
  for (const item of items) {
    const id = identity(item);
    if (seen.has(id)) repeats = true;
    seen.add(id);
  }
  if (!repeats) return items;
  seen.clear();
  return items.filter((item) => {
    const id = identity(item);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
