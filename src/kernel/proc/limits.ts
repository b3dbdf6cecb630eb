/**
 * The limits of one read of /proc/net/ip_vs_conn, and how a read cut short by
 * one is described to the user. Pure: the monitor's panes use it too.
 */
import type { ReadCutShort } from './types.js';

/**
 * How long one read of the table may take: the lab's User-Mode Linux, some
 * ten times slower than a native kernel, reads 100,000 entries in 18 s. A
 * read still going after a minute is stuck (a hung filesystem, something
 * other than the kernel behind the file), and the caller is better served by
 * part of the table, marked so, than by waiting.
 */
export const READ_DEADLINE_MS = 60_000;

/**
 * The most bytes read: 1 GiB is 16 million IPv4 entries (66 bytes each),
 * sixteen times the largest table we test (1,000,000 entries). Counting
 * streams, so this bounds time more than memory: a file that goes on past it
 * (something other than the kernel's table) is cut there.
 */
export const MAX_READ_BYTES = 1 << 30;

/**
 * The most groups a count holds. A group is a (protocol, virtual address and
 * port, real server address and port) with entries: at most services x real
 * servers, more only for fwmark services over many ports. 65,536 is beyond
 * the tables we know of (the benchmark's 1,000 services x 10 servers make
 * 10,000), and bounds what a file of nothing but new groups costs: about
 * 1 KB a group with the summary's objects, ~64 MB (measured).
 */
export const MAX_GROUPS = 1 << 16;

const GiB = 1 << 30;

/** What cut a read short, in words, e.g. "took over 60 s"; the counts are then of part of the table. */
export function describeCut(cut: ReadCutShort): string {
  if (cut === 'time') return `took over ${READ_DEADLINE_MS / 1000} s`;
  if (cut === 'size') return `is over ${MAX_READ_BYTES / GiB} GiB`;
  return `holds over ${MAX_GROUPS.toLocaleString('en-US')} (service, real server) pairs`;
}
