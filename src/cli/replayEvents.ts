/**
 * `ipvstop replay --events [--since TIME] [--until TIME] [--json]`: what changed along the recorded
 * history (state/events.ts), oldest first: one line each, `HH:MM:SS  text` in local time, or with
 * --json one JSON object a line (NDJSON, docs/schemas/events.schema.json), so that nothing is
 * printed for a range without events and a reader can stream the lines. An event is in the range
 * when its time is; the last sample before --since is read too, so that a change first seen at the
 * range's first sample is listed.
 */
import { printable } from '../errors.js';
import { HistoryReader } from '../history/reader.js';
import { eventsAlong, type TableEvent } from '../state/events.js';
import { UsageError } from './errors.js';
import type { ReplayFlags } from './historyArgs.js';
import type { Io } from './program.js';
import { parseAt } from './timeArg.js';

const two = (n: number): string => String(n).padStart(2, '0');

/** `03:12:07`, local time. */
function clock(ms: number): string {
  const d = new Date(ms);
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

/** The store's words were checked when read (history/sampleCheck.ts); a control character is still escaped, never sent to the terminal. */
export const eventLine = (e: Pick<TableEvent, 'at' | 'text'>): string => `${clock(e.at)}  ${printable(e.text)}\n`;

/** One NDJSON line: the time as ISO 8601 (UTC) and in ms, then the event's fields. */
export function eventJson(e: TableEvent): string {
  const { at, ...rest } = e;
  return `${JSON.stringify({ at: new Date(at).toISOString(), atMs: at, ...rest })}\n`;
}

export async function replayEvents(f: ReplayFlags, io: Io, now = Date.now()): Promise<number> {
  if (f.at !== undefined) throw new UsageError('--at does not go with --events (--since and --until bound the events)');
  const since = f.since === undefined ? Number.NEGATIVE_INFINITY : parseAt(f.since, now, '--since');
  const until = f.until === undefined ? Number.POSITIVE_INFINITY : parseAt(f.until, now, '--until');
  if (since > until) throw new UsageError(`--since '${f.since}' is after --until '${f.until}'`);
  const store = HistoryReader.open(f.dir);
  const earlier = store.times().filter((t) => t < since);
  const from = earlier.at(-1) ?? since;
  const intervalMs = store.headers().reduce((most, h) => Math.max(most, h.intervalMs), 0);
  const events: TableEvent[] = [];
  for (const e of eventsAlong(store.between(from, until), { intervalMs })) {
    if (e.at >= since && e.at <= until) events.push(e);
  }
  // A VRRP transition carries keepalived's own time, which can be before the sample that saw it.
  events.sort((x, y) => x.at - y.at);
  if (events.length > 0) io.stdout.write(events.map(f.json ? eventJson : eventLine).join(''));
  return 0;
}
