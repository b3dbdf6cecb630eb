/**
 * Reads /proc/net/ip_vs_conn in large blocks. Each read() of this file makes
 * the kernel walk its hash table from the start to find the offset, so small
 * reads turn a big table quadratic. Reads are async: a monitor keeps drawing
 * and taking keys between blocks.
 */
import { open } from 'node:fs/promises';
import { LineSplitter, parseConnLine } from './connParser.js';
import { ConnCounter } from './connCounter.js';
import type { ConnRow, ConnTableSummary } from './types.js';

export const IP_VS_CONN = '/proc/net/ip_vs_conn';
const BLOCK_BYTES = 1 << 20;

/** The file could not be read; the message says why and what to do. */
export class ProcReadError extends Error {
  override readonly name = 'ProcReadError';
  constructor(readonly code: string, readonly path: string, message: string) {
    super(message);
  }
}

function explain(e: unknown, path: string): Error {
  const code = (e as NodeJS.ErrnoException).code ?? 'EIO';
  if (code === 'ENOENT') return new ProcReadError(code, path, `cannot read ${path}: not found: is the ip_vs module loaded? (modprobe ip_vs)`);
  if (code === 'EACCES' || code === 'EPERM') return new ProcReadError(code, path, `cannot read ${path}: permission denied`);
  return new ProcReadError(code, path, `cannot read ${path}: ${(e as Error).message}`);
}

/** Streams the file's blocks to `onBlock`. */
async function readBlocks(path: string, onBlock: (b: Buffer) => void): Promise<void> {
  let fh;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    throw explain(e, path);
  }
  try {
    const buf = Buffer.allocUnsafe(BLOCK_BYTES);
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, BLOCK_BYTES, null);
      if (bytesRead === 0) break;
      onBlock(buf.subarray(0, bytesRead));
    }
  } catch (e) {
    throw explain(e, path);
  } finally {
    await fh.close();
  }
}

/** Counts the whole table by state, per group, templates apart. */
export async function readConnTable(path = IP_VS_CONN): Promise<ConnTableSummary> {
  const takenAt = Date.now();
  const start = performance.now();
  const counter = new ConnCounter();
  await readBlocks(path, (b) => counter.push(b));
  return counter.finish(takenAt, performance.now() - start);
}

/** Calls `onRow` for every row, in the kernel's order (for `ipvstop list -c`). */
export async function forEachConnRow(onRow: (row: ConnRow) => void, path = IP_VS_CONN): Promise<void> {
  const splitter = new LineSplitter();
  const line = (b: Buffer, s: number, e: number): void => {
    const row = parseConnLine(b.toString('latin1', s, e));
    if (row) onRow(row);
  };
  await readBlocks(path, (b) => splitter.push(b, line));
  splitter.finish(line);
}
