/**
 * `ipvstop list --json --watch`: the `list --json` document on one line (NDJSON), with who wrote
 * it, its place in the stream and the doctor's verdict over the same read.
 */
import type { SeverityCounts, Status } from '../doctor/diagnose.js';
import { type ListRead, listDocument, stringifyExact } from './jsonSnapshot.js';

/** The doctor's verdict in a watch document: its plugin status and findings by severity. */
export interface DoctorCounts extends SeverityCounts {
  /** OK, WARNING or CRITICAL (UNKNOWN is for a table that could not be read: then no document). */
  status: Status;
}

/** What a watch document adds to `list --json`. */
export interface WatchFields {
  /** This director's host name (os.hostname()). */
  host: string;
  /** 1 for the first document of the stream, then one more for each. */
  seq: number;
  /** null when the doctor could not run (said on stderr). */
  doctor: DoctorCounts | null;
}

/** One document and its newline: JSON text holds no raw newline, so a line is a document. */
export function formatWatchLine(read: ListRead, w: WatchFields): string {
  const { schema, takenAt, ...rest } = listDocument(read);
  const doc = { schema, host: w.host, seq: w.seq, takenAt, takenAtMs: read.snap.takenAt, ...rest, doctor: w.doctor };
  return `${stringifyExact(doc, 0)}\n`;
}
