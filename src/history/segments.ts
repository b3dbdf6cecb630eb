/** The segment files of a store directory: their names, in time order, and their sizes. */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

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
    out.push({ path, name, startedAt: Number(m[1]), bytes: statSync(path).size });
  }
  return out;
}
