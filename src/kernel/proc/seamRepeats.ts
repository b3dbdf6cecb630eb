/**
 * Rows of /proc/net/ip_vs_conn read twice where one read() ends and the next begins.
 *
 * The kernel writes this file at most a page (4 KiB) a read(), and begins each read at a position:
 * the Nth entry of its connection table. That table is one for every network namespace (the
 * entries of other namespaces are counted, not shown). An entry added before the position between
 * two reads moves every later entry one on, and the next read begins with the rows the last one
 * ended with (in the lab, 2 of 60 reads of a still table while a director pair in other namespaces
 * carried traffic). Those rows are dropped here, from the bytes, so that counts and rows agree.
 * An entry removed there makes the next read skip a row instead: nothing can bring that back, and
 * ipvsadm's reads do both too.
 */

import { LineFields } from './lineFields.js';

const NL = 0x0a;
/** The fields that name an entry: protocol, client, virtual and real server addresses and ports. */
const IDENTITY_FIELDS = 7;
/** What is looked back at: a page of the kernel's, some 60 IPv4 rows. */
const TAIL_BYTES = 4096;

/** The rows compared, split on runs of spaces as the connection counter splits them. */
const first = new LineFields();
const second = new LineFields();

/** Just past a row's seventh field (its identity, as the kernel prints it); -1 for fewer fields. */
function identityEnd(b: Uint8Array, start: number, end: number): number {
  return first.split(b, start, end) >= IDENTITY_FIELDS ? first.ends[IDENTITY_FIELDS - 1]! : -1;
}

/** Whether a[as, ae) and b[bs, be) are rows of one entry: their first seven fields, split on runs of spaces, are equal. */
export function sameEntry(a: Uint8Array, as: number, ae: number, b: Uint8Array, bs: number, be: number): boolean {
  if (first.split(a, as, ae) < IDENTITY_FIELDS || second.split(b, bs, be) < IDENTITY_FIELDS) return false;
  for (let f = 0; f < IDENTITY_FIELDS; f++) {
    const aStart = first.starts[f]!;
    const bStart = second.starts[f]!;
    const length = first.ends[f]! - aStart;
    if (second.ends[f]! - bStart !== length) return false;
    for (let k = 0; k < length; k++) if (a[aStart + k] !== b[bStart + k]) return false;
  }
  return true;
}

/** Takes the blocks of one read of the file in order and gives each back without the rows it repeats. */
export class SeamRepeats {
  /** The last whole rows given back (of this block and those before): tail[0, length), up to TAIL_BYTES. */
  private readonly tail = Buffer.alloc(TAIL_BYTES);
  private length = 0;

  /** `block` from its first row that the rows given back before do not end with. */
  trim(block: Buffer): Buffer {
    const skip = this.length > 0 ? this.repeated(block) : 0;
    const fresh = skip === 0 ? block : block.subarray(skip);
    // A block cut inside a row is no read() of the kernel's (a fake's, or a row longer than a read).
    if (block.length > 0 && block[block.length - 1] === NL) this.keepTail(fresh);
    else this.length = 0;
    return fresh;
  }

  /**
   * How many bytes at the start of `block` are rows that end the tail, in its order. Found by the
   * first row's identity, searched in the tail's bytes (the kernel prints an entry alike each time):
   * one search, not a comparison with every row, as nearly every read repeats nothing.
   */
  private repeated(block: Buffer): number {
    const firstEnd = block.indexOf(NL);
    const key = firstEnd < 0 ? -1 : identityEnd(block, 0, firstEnd);
    if (key < 0) return 0;
    const identity = block.subarray(0, key);
    const tail = this.tail.subarray(0, this.length);
    for (let at = tail.indexOf(identity); at >= 0; at = tail.indexOf(identity, at + 1)) {
      if (at > 0 && tail[at - 1] !== NL) continue;
      const repeats = repeatsFrom(tail, at, block);
      if (repeats > 0) return repeats;
    }
    return 0;
  }

  /**
   * Keeps the last rows given back, up to TAIL_BYTES: the tail's, then `fresh`'s (whole rows). Copied:
   * the block's buffer is the reader's to reuse. Rows from before this block stay when it was short
   * (a read of nothing but repeats, say): the next read may repeat them too.
   */
  private keepTail(fresh: Buffer): void {
    if (fresh.length >= TAIL_BYTES) {
      const cut = fresh.length - TAIL_BYTES;
      // The first row that starts at `cut` or after (not indexOf(NL, -1): a negative offset counts from the end).
      const from = cut === 0 ? 0 : fresh.indexOf(NL, cut - 1) + 1;
      this.length = fresh.copy(this.tail, 0, from);
      return;
    }
    const over = this.length + fresh.length - TAIL_BYTES;
    if (over > 0) {
      const from = this.tail.indexOf(NL, over - 1) + 1;
      this.tail.copyWithin(0, from, this.length);
      this.length -= from;
    }
    this.length += fresh.copy(this.tail, this.length);
  }
}

/** The bytes of `block`'s first rows if they are `tail`'s rows from `at` to its end (or all of `block`), else 0. */
function repeatsFrom(tail: Buffer, at: number, block: Buffer): number {
  let from = 0;
  for (let row = at; row < tail.length; ) {
    const end = block.indexOf(NL, from);
    // Every row of the block repeated (a read that found only those) is as good as the tail's end.
    if (end < 0) return from === block.length ? from : 0;
    const tailEnd = tail.indexOf(NL, row);
    if (!sameEntry(tail, row, tailEnd, block, from, end)) return 0;
    row = tailEnd + 1;
    from = end + 1;
  }
  return from;
}
