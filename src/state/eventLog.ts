/**
 * The monitor's one event log: what changed in the HA daemon, the kernel table, the doctor's
 * findings, the connection table's SYN_RECV counts and IPVS itself, as dated one-line events.
 * The Events pane shows all of it, newest first; the HA pane its HA and table lines.
 */
import type { LoggedEvent, MonitorState } from './types.js';

export type { LoggedEvent };

/** The log keeps this many events, newest last. */
export const EVENTS_KEPT = 300;

/** The log with `events` in time order (a VRRP transition carries keepalived's time, which can be earlier). */
export function appendEvents(log: readonly LoggedEvent[] | undefined, events: LoggedEvent[]): readonly LoggedEvent[] {
  if (events.length === 0) return log ?? [];
  return [...(log ?? []), ...events].sort((x, y) => x.at - y.at).slice(-EVENTS_KEPT);
}

/**
 * The state with `events` logged. The Events pane scrolled back (its top not the newest) stays
 * on the event it showed at its top: new ones come in above it.
 */
export function withEvents(state: MonitorState, events: LoggedEvent[]): MonitorState {
  if (events.length === 0) return state;
  const before = state.events ?? [];
  const log = appendEvents(before, events);
  const { top } = state.eventsView;
  if (top === 0) return { ...state, events: log };
  const shown = before[before.length - 1 - top];
  const at = shown ? log.indexOf(shown) : -1;
  const next = at < 0 ? Math.min(top, log.length - 1) : log.length - 1 - at;
  return { ...state, events: log, eventsView: { ...state.eventsView, top: next } };
}

/** The HA pane's and syslog's lines: HA changes as they are, the table's after `kernel: `. */
export function haLogLines(
  log: readonly LoggedEvent[] | undefined,
): { at: number; text: string; event: LoggedEvent }[] {
  return (log ?? []).flatMap((e) =>
    e.from === 'ha'
      ? [{ at: e.at, text: e.text, event: e }]
      : e.from === 'table'
        ? [{ at: e.at, text: `kernel: ${e.text}`, event: e }]
        : [],
  );
}
