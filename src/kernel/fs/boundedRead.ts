/**
 * A file from outside (a config, a host list, a recorded segment, a daemon's dump), read in bounded
 * memory: never more than the bound and one byte, whatever it is (a pipe or a device has no size to
 * check first, and a file's size can change between a stat and a read).
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { fileKind } from './fsReason.js';

export class FileTooLargeError extends Error {
  constructor(
    readonly maxBytes: number,
    /** The file's size, where it has one (a regular file). */
    readonly bytes?: number,
  ) {
    super(`larger than ${maxBytes} bytes`);
    this.name = 'FileTooLargeError';
  }
}

/** A file refused by `regularOnly`: a symlink, or something that is not a regular file (`kind`). */
export class NotRegularFileError extends Error {
  constructor(readonly kind: string) {
    super(kind);
    this.name = 'NotRegularFileError';
  }
}

export interface BoundedReadOptions {
  /**
   * Only a regular file, reached without a symlink at its last step: where anyone may put a file
   * (a /tmp) or it is ours by name only (a store). The open does not wait (O_NONBLOCK: a FIFO would
   * block it until a writer came). Off for files named on the command line, where `<(…)` is a pipe.
   * Such a file is read as large as it was when opened: one being appended to (a live store's last
   * segment) gives what was written by then. Not for /proc, whose files say they hold 0 bytes.
   */
  regularOnly?: boolean;
}

/** The file's bytes; FileTooLargeError past `maxBytes` (one byte more is read to know). */
export function readFileBounded(file: string, maxBytes: number, opts: BoundedReadOptions = {}): Buffer {
  const { fd, size } = opts.regularOnly ? openRegular(file) : { fd: openSync(file, 'r'), size: undefined };
  try {
    if (size !== undefined && size > maxBytes) throw new FileTooLargeError(maxBytes, size);
    const want = size ?? maxBytes + 1;
    const buf = Buffer.allocUnsafe(want);
    let got = 0;
    for (let n = -1; n !== 0 && got < want; got += n) n = readSync(fd, buf, got, want - got, null);
    if (got > maxBytes) throw new FileTooLargeError(maxBytes);
    return buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

/** Opens `file` if it is a regular file, without following a symlink or waiting on a FIFO. */
function openRegular(file: string): { fd: number; size: number } {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ELOOP') throw new NotRegularFileError('a symlink, not followed');
    throw e;
  }
  try {
    const st = fstatSync(fd);
    if (st.isFile()) return { fd, size: st.size };
    throw new NotRegularFileError(fileKind(st));
  } catch (e) {
    closeSync(fd); // the caller gets no descriptor to close: a failed fstat must not leak it
    throw e;
  }
}
