/**
 * Parsing only the replies of a dump that changed. A reply byte-for-byte the same as one of the last dump's,
 * near the same place, gives back the object parsed from it then: parsing is a pure function of the bytes,
 * and results are read-only. An idle table of thousands of services then costs a memcmp per reply and no
 * garbage, and callers see "unchanged" by identity. "Near": a service added or removed shifts every later
 * reply by one (a dump walks the kernel's lists in order). Real server dumps are compared by digest instead
 * (dumpDigest, below).
 */
import { createHash } from 'node:crypto';

/** A dump as read, what each reply parsed to, and what the caller made of the list (its entries without repeats). */
export interface ParsedDump<T> {
  readonly replies: readonly Buffer[];
  readonly parsed: readonly T[];
  readonly unique: T[];
}

/** Replies looked at between two turns of the event loop (a few ms of work in a slow guest). */
const YIELD_EVERY = 1000;

/** How far before and after the expected place a reply is looked for in the last dump. */
const RESYNC_BEHIND = 4;
const RESYNC_AHEAD = 8;

/** Where in `last`, around `at`, a reply with the same bytes is (-1: none). */
function sameReplyNear(last: readonly Buffer[], reply: Buffer, at: number): number {
  if (last[at]?.equals(reply)) return at;
  const end = Math.min(last.length, at + RESYNC_AHEAD + 1);
  for (let k = Math.max(0, at - RESYNC_BEHIND); k < end; k++) if (k !== at && last[k]!.equals(reply)) return k;
  return -1;
}

/**
 * Each reply parsed, or taken from `last` where its bytes are there near its place; `same`: the dump is the
 * last one, reply for reply, so that the caller may hand back its last result itself.
 */
export async function reparse<T>(
  replies: readonly Buffer[],
  last: ParsedDump<T> | undefined,
  parse: (reply: Buffer) => T,
): Promise<{ parsed: T[]; same: boolean }> {
  let same = last !== undefined && last.replies.length === replies.length;
  let j = 0;
  const parsed: T[] = [];
  for (let i = 0; i < replies.length; i++) {
    // A key pressed meanwhile is handled between chunks, not after the whole table.
    if (i > 0 && i % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
    const k = last ? sameReplyNear(last.replies, replies[i]!, j) : -1;
    j = (k < 0 ? j : k) + 1;
    if (k !== i) same = false;
    parsed.push(k < 0 ? parse(replies[i]!) : last!.parsed[k]!);
  }
  return { parsed, same };
}

/**
 * What a dump said, as a SHA-1 digest of its replies and their lengths. Not for security: the kernel writes
 * these bytes (its own counters and settings), and two different dumps with one 160-bit digest do not occur.
 * A digest, not the bytes: a real server dump is a few hundred bytes per server, and kept for 10,000
 * services they were 13 MiB more to hold (natively, 40,000 real servers), where a digest is 28 characters.
 * It costs a tenth of parsing the dump (5 against 38 microseconds for 10 real servers, natively).
 */
export function dumpDigest(replies: readonly Buffer[]): string {
  const h = createHash('sha1');
  const length = Buffer.alloc(4);
  for (const r of replies) {
    length.writeUInt32LE(r.length);
    h.update(length).update(r);
  }
  return h.digest('base64');
}
