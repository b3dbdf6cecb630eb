/**
 * What the monitor adds to `ipvstop snapshot`'s archive when `X` is pressed: its history as one
 * segment of the recorder's store (history/format.ts), which `ipvstop replay --dir` opens as it
 * opens a recording, and its event log. The kept tables are already in the store's codec, each
 * group opening with a keyframe, so they are written as they are, never decoded: a key pressed on
 * a 10,000-service table must not hold the screen for seconds.
 */
import { encodeHeader, encodeRecord } from '../history/format.js';
import { segmentName } from '../history/segments.js';
import type { MonitorTimeline } from './timeline.js';
import type { LoggedEvent } from './types.js';

/** The monitor's history as a store segment: its file name, its bytes, and what it holds. */
export interface HistorySegment {
  name: string;
  bytes: Buffer;
  tables: number;
  /** Tables in which some service's real servers had not been read (off screen on a large table): none in the file. */
  withUnread: number;
}

/** The monitor's part of a snapshot: its history (none with --history 0 or before a first read) and its event log. */
export interface MonitorHistory {
  timeline: MonitorTimeline | undefined;
  events: readonly LoggedEvent[];
}

/** What became of a snapshot: the archive's path, and one line per reason some parts were not taken. */
export interface SnapshotTaken {
  path: string;
  /** `not taken: kernel-log.txt: …`. */
  notTaken: readonly string[];
}

/** Writes a snapshot with the monitor's history (the cli binds where and how; the UI only asks). */
export type SnapshotTaker = (history: MonitorHistory) => Promise<SnapshotTaken>;

/** The kept tables as one segment of `host`'s store, read every `intervalMs`; undefined when none is kept. */
export function historySegment(
  timeline: MonitorTimeline | undefined,
  host: string,
  intervalMs: number,
): HistorySegment | undefined {
  const tables = timeline?.keptTables() ?? [];
  const first = tables[0];
  if (first === undefined) return undefined;
  const header = encodeHeader({ host, intervalMs, createdAt: first.at });
  const records = tables.map((t) => encodeRecord(t.keyframe, t.at, t.body));
  return {
    name: segmentName(first.at),
    bytes: Buffer.concat([header, ...records]),
    tables: tables.length,
    withUnread: tables.filter((t) => t.unread.length > 0).length,
  };
}
