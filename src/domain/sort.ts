/**
 * ipvsadm's sort order (libipvs ipvs_cmp_services / ipvs_cmp_dests): fields
 * compared as C int differences of unsigned host-order values, so a difference
 * above 2^31 wraps negative and, e.g., 192.0.2.x sorts before 10.x. The
 * comparison is not transitive, so the result depends on the sort algorithm:
 * we run glibc's qsort (a top-down merge sort, glibc <= 2.36, as on Debian 12)
 * step for step to get the same order.
 */
import { AF_INET6 } from '../kernel/inet.js';
import type { Destination, Service } from '../kernel/ipvs/types.js';
import { parseIPv4, parseIPv6 } from '../kernel/netlink/address.js';

/** C: (int)(a - b) for unsigned 32-bit a, b. */
const diff32 = (a: number, b: number): number => (a - b) | 0;

function parseWords(af: number, address: string): number[] {
  const bytes = af === AF_INET6 ? parseIPv6(address) : parseIPv4(address);
  const words: number[] = [];
  for (let i = 0; i < bytes.length; i += 4) words.push(bytes.readUInt32BE(i));
  return words;
}

/**
 * An item's address as 32-bit words, parsed once per item read: a sort of
 * 1,000 services makes ~10,000 comparisons, and parsing in each of them was
 * most of a monitor refresh.
 */
const wordsCache = new WeakMap<Service | Destination, number[]>();

function addressWords(item: Service | Destination): number[] {
  let words = wordsCache.get(item);
  if (!words) {
    words = parseWords(item.af, item.address);
    wordsCache.set(item, words);
  }
  return words;
}

/** Callers compare families first: both addresses are of one family. */
function compareAddresses<T extends Service | Destination>(a: T, b: T): number {
  const wa = addressWords(a);
  const wb = addressWords(b);
  let r = 0;
  for (let i = 0; r === 0 && i < wa.length; i++) r = diff32(wa[i]!, wb[i] ?? 0);
  return r;
}

export function compareServices(a: Service, b: Service): number {
  return (
    diff32(a.fwmark, b.fwmark) ||
    a.af - b.af ||
    a.protocol - b.protocol ||
    (a.fwmark ? 0 : compareAddresses(a, b)) ||
    a.port - b.port
  );
}

export function compareDests(a: Destination, b: Destination): number {
  // ipvsadm 1.31 compares the family first, then the address in the first's family.
  return a.af - b.af || compareAddresses(a, b) || a.port - b.port;
}

const WRAP = 2 ** 31;

/**
 * True when no C int difference in compareServices wraps among these services (every fwmark and
 * every address word within 2^31 of the others): the comparison is then a total order, every
 * correct sort gives glibc's order, and a sorted list stays sorted when items are removed.
 */
export function totallyOrdered(services: Iterable<Service>): boolean {
  let fwMin = Infinity;
  let fwMax = -Infinity;
  const min: number[] = [];
  const max: number[] = [];
  for (const s of services) {
    fwMin = Math.min(fwMin, s.fwmark);
    fwMax = Math.max(fwMax, s.fwmark);
    if (s.fwmark !== 0) continue;
    const words = addressWords(s);
    for (let i = 0; i < words.length; i++) {
      min[i] = Math.min(min[i] ?? Infinity, words[i]!);
      max[i] = Math.max(max[i] ?? -Infinity, words[i]!);
    }
  }
  return fwMax - fwMin < WRAP && min.every((m, i) => max[i]! - m < WRAP);
}

/** Two sorted lists as one, taking the left on <= 0. */
export function mergeSorted<T>(left: readonly T[], right: readonly T[], cmp: (a: T, b: T) => number): T[] {
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length && j < right.length) out.push(cmp(left[i]!, right[j]!) <= 0 ? left[i++]! : right[j++]!);
  while (i < left.length) out.push(left[i++]!);
  while (j < right.length) out.push(right[j++]!);
  return out;
}

/** glibc msort_with_tmp: split n/2, sort halves, merge taking the left on <= 0. */
export function glibcSort<T>(items: readonly T[], cmp: (a: T, b: T) => number): T[] {
  const out = [...items];
  const tmp = new Array<T>(out.length);
  const sort = (lo: number, n: number): void => {
    if (n <= 1) return;
    const n1 = n >> 1;
    const n2 = n - n1;
    sort(lo, n1);
    sort(lo + n1, n2);
    let i = lo;
    let j = lo + n1;
    let k = 0;
    while (i < lo + n1 && j < lo + n) tmp[k++] = cmp(out[i]!, out[j]!) <= 0 ? out[i++]! : out[j++]!;
    while (i < lo + n1) tmp[k++] = out[i++]!;
    // The rest of the right half is already in place.
    for (let m = 0; m < k; m++) out[lo + m] = tmp[m]!;
  };
  sort(0, out.length);
  return out;
}
