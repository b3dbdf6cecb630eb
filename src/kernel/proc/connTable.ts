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

/** Counts the whole table by state, per group, templates apart. */
export async function readConnTable(path = IP_VS_CONN, limits?: ReadLimits): Promise<ConnTableSummary> {
  const takenAt = Date.now();
  const start = performance.now();
  const counter = new ConnCounter();
  const cut = await readFileBounded(path, (b) => counter.push(b), limits);
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
    (b) => {
      splitter.push(b);
      return true;
    },
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
