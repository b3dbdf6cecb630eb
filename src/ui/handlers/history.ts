/**
 * The keys that look back (`[ ] { }`, Enter on an event, Space): each finds where to go in the
 * monitor's history (state/past.ts) and sends the view there, or says why it stays; and `X`, which
 * hands the history to a snapshot.
 */
import { errorLine } from '../../errors.js';
import type { SnapshotTaken } from '../../state/monitorSnapshot.js';
import { eventMoment, momentOfEvent, pastView, type Step, stepMoment } from '../../state/past.js';
import type { CommandContext, CommandDeps } from './context.js';

function go(x: CommandContext, where: (s: ReturnType<CommandContext['d']['getState']>) => Step): void {
  const timeline = x.d.timeline;
  if (!timeline) return x.info('no history is kept (--history 0)');
  const state = x.d.getState();
  const step = where(state);
  if ('stay' in step) return x.info(step.stay);
  if ('live' in step) return state.config.replay ? x.info(NEWEST) : x.d.dispatch({ type: 'live' });
  try {
    x.d.dispatch({ type: 'past', view: pastView(timeline, step.index, state.config) });
  } catch (e) {
    x.error(`the history could not be read: ${errorLine(e)}`);
  }
}

const timelineOf = (x: CommandContext) => x.d.timeline!;

/** In a replay there is no live view to come back to. */
const NEWEST = 'the newest moment of the recording: [ ] { } move through it, q quits';

/** The monitors writing a snapshot now: a second X waits for the first. */
const writing = new WeakSet<CommandDeps>();

/** The status line after a snapshot: where it is, and the first part not taken, if any. */
function snapshotSaid(x: CommandContext, { path, notTaken }: SnapshotTaken): void {
  const [first, ...more] = notTaken;
  if (first === undefined) return x.info(`snapshot written: ${path}`);
  x.error(
    `snapshot written: ${path}; ${first}${more.length > 0 ? ` (and ${more.length} more: see its manifest.json)` : ''}`,
  );
}

export const HISTORY_HANDLERS = {
  stepBack: (x: CommandContext) => go(x, (s) => stepMoment(timelineOf(x), s.past?.at, -1)),
  stepForward: (x: CommandContext) => go(x, (s) => stepMoment(timelineOf(x), s.past?.at, 1)),
  eventBack: (x: CommandContext) => go(x, (s) => eventMoment(timelineOf(x), s.events ?? [], s.past?.at, -1)),
  eventForward: (x: CommandContext) => go(x, (s) => eventMoment(timelineOf(x), s.events ?? [], s.past?.at, 1)),
  /** Enter in the Events pane: the moment of the event under its cursor. */
  eventAtCursor: (x: CommandContext) =>
    go(x, (s) => {
      const events = s.events ?? [];
      const event = events[events.length - 1 - s.eventsView.cursor];
      return event ? momentOfEvent(timelineOf(x), event.at) : { stay: 'no event to go to' };
    }),
  /** Space: back to live from the past; otherwise pause or resume. */
  pauseOrLive: (x: CommandContext) => {
    const s = x.d.getState();
    if (s.config.replay) return x.info(NEWEST);
    x.d.dispatch(s.past ? { type: 'live' } : { type: 'togglePause' });
  },
  /** X: the incident's archive with this history and event log (the cli writes it; the monitor only asks). */
  snapshot: (x: CommandContext) => {
    const s = x.d.getState();
    if (s.config.replay)
      return x.error('X Snapshot: a replay shows a recording; `ipvstop snapshot` on the director takes one');
    const take = x.d.snapshot;
    if (!take) return x.error('X Snapshot: not available here');
    if (writing.has(x.d)) return x.info('a snapshot is being written');
    writing.add(x.d);
    x.info('writing a snapshot: the table in every form, connections, doctor, HA, kernel log, this history');
    take({ timeline: x.d.timeline, events: s.events ?? [] })
      .then(
        (taken) => snapshotSaid(x, taken),
        (e) => x.error(`X Snapshot: ${errorLine(e)}`),
      )
      .finally(() => writing.delete(x.d));
  },
};
