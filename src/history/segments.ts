/** The segment files of a store directory: their names, in time order, and their sizes. */
import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { FileTooLargeError, NotRegularFileError, readFileBounded } from '../kernel/fs/boundedRead.js';
import { StoreCorruptError } from './errors.js';

/** The most a segment is written to before a new one starts (the writer may pass it by one record). */
export const SEGMENT_BYTES_MAX = 64 * 1024 * 1024;
/** The most read of one segment: twice the most written leaves room for the one record past it. */
const SEGMENT_READ_MAX = 2 * SEGMENT_BYTES_MAX;

export interface SegmentFile {
  path: string;
  name: string;
  /** ms since the epoch of the segment's first sample (from its name). */
  startedAt: number;
  bytes: number;
}

const NAME = /^segment-(\d{15})\.ipvh$/;

/** A segment's file name: its first sample's time, zero-padded so that names sort as times. */
export const segmentName = (startedAt: number): string =>
  `segment-${String(Math.max(0, Math.floor(startedAt))).padStart(15, '0')}.ipvh`;

/** The directory's segments, oldest first; other files are not ours and are left alone. */
export function listSegments(dir: string): SegmentFile[] {
  const out: SegmentFile[] = [];
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT')
      throw new Error(`${dir}: no such directory (nothing recorded there)`);
    throw e;
  }
  for (const name of names) {
    const m = NAME.exec(name);
    if (!m) continue;
    const path = join(dir, name);
    out.push({ path, name, startedAt: Number(m[1]), bytes: lstatSync(path).size });
  }
  return out;
}

/**
 * A segment's bytes, whole. A file named as a segment is still data from outside: a symlink is not
 * followed, a FIFO or device not waited on (it would block the read forever), and nothing larger
 * than a segment can be is read into memory; each is refused as a corrupt store, in one line.
 */
export function readSegment(f: SegmentFile): Buffer {
  try {
    return readFileBounded(f.path, SEGMENT_READ_MAX, { regularOnly: true });
  } catch (e) {
    if (e instanceof NotRegularFileError) throw new StoreCorruptError(`${f.name}: ${e.kind}`);
    if (e instanceof FileTooLargeError) {
      throw new StoreCorruptError(`${f.name}: ${e.bytes} bytes, more than a segment holds (${SEGMENT_READ_MAX})`);
    }
    throw e;
  }
}
