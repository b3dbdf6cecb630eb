/**
 * Top talkers of the connection table: the clients, and their /24 (IPv4) or /64 (IPv6)
 * prefixes, with the most entries and with the most SYN_RECV entries (the SYN flood
 * question). A table can hold a million clients, so the counts are bounded: the
 * Space-Saving algorithm (Metwally et al., 2005) keeps `capacity` keys; a new key past
 * that replaces the smallest, starting from its count. A count is then an upper bound,
 * too high by at most `error`; it is exact while fewer keys than `capacity` were met.
 */
import { AF_INET, AF_INET6 } from '../kernel/ipvs/types.js';
import { formatIPv6, parseIPv6 } from '../kernel/netlink/address.js';
import type { ConnRow } from '../kernel/proc/types.js';
import { masked } from './prefix.js';

/** One counted key. */
export interface TopCount {
  key: string;
  count: number;
  /** How far `count` may be from the truth (0: exact). */
  error: number;
}

/** Keys kept per counter: a flood from 100,000 random sources still keeps its heavy hitters. */
export const TOP_CAPACITY = 4096;

/** Space-Saving over string keys: a map to slots and a min-heap of slots by count. */
export class BoundedCounter {
  private readonly slotOf = new Map<string, number>();
  private readonly keys: string[] = [];
  private readonly counts: number[] = [];
  private readonly errors: number[] = [];
  /** heap[i] is a slot; pos[slot] is its place in the heap. */
  private readonly heap: number[] = [];
  private readonly pos: number[] = [];

  constructor(private readonly capacity = TOP_CAPACITY) {}

  add(key: string): void {
    const slot = this.slotOf.get(key);
    if (slot !== undefined) {
      this.counts[slot]!++;
      this.down(this.pos[slot]!);
    } else if (this.keys.length < this.capacity) {
      const s = this.keys.length;
      this.keys.push(key);
      this.counts.push(1);
      this.errors.push(0);
      this.pos.push(this.heap.length);
      this.heap.push(s);
      this.up(this.heap.length - 1);
      this.slotOf.set(key, s);
    } else {
      const s = this.heap[0]!;
      this.slotOf.delete(this.keys[s]!);
      this.slotOf.set(key, s);
      this.keys[s] = key;
      this.errors[s] = this.counts[s]!;
      this.counts[s]!++;
      this.down(0);
    }
  }

  /** The `n` largest counts, largest first (ties by key, so the order is stable). */
  top(n: number): TopCount[] {
    return this.keys
      .map((key, s) => ({ key, count: this.counts[s]!, error: this.errors[s]! }))
      .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      .slice(0, n);
  }

  /**
   * The count of `key`: the one kept, else 0, which may be short by up to the smallest count
   * kept once keys were replaced (the key may have been among them).
   */
  get(key: string): TopCount {
    const s = this.slotOf.get(key);
    if (s !== undefined) return { key, count: this.counts[s]!, error: this.errors[s]! };
    const full = this.keys.length >= this.capacity;
    return { key, count: 0, error: full ? this.counts[this.heap[0]!]! : 0 };
  }

  private less(i: number, j: number): boolean {
    return this.counts[this.heap[i]!]! < this.counts[this.heap[j]!]!;
  }

  private swap(i: number, j: number): void {
    const h = this.heap;
    [h[i], h[j]] = [h[j]!, h[i]!];
    this.pos[h[i]!] = i;
    this.pos[h[j]!] = j;
  }

  private up(i: number): void {
    for (let p = (i - 1) >> 1; i > 0 && this.less(i, p); i = p, p = (i - 1) >> 1) this.swap(i, p);
  }

  private down(i: number): void {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < this.heap.length && this.less(l, m)) m = l;
      if (r < this.heap.length && this.less(r, m)) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }
}

/** The /24 of an IPv4 client, the /64 of an IPv6 one. */
export function clientNetwork(row: Pick<ConnRow, 'af' | 'clientAddress'>): string {
  if (row.af === AF_INET) return `${row.clientAddress.slice(0, row.clientAddress.lastIndexOf('.'))}.0/24`;
  return `${formatIPv6(masked(parseIPv6(row.clientAddress), 64))}/64`;
}

/** A client or network: entries, and SYN_RECV entries (kept apart: a flood's sources may have few others). */
export interface Talker {
  key: string;
  entries: TopCount;
  synRecv: TopCount;
}

export interface TopTalkersReport {
  /** Entries counted (the rows that passed the filter). */
  entries: number;
  synRecv: number;
  clients: Talker[];
  networks: Talker[];
  /** Clients and networks with the most SYN_RECV entries. */
  synClients: Talker[];
  synNetworks: Talker[];
}

/** Counts entries and SYN_RECV entries by client and by network, row by row, in bounded memory. */
export class TopTalkers {
  private entries = 0;
  private syn = 0;
  private readonly byClient = new BoundedCounter();
  private readonly byNetwork = new BoundedCounter();
  private readonly synByClient = new BoundedCounter();
  private readonly synByNetwork = new BoundedCounter();

  /** Counts a connection; a template is skipped (its client address is masked by the service's netmask). */
  add(row: ConnRow): void {
    if (row.template || (row.af !== AF_INET && row.af !== AF_INET6)) return;
    const network = clientNetwork(row);
    this.entries++;
    this.byClient.add(row.clientAddress);
    this.byNetwork.add(network);
    if (row.state !== 'SYN_RECV') return;
    this.syn++;
    this.synByClient.add(row.clientAddress);
    this.synByNetwork.add(network);
  }

  report(n: number): TopTalkersReport {
    const talkers = (by: BoundedCounter, other: BoundedCounter, entriesFirst: boolean): Talker[] =>
      by.top(n).map((c) => {
        const o = other.get(c.key);
        return entriesFirst ? { key: c.key, entries: c, synRecv: o } : { key: c.key, entries: o, synRecv: c };
      });
    return {
      entries: this.entries,
      synRecv: this.syn,
      clients: talkers(this.byClient, this.synByClient, true),
      networks: talkers(this.byNetwork, this.synByNetwork, true),
      synClients: talkers(this.synByClient, this.byClient, false).filter((t) => t.synRecv.count > 0),
      synNetworks: talkers(this.synByNetwork, this.byNetwork, false).filter((t) => t.synRecv.count > 0),
    };
  }
}
