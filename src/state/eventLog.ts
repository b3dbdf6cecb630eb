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
 * on the event it showed at its top, and its cursor on its event: new ones come in above them.
 */
export function withEvents(state: MonitorState, events: LoggedEvent[]): MonitorState {
  if (events.length === 0) return state;
  const before = state.events ?? [];
  const log = appendEvents(before, events);
  const { top, cursor } = state.eventsView;
  if (top === 0 && cursor === 0) return { ...state, events: log };
  /** Where the event `from` places back from the newest went in the new log (counted likewise). */
  const moved = (from: number): number => {
    if (from === 0 && top === 0) return 0;
    const shown = before[before.length - 1 - from];
    const at = shown ? log.indexOf(shown) : -1;
    return at < 0 ? Math.min(from, log.length - 1) : log.length - 1 - at;
  };
  return { ...state, events: log, eventsView: { ...state.eventsView, top: moved(top), cursor: moved(cursor) } };
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
