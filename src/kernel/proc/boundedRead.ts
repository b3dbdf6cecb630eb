/**
 * Reads a /proc file in large blocks, bounded in time and size, and only if
 * it is a regular file: something else in its place (a FIFO, a device, a
 * bind mount over it) could block a read for ever or never end.
 */

import { constants } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { fileKind, fsReason } from '../fs/fsReason.js';
import { MAX_READ_BYTES, READ_DEADLINE_MS } from './limits.js';
import type { ReadCutShort } from './types.js';

/**
 * Each read() of a seq_file makes the kernel walk its table from the start
 * to find the offset, so small reads turn a big table quadratic.
 */
const BLOCK_BYTES = 1 << 20;

/** Limits of one read; tests shrink them. */
export interface ReadLimits {
  deadlineMs: number;
  maxBytes: number;
}

export const DEFAULT_LIMITS: ReadLimits = { deadlineMs: READ_DEADLINE_MS, maxBytes: MAX_READ_BYTES };

/** The file could not be read; the message says why and what to do. */
export class ProcReadError extends Error {
  override readonly name = 'ProcReadError';
  constructor(
    readonly code: string,
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

/** Where blocks come from: an open file, or a fake in tests. */
export interface BlockSource {
  /** Fills `buf` from its start; resolves to the byte count, 0 at the end. */
  read(buf: Buffer, length: number): Promise<number>;
}

function explain(e: unknown, path: string): ProcReadError {
  if (e instanceof ProcReadError) return e;
  const code = (e as NodeJS.ErrnoException).code ?? 'EIO';
  const why = code === 'ENOENT' ? 'not found: is the ip_vs module loaded? (modprobe ip_vs)' : fsReason(e);
  return new ProcReadError(code, path, `cannot read ${path}: ${why}`);
}

/**
 * Opens `path` for reading if it is a regular file (procfs files are). The
 * open itself does not wait: O_NONBLOCK, or opening a FIFO would block until
 * a writer came.
 */
async function openRegular(path: string): Promise<FileHandle> {
  const fh = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  const stat = await fh.stat().catch(async (e: unknown) => {
    await fh.close();
    throw e;
  });
  if (!stat.isFile()) {
    await fh.close();
    throw new ProcReadError('EFTYPE', path, `cannot read ${path}: ${fileKind(stat)}, not the kernel's file`);
  }
  return fh;
}

const TIMED_OUT = Symbol('timed out');

/** `p`, or TIMED_OUT after `ms`; the timer never outlives the race. */
async function within<T>(p: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<typeof TIMED_OUT>((resolve) => (timer = setTimeout(resolve, ms, TIMED_OUT)));
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Streams blocks of `source` to `onBlock` (false from it stops the read; a promise is
 * awaited before the buffer is reused, so it may take the block a slice at a time)
 * until the end, the deadline or the byte limit; says which cut it short.
 * A read that never returns is left behind at the deadline (`abandoned`).
 */
export async function readBounded(
  source: BlockSource,
  limits: ReadLimits,
  onBlock: (b: Buffer) => boolean | Promise<boolean>,
): Promise<{ cut?: ReadCutShort; abandoned: boolean }> {
  const start = performance.now();
  // Reused: after a read left behind (which may still write into it) nothing more is read.
  const buf = Buffer.allocUnsafe(Math.min(BLOCK_BYTES, limits.maxBytes + 1));
  let total = 0;
  for (;;) {
    const left = limits.deadlineMs - (performance.now() - start);
    if (left <= 0) return { cut: 'time', abandoned: false };
    const n = await within(source.read(buf, Math.min(buf.length, limits.maxBytes + 1 - total)), left);
    if (n === TIMED_OUT) return { cut: 'time', abandoned: true };
    if (n === 0) return { abandoned: false };
    total += n;
    // One byte past the limit tells a file of exactly maxBytes from a larger one.
    const over = total > limits.maxBytes;
    const more = await onBlock(buf.subarray(0, over ? n - 1 : n));
    if (over) return { cut: 'size', abandoned: false };
    if (!more) return { abandoned: false };
  }
}

/** Reads the regular file at `path` through readBounded(); errors are ProcReadErrors naming the file. */
export async function readFileBounded(
  path: string,
  onBlock: (b: Buffer) => boolean | Promise<boolean>,
  limits = DEFAULT_LIMITS,
): Promise<ReadCutShort | undefined> {
  let fh: FileHandle;
  try {
    fh = await openRegular(path);
  } catch (e) {
    throw explain(e, path);
  }
  let abandoned = false;
  try {
    const source = { read: async (buf: Buffer, length: number) => (await fh.read(buf, 0, length, null)).bytesRead };
    const r = await readBounded(source, limits, onBlock);
    abandoned = r.abandoned;
    return r.cut;
  } catch (e) {
    throw explain(e, path);
  } finally {
    // A handle closes only when its reads are done: never wait on one left behind.
    if (abandoned) fh.close().catch(() => undefined);
    else await fh.close();
  }
}
