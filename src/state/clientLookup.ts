/**
 * The client lookup (`c`): every entry of an address or prefix across services and, for each
 * persistent service, the real server the client is pinned to and for how long (its
 * template), or that it is not pinned. A template's client is the client's address masked
 * by its service's netmask, so templates are matched through their service's netmask.
 */
import { serviceFinder } from '../domain/attribution.js';
import { isPersistent } from '../domain/flags.js';
import { type AddressPrefix, masked, prefixContains, procFieldPrefix } from '../domain/prefix.js';
import { AF_INET6, type Service, type ServiceWithDests } from '../kernel/ipvs/types.js';
import { parseAddress } from '../kernel/netlink/address.js';
import type { ConnRowsRead } from '../kernel/proc/connTable.js';
import type { ConnRow } from '../kernel/proc/types.js';
import type { ClientLookup, Pin, ServiceEntry } from './types.js';

/** Entries held for one lookup: a client with more is shown in part, with its count. */
export const LOOKUP_MAX_ROWS = 2000;

/** The prefix length of a persistence netmask: a dotted IPv4 mask, or an IPv6 length as text. */
export function netmaskLength(s: Pick<Service, 'af' | 'netmask'>): number {
  if (s.af === AF_INET6) return Number(s.netmask);
  return [...parseAddress(2, s.netmask)].reduce((n, b) => n + (b.toString(2).match(/1/g)?.length ?? 0), 0);
}

const tableOf = (services: readonly ServiceEntry[]): ServiceWithDests[] =>
  services.map((e) => ({ service: e.service, dests: e.dests?.map((d) => d.dest) ?? [] }));

/** Whether a template of a service of netmask `len` stands for a client of the prefix. */
function templateCovers(p: AddressPrefix, row: ConnRow, len: number): boolean {
  if (row.af !== p.af) return false;
  const bits = Math.min(p.len, len);
  return masked(parseAddress(row.af, row.clientAddress), bits).equals(masked(p.bytes, bits));
}

/** The test a read applies to each row: the client's entries, and the templates of its networks. */
export function lookupTest(p: AddressPrefix, services: readonly ServiceEntry[]): (row: ConnRow) => boolean {
  const owner = serviceFinder(tableOf(services));
  return (row) => {
    if (!row.template) return prefixContains(p, row.af, row.clientAddress);
    const s = owner(row)?.service;
    return templateCovers(p, row, s ? netmaskLength(s) : p.bytes.length * 8);
  };
}

/**
 * Text the client field of every row lookupTest() takes starts with, for a read that skips the
 * others unparsed: the hex digits the prefix shares with the templates standing for it, whose
 * client is masked by their service's netmask (the shortest of the family's services).
 */
export function lookupNeedle(p: AddressPrefix, services: readonly ServiceEntry[]): string | undefined {
  const masks = services.filter((e) => e.service.af === p.af).map((e) => netmaskLength(e.service));
  return procFieldPrefix({ ...p, len: Math.min(p.len, ...masks) }) || undefined;
}

/** The lookup's answer from the rows its read kept. */
export function clientLookup(p: AddressPrefix, read: ConnRowsRead, services: readonly ServiceEntry[]): ClientLookup {
  const owner = serviceFinder(tableOf(services));
  const pins: Pin[] = [];
  for (const row of read.rows) {
    const s = row.template ? owner(row)?.service : undefined;
    if (s) pins.push({ service: s, template: row });
  }
  const pinned = new Set(pins.map((x) => x.service));
  return {
    prefix: p,
    entries: read.rows.filter((r) => !r.template),
    matched: read.matched,
    pins,
    unpinned: services.map((e) => e.service).filter((s) => isPersistent(s) && s.af === p.af && !pinned.has(s)),
    complete: read.matched === read.rows.length,
    malformed: read.malformed,
    truncated: read.truncated,
  };
}
