/**
 * The orders of the Connections pane's entry browser: by client, real server, state or time
 * left, each made total by the entry's other fields, so that a read can select "the rows after
 * this one" (keyset paging) and land on the same rows whatever order the kernel printed them in.
 */
import { AF_INET } from '../kernel/ipvs/types.js';
import { parseAddress } from '../kernel/netlink/address.js';
import type { ConnRow } from '../kernel/proc/types.js';
import { ipv4Number } from './prefix.js';

export const ENTRY_SORTS = ['client', 'server', 'state', 'expiry'] as const;
/** What the browser sorts by (`s` cycles, `S` reverses). */
export type EntrySort = (typeof ENTRY_SORTS)[number];

/**
 * Address order: the family first (IPv4 before IPv6), then the address as a number (text order
 * of "10.0.0.9" and "10.0.0.10" is not address order); IPv4, nearly every entry, without bytes.
 */
export function compareAddresses(afA: number, a: string, afB: number, b: string): number {
  if (afA !== afB) return afA === AF_INET ? -1 : 1;
  if (afA === AF_INET) return ipv4Number(a) - ipv4Number(b);
  return Buffer.compare(parseAddress(afA, a), parseAddress(afB, b));
}

const cmp = <T extends string | number>(a: T, b: T): number => (a < b ? -1 : a > b ? 1 : 0);

function byClient(a: ConnRow, b: ConnRow): number {
  return compareAddresses(a.af, a.clientAddress, b.af, b.clientAddress) || cmp(a.clientPort, b.clientPort);
}

function byServer(a: ConnRow, b: ConnRow): number {
  return compareAddresses(a.destAf, a.destAddress, b.destAf, b.destAddress) || cmp(a.destPort, b.destPort);
}

/** Every field, so that only identical rows tie. */
function byEverything(a: ConnRow, b: ConnRow): number {
  return (
    byClient(a, b) ||
    cmp(a.protocol, b.protocol) ||
    compareAddresses(a.af, a.virtualAddressAsIp, b.af, b.virtualAddressAsIp) ||
    cmp(a.virtualPort, b.virtualPort) ||
    byServer(a, b) ||
    cmp(a.state, b.state) ||
    cmp(a.expires, b.expires)
  );
}

const FIRST: Record<EntrySort, (a: ConnRow, b: ConnRow) => number> = {
  client: () => 0,
  server: byServer,
  state: (a, b) => cmp(a.state, b.state),
  // Least time left first: what goes next.
  expiry: (a, b) => cmp(a.expires, b.expires),
};

/** The browser's total order of entries for a sort column, reversed or not. */
export function entryOrder(sort: EntrySort, reverse: boolean): (a: ConnRow, b: ConnRow) => number {
  const first = FIRST[sort];
  const order = (a: ConnRow, b: ConnRow): number => first(a, b) || byEverything(a, b);
  return reverse ? (a, b) => order(b, a) : order;
}
