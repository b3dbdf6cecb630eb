/**
 * Reading a daemon's configuration (heartbeat's ha.cf and haresources, ldirectord.cf) as data:
 * bounded in size, only from a regular file (a FIFO or a device in its place would block a read
 * for ever), and split into lines of bounded length with names made printable.
 */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { printable } from '../../errors.js';

/** Far beyond any real configuration (a few KB); a larger file is read this far. */
export const MAX_CONFIG_BYTES = 1 << 20;
/** A longer line is cut here: no real directive is this long. */
export const MAX_LINE_CHARS = 4096;
/** A name (node, resource, address) longer than this is shown cut, with an ellipsis. */
export const MAX_NAME_CHARS = 128;

/** The file's text, at most MAX_CONFIG_BYTES of it; throws (with the path) when it cannot be read. */
export async function readConfigText(path: string, maxBytes = MAX_CONFIG_BYTES): Promise<string> {
  const file = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    if (!(await file.stat()).isFile()) throw new Error(`${path} is not a regular file`);
    const buf = Buffer.alloc(maxBytes);
    let size = 0;
    while (size < maxBytes) {
      const { bytesRead } = await file.read(buf, size, maxBytes - size, size);
      if (bytesRead === 0) break;
      size += bytesRead;
    }
    return buf.subarray(0, size).toString('utf8');
  } finally {
    await file.close();
  }
}

/** The text's lines, each cut at MAX_LINE_CHARS, without `#` comments and surrounding blanks. */
export function configLines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.slice(0, MAX_LINE_CHARS).replace(/#.*/, '').trim())
    .filter(Boolean);
}

/** A name from a configuration file, safe to print on one line: control characters escaped, length bounded. */
export function safeName(name: string): string {
  const shown = printable(name);
  return shown.length > MAX_NAME_CHARS ? `${shown.slice(0, MAX_NAME_CHARS - 1)}…` : shown;
}
