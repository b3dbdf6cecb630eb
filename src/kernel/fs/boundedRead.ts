/**
 * A file from outside (a config, a host list), read in bounded memory: never more than the bound
 * and one byte, whatever it is (a pipe or a device has no size to check first, and a file's size
 * can change between a stat and a read).
 */
import { closeSync, openSync, readSync } from 'node:fs';

export class FileTooLargeError extends Error {
  constructor(maxBytes: number) {
    super(`larger than ${maxBytes} bytes`);
    this.name = 'FileTooLargeError';
  }
}

/** The file's bytes; FileTooLargeError past `maxBytes` (one byte more is read to know). */
export function readFileBounded(file: string, maxBytes: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(maxBytes + 1);
    let got = 0;
    for (let n = -1; n !== 0 && got < buf.length; got += n) n = readSync(fd, buf, got, buf.length - got, null);
    if (got > maxBytes) throw new FileTooLargeError(maxBytes);
    return buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}
