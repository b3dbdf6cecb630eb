/**
 * A moment of the monitor's history as the screen shows it: the kept tables up to it are folded
 * by the monitor's own reducer, as the polls were, so its rates, sparkline points and change
 * marks are the ones computed live (the same code), and its HA and doctor readings are the ones
 * of then. Where to go from a moment (`[ ] { }`) is decided here too.
 */
import { serviceKey } from './identity.js';
import { initialState, reducer } from './model.js';
import type { PollEvent } from './snapshot.js';
import type { KeptTable, MonitorTimeline } from './timeline.js';
import type { DestRead, LoggedEvent, MonitorConfig, MonitorState, PastView } from './types.js';

/** Tables folded before the moment's own: its rates need one, its sparkline shows a few. */
const TABLES_BEFORE = 8;

function pollOf(timeline: MonitorTimeline, t: KeptTable): PollEvent {
  const sample = timeline.sampleOf(t);
  const unread = new Set(t.unread);
  const dests: DestRead[] = [];
  sample.services.forEach((s, i) => {
    if (!unread.has(i)) dests.push({ key: serviceKey(s.service), dests: s.dests, at: t.at, prevAt: t.prevAt });
  });
  const { info, timeouts, daemons } = sample;
  const services = sample.services.map((s) => s.service);
  return {
    type: 'poll',
    at: t.at,
    prevAt: t.prevAt,
    skipped: t.skipped,
    table: { takenAt: t.at, latencyMs: 0, info, timeouts, daemons, services },
    dests,
  };
}

/** The view at the timeline's moment `index`. */
export function pastView(timeline: MonitorTimeline, index: number, config: MonitorConfig): PastView {
  const moment = timeline.momentAt(index)!;
  let state = initialState(config);
  for (const t of timeline.tablesUpTo(index, TABLES_BEFORE + 1)) state = reducer(state, pollOf(timeline, t));
  const { meta, services, periodMs, lastPollAt, history, highlight } = state;
  return {
    at: moment.at,
    oldestAt: timeline.momentAt(0)!.at,
    shown: {
      meta: meta && { ...meta, latencyMs: 0 },
      services,
      periodMs,
      lastPollAt,
      history,
      highlight,
      ha: moment.ha,
      haReading: moment.haReading,
      doctor: moment.doctor,
      conn: timeline.sampleOf(moment.table).conns,
    },
  };
}

/**
 * `ipvstop replay`: the monitor's state over a recording, at the moment `index`, with the
 * recording's events in the log. Nothing live is under it: `now` dates how long ago the moment was.
 */
export function replayState(
  config: MonitorConfig,
  timeline: MonitorTimeline,
  events: readonly LoggedEvent[],
  index: number,
  now: number,
): MonitorState {
  return { ...initialState(config), events, lastPollAt: now, past: pastView(timeline, index, config) };
}

/** Where a step goes: a moment's index, live again, or why it goes nowhere. */
export type Step = { index: number } | { live: true } | { stay: string };

/** `[` (-1) and `]` (+1): one moment back or on from the view's (live: the newest moment). */
export function stepMoment(timeline: MonitorTimeline, pastAt: number | undefined, by: -1 | 1): Step {
  const newest = timeline.length - 1;
  const from = pastAt === undefined ? newest : timeline.indexAt(pastAt);
  if (by > 0) {
    if (pastAt === undefined) return { stay: 'live already' };
    return from + 1 >= newest ? { live: true } : { index: from + 1 };
  }
  if (from <= 0) return { stay: timeline.length === 0 ? 'no history kept yet' : 'the oldest moment kept' };
  return { index: from - 1 };
}

/** The first moment at or after `at` (-1: `at` is older than the history, or newer than its last moment). */
function firstShowing(timeline: MonitorTimeline, at: number): number {
  const i = timeline.indexAt(at);
  if (i < 0) return -1;
  const first = timeline.momentAt(i)!.at === at ? i : i + 1;
  return first < timeline.length ? first : -1;
}

/** Enter on an event: the moment that first showed it. */
export function momentOfEvent(timeline: MonitorTimeline, at: number): Step {
  if (timeline.length === 0) return { stay: 'no history kept yet' };
  if (at < timeline.momentAt(0)!.at) return { stay: 'that event is older than the history kept' };
  const i = firstShowing(timeline, at);
  // After the last moment kept: what is live shows it.
  return i < 0 ? { live: true } : { index: i };
}

/**
 * `{` and `}`: the moment that first showed the event before (or after) the one the view is at;
 * past the newest event, live again.
 */
export function eventMoment(
  timeline: MonitorTimeline,
  events: readonly LoggedEvent[],
  pastAt: number | undefined,
  by: -1 | 1,
): Step {
  if (timeline.length === 0) return { stay: 'no history kept yet' };
  const now = pastAt ?? Infinity;
  if (by < 0) {
    for (let e = events.length - 1; e >= 0; e--) {
      if (events[e]!.at < timeline.momentAt(0)!.at) break;
      const i = firstShowing(timeline, events[e]!.at);
      if (i >= 0 && timeline.momentAt(i)!.at < now) return { index: i };
    }
    return { stay: 'no earlier event in the history kept' };
  }
  if (pastAt === undefined) return { stay: 'live already' };
  for (const e of events) {
    const i = firstShowing(timeline, e.at);
    if (i >= 0 && i < timeline.length - 1 && timeline.momentAt(i)!.at > now) return { index: i };
  }
  return { live: true };
}
