/**
 * The monitor's `X`: `ipvstop snapshot`'s archive, in the monitor's current directory, with two
 * parts more: the monitor's history as one segment of the recorder's store
 * (`monitor/history/segment-….ipvh`: untarred, `ipvstop replay --dir …/monitor/history` opens it as
 * a recording) and its event log (`monitor/events.txt`, in `replay --events`'s lines).
 */
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { historySegment, type MonitorHistory, type SnapshotTaker } from '../state/monitorSnapshot.js';
import { HISTORY_DIR_DEFAULT } from './historyArgs.js';
import { eventLine } from './replayEvents.js';
import { SNAPSHOT_ROOT_ONLY, writeSnapshot } from './snapshot.js';
import type { Part } from './snapshotParts.js';

function historyPart(history: MonitorHistory, intervalMs: number): Part {
  const segment = historySegment(history.timeline, hostname(), intervalMs);
  return {
    file: `monitor/history/${segment?.name ?? ''}`,
    read: async () => {
      if (segment === undefined) {
        return { absent: history.timeline ? 'no table read yet' : 'the monitor keeps no history (--history 0)' };
      }
      const partial =
        segment.withUnread > 0
          ? `${segment.withUnread} of ${segment.tables} tables lack the real servers of services the monitor had not read (off screen on a large table)`
          : undefined;
      return { text: segment.bytes, ...(partial && { partial }) };
    },
  };
}

/** The monitor's own parts of its snapshot. */
export function monitorParts(history: MonitorHistory, intervalMs: number): Part[] {
  return [
    historyPart(history, intervalMs),
    { file: 'monitor/events.txt', read: async () => ({ text: history.events.map(eventLine).join('') }) },
  ];
}

/** The monitor's snapshots, as the user running it (root only, as `ipvstop snapshot`). */
export function monitorSnapshots(intervalMs: number, uid = process.getuid?.()): SnapshotTaker {
  return async (history) => {
    if (uid !== 0) throw new Error(SNAPSHOT_ROOT_ONLY);
    const taken = await writeSnapshot(
      { anonymize: false, historyDir: HISTORY_DIR_DEFAULT },
      monitorParts(history, intervalMs),
    );
    // The monitor's current directory is not on screen: the whole path is.
    return { ...taken, path: resolve(taken.path) };
  };
}
