/** The words of our lines about files: why a file call failed, and what a file is when it is not a regular file. */
import type { Stats } from 'node:fs';

/** What a failed file call says, without its code and call ("no such file or directory"), for a line of ours. */
export function fsReason(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return /^[A-Z]+: ([^,]+)/.exec(m)?.[1] ?? m;
}

/** What a file that is not a regular file is ("a FIFO"), for a line that refuses it. */
export function fileKind(s: Stats): string {
  if (s.isFIFO()) return 'a FIFO';
  if (s.isCharacterDevice()) return 'a character device';
  if (s.isBlockDevice()) return 'a block device';
  if (s.isDirectory()) return 'a directory';
  if (s.isSocket()) return 'a socket';
  return 'not a regular file';
}
