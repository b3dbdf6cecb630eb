/**
 * Reads /proc/net/ip_vs_conn: counted (the monitor, `list --json`) or row by
 * row (`list -c`). Reads are async, in large blocks, bounded in time and size
 * (boundedRead.ts): a monitor keeps drawing and taking keys between blocks.
 */
import { type ReadLimits, readFileBounded } from './boundedRead.js';
import { ConnCounter } from './connCounter.js';
import { isHeaderOrBlank, LineSplitter, parseConnLine } from './connParser.js';
import { ContainingLines } from './containingLines.js';
import type { ConnRow, ConnTableSummary, ReadCutShort } from './types.js';

export const IP_VS_CONN = '/proc/net/ip_vs_conn';

/**
 * Bytes handled between two turns of the event loop: the monitor takes keys and draws in
 * those turns, and a whole 1 MiB block parsed in one go kept it waiting 0.4-0.7 s (a
 * million-row table, natively, on a busy machine). Counting is about ten times cheaper
 * per byte than parsing rows.
 */
const COUNT_SLICE_BYTES = 256 << 10;
const PARSE_SLICE_BYTES = 16 << 10;

/** Hands `push` the block a slice at a time, yielding to the event loop between slices; false stops. */
function sliced(push: (b: Buffer) => boolean, bytes: number): (block: Buffer) => Promise<boolean> {
  return async (block) => {
    for (let at = 0; at < block.length; at += bytes) {
      if (at > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      if (!push(block.subarray(at, at + bytes))) return false;
    }
    return true;
  };
}

/** Counts the whole table by state, per group, templates apart. */
export async function readConnTable(path = IP_VS_CONN, limits?: ReadLimits): Promise<ConnTableSummary> {
  const takenAt = Date.now();
  const start = performance.now();
  const counter = new ConnCounter();
  const cut = await readFileBounded(
    path,
    sliced((b) => counter.push(b), COUNT_SLICE_BYTES),
    limits,
  );
  return counter.finish(takenAt, performance.now() - start, cut);
}

/** What a row-by-row read skipped: malformed lines, and whether it stopped early. */
export interface RowReadResult {
  malformed: number;
  truncated?: ReadCutShort;
}

/**
 * Calls `onRow` for every row, in the kernel's order (for `ipvstop list -c`, `ipvstop conns`).
 * With `containing`, only lines holding that text are parsed (and counted when malformed).
 */
export async function forEachConnRow(
  onRow: (row: ConnRow) => void,
  path = IP_VS_CONN,
  limits?: ReadLimits,
  containing?: string,
): Promise<RowReadResult> {
  let malformed = 0;
  const onLine = (b: Buffer, s: number, e: number): void => {
    const line = b.toString('latin1', s, e);
    const row = parseConnLine(line);
    if (row) onRow(row);
    else if (!isHeaderOrBlank(line)) malformed++;
  };
  const onLong = (): void => {
    malformed++;
  };
  const splitter = containing ? new ContainingLines(containing, onLine, onLong) : new LineSplitter(onLine, onLong);
  const truncated = await readFileBounded(
    path,
    sliced((b) => {
      splitter.push(b);
      return true;
    }, PARSE_SLICE_BYTES),
    limits,
  );
  splitter.finish(truncated !== undefined);
  return { malformed, truncated };
}

/** Rows one read kept: the first `max` that matched, and how many matched in all. */
export interface ConnRowsRead extends RowReadResult {
  rows: ConnRow[];
  matched: number;
}

/** The rows `keep` takes, in the kernel's order; at most `max` are held, the rest only counted. */
export async function collectConnRows(
  keep: (row: ConnRow) => boolean,
  max: number,
  path = IP_VS_CONN,
): Promise<ConnRowsRead> {
  const rows: ConnRow[] = [];
  let matched = 0;
  const read = await forEachConnRow((r) => {
    if (!keep(r)) return;
    matched++;
    if (rows.length < max) rows.push(r);
  }, path);
  return { ...read, rows, matched };
}
