/**
 * Reads /proc/net/ip_vs_conn: counted (the monitor, `list --json`) or row by
 * row (`list -c`). Reads are async, in large blocks, bounded in time and size
 * (boundedRead.ts): a monitor keeps drawing and taking keys between blocks. Rows
 * that a read() repeats from the one before are dropped (seamRepeats.ts).
 */
import { type ReadLimits, readFileBounded } from './boundedRead.js';
import { ClientFieldLines } from './clientFieldLines.js';
import { ConnCounter } from './connCounter.js';
import { isHeaderOrBlank, LineSplitter, parseConnLine } from './connParser.js';
import { type FixedLayout, FixedRows } from './fixedRow.js';
import { connRowOfFixed } from './fixedRowDecode.js';
import { SeamRepeats } from './seamRepeats.js';
import type { ConnRow, ConnTableSummary, ReadCutShort } from './types.js';

export const IP_VS_CONN = '/proc/net/ip_vs_conn';

/**
 * Work between two turns of the event loop: the monitor takes keys and draws in those turns.
 * A read yields once it has worked TURN_MS since the last turn, or handled `bytes` since: a
 * whole 1 MiB block parsed in one go kept keys waiting 0.4-0.7 s (a million-row table,
 * natively, on a busy machine), and a fixed 256 KiB of counting, cheap once compiled, took
 * 40-100 ms while the code was still unoptimised at the start of a read.
 */
const TURN_MS = 8;
/** The unit of work between two looks at the clock. */
const STEP_BYTES = 16 << 10;
/** Counting, rows read from their bytes, rows skipped by their client: ten times cheaper a byte than parsing. */
const COUNT_SLICE_BYTES = 256 << 10;
const PARSE_SLICE_BYTES = 16 << 10;

/** Hands `push` the block a step at a time, yielding to the event loop as above; false stops. */
function sliced(push: (b: Buffer) => boolean, bytes: number): (block: Buffer) => Promise<boolean> {
  return async (block) => {
    // The read that brought the block was a turn.
    let turn = performance.now();
    let since = 0;
    for (let at = 0; at < block.length; at += STEP_BYTES) {
      if (since >= bytes || performance.now() - turn >= TURN_MS) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        turn = performance.now();
        since = 0;
      }
      if (!push(block.subarray(at, at + STEP_BYTES))) return false;
      since += STEP_BYTES;
    }
    return true;
  };
}

/** Hands `take` each block of one read without the rows that the block before ended with (seamRepeats.ts). */
function withoutRepeats(take: (block: Buffer) => Promise<boolean>): (block: Buffer) => Promise<boolean> {
  const seams = new SeamRepeats();
  return (block) => take(seams.trim(block));
}

/** Counts the whole table by state, per group, templates apart. */
export async function readConnTable(path = IP_VS_CONN, limits?: ReadLimits): Promise<ConnTableSummary> {
  const takenAt = Date.now();
  const start = performance.now();
  const counter = new ConnCounter();
  const cut = await readFileBounded(path, withoutRepeats(sliced((b) => counter.push(b), COUNT_SLICE_BYTES)), limits);
  return counter.finish(takenAt, performance.now() - start, cut);
}

/**
 * readConnTable(), with every row also handed to `onRow` from the same read of the file: the
 * counts and whatever is taken from the rows (the monitor's entry browser, its top talkers) are
 * of one table, not of two reads of a table that changed in between.
 */
export async function readConnTableRows(
  onRow: (row: ConnRow) => void,
  path = IP_VS_CONN,
  limits?: ReadLimits,
): Promise<ConnTableSummary> {
  const takenAt = Date.now();
  const start = performance.now();
  const counter = new ConnCounter();
  // Rows are still handed on once the count is full (it then says it is partial).
  const { truncated } = await readRows({ onRow, alsoTo: (b) => void counter.push(b) }, path, limits);
  return counter.finish(takenAt, performance.now() - start, truncated);
}

/** What a row-by-row read skipped: malformed lines, and whether it stopped early. */
export interface RowReadResult {
  malformed: number;
  truncated?: ReadCutShort;
}

/**
 * Calls `onRow` for every row, in the kernel's order (for `ipvstop list -c`, `ipvstop conns`).
 * With `clientPrefix`, only lines whose client field starts with that text are parsed (and
 * counted when malformed); lines longer than any row are counted whatever they hold.
 */
export function forEachConnRow(
  onRow: (row: ConnRow) => void,
  path = IP_VS_CONN,
  limits?: ReadLimits,
  clientPrefix?: string,
): Promise<RowReadResult> {
  return readRows({ onRow, clientPrefix }, path, limits);
}

/**
 * forEachConnRow() for every row, but rows in the kernel's fixed layout (all but those with
 * persistence engine columns) go to `onFixed` as bytes, with no ConnRow made: the line at
 * b[start..] and its layout (see FixedRows.layoutOf()). The kernel's order is kept across both.
 */
export function forEachConnRowBytes(
  onFixed: (b: Buffer, start: number, layout: FixedLayout) => void,
  onRow: (row: ConnRow) => void,
  path = IP_VS_CONN,
  limits?: ReadLimits,
): Promise<RowReadResult> {
  return readRows({ onRow, onFixed }, path, limits);
}

interface RowSinks {
  onRow: (row: ConnRow) => void;
  /** Every block read, as read (before the rows are split out of it). */
  alsoTo?: (b: Buffer) => void;
  onFixed?: (b: Buffer, start: number, layout: FixedLayout) => void;
  clientPrefix?: string;
}

async function readRows(to: RowSinks, path: string, limits?: ReadLimits): Promise<RowReadResult> {
  const { onRow, onFixed, clientPrefix } = to;
  // Rows in the kernel's layout (nearly all) are decoded at their offsets, not parsed.
  const fixed = new FixedRows();
  let malformed = 0;
  const onLine = (b: Buffer, s: number, e: number): void => {
    const layout = fixed.layoutOf(b, s, e);
    if (layout) return onFixed ? onFixed(b, s, layout) : onRow(connRowOfFixed(b, s, layout));
    const line = b.toString('latin1', s, e);
    const row = parseConnLine(line);
    if (row) onRow(row);
    else if (!isHeaderOrBlank(line)) malformed++;
  };
  const onLong = (): void => {
    malformed++;
  };
  const splitter = clientPrefix ? new ClientFieldLines(clientPrefix, onLine, onLong) : new LineSplitter(onLine, onLong);
  const truncated = await readFileBounded(
    path,
    withoutRepeats(
      sliced(
        (b) => {
          to.alsoTo?.(b);
          splitter.push(b);
          return true;
        },
        clientPrefix || onFixed ? COUNT_SLICE_BYTES : PARSE_SLICE_BYTES,
      ),
    ),
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

/**
 * The rows `keep` takes, in the kernel's order; at most `max` are held, the rest only counted.
 * `clientPrefix`: text the client field of every row `keep` takes starts with (see forEachConnRow).
 */
export async function collectConnRows(
  keep: (row: ConnRow) => boolean,
  max: number,
  path = IP_VS_CONN,
  clientPrefix?: string,
): Promise<ConnRowsRead> {
  const rows: ConnRow[] = [];
  let matched = 0;
  const read = await forEachConnRow(
    (r) => {
      if (!keep(r)) return;
      matched++;
      if (rows.length < max) rows.push(r);
    },
    path,
    undefined,
    clientPrefix,
  );
  return { ...read, rows, matched };
}
