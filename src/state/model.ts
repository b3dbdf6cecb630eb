/**
 * The monitor's one pure reducer over a typed event union: bottom's single
 * loop of events, and Ink's examples' exported reducer. Everything the
 * screen shows is derived from MonitorState (types.ts); pollers and keys
 * only send events. No React and no I/O here.
 */

import { describeAction } from '../actions/describe.js';
import type { Action, ActionOutcome } from '../actions/types.js';
import type { Finding } from '../doctor/types.js';
import type { HaReading } from '../kernel/keepalived/haReading.js';
import type { Neighbour } from '../kernel/neigh/types.js';
import type { ConnTableSummary } from '../kernel/proc/types.js';
import { applyDialog, type DialogEvent } from './dialogs.js';
import { INITIAL_ENTRIES } from './entries.js';
import { withEvents } from './eventLog.js';
import { applyHa, withTableEvents } from './haState.js';
import { expireHighlight, NO_HIGHLIGHT, withHighlight } from './highlight.js';
import { applyNav, isNavEvent, type NavEvent } from './navigation.js';
import { onShown } from './pastOverlay.js';
import { applyPoll, type PollEvent, without } from './snapshot.js';
import type { ConnTalkers, EntryWindow, MonitorConfig, MonitorState, PastView, PollSource, Status } from './types.js';
import { clampViews } from './view.js';
import { doctorEvents, ipvsBackEvent, ipvsGoneEvent, synRecvEvents } from './watchEvents.js';

/** Every event the monitor reacts to. */
export type MonitorEvent =
  | PollEvent
  | { type: 'conn'; summary: ConnTableSummary }
  | { type: 'talkers'; talkers: ConnTalkers }
  | { type: 'entries'; window: EntryWindow }
  | { type: 'neighbours'; neighbours: Neighbour[] }
  | { type: 'ha'; reading: HaReading }
  | { type: 'doctor'; findings: Finding[]; notReadYet: string[]; at: number }
  | { type: 'pollError'; source: PollSource; message: string }
  /** IPVS is not in the kernel (its module was removed): its table and connections are gone; `at` by the poller's clock. */
  | { type: 'ipvsAbsent'; message: string; at: number }
  | { type: 'overdue'; waitedMs: number }
  /** A change mark's few seconds are up (state/highlight.ts); `at` by the poller's clock. */
  | { type: 'highlightExpiry'; at: number }
  /** How often the whole table is read, when a large table is read less often than every interval. */
  | { type: 'cadence'; tableEveryMs?: number }
  | { type: 'viewport'; servicesRows: number; arpRows: number; entryRows?: number; eventRows?: number }
  | { type: 'actionStarted'; action: Action }
  | { type: 'actionOutcome'; outcome: ActionOutcome }
  | { type: 'status'; status?: Status }
  /** The view goes to a moment of the history (state/past.ts), or back to live. */
  | { type: 'past'; view: PastView }
  | { type: 'live' }
  | NavEvent
  | DialogEvent;

export function initialState(config: MonitorConfig, intervalSec = config.intervalMs / 1000): MonitorState {
  const list = { index: 0, offset: 0, height: 10, filter: '', reverse: false };
  return {
    config,
    services: [],
    history: new Map(),
    highlight: NO_HIGHLIGHT,
    errors: {},
    paused: false,
    zoom: false,
    // The kernel estimator is an ~8 s average: fresher than our deltas only for long intervals.
    rateMode: intervalSec < 8 ? 'delta' : 'kernel',
    focus: 'services',
    help: false,
    svc: { ...list, sort: 'address', expanded: new Map() },
    arp: { ...list, sort: 'iface' },
    entries: INITIAL_ENTRIES,
    doctorTop: 0,
    eventsView: { top: 0, cursor: 0, rows: 10 },
  };
}

export const LOOKING_BACK = 'looking back: [ ] a moment, { } an event, Space live again';

/** The lists kept within what is drawn (a moment of the history while the view looks back). */
const clamped = (s: MonitorState): MonitorState => onShown(s, clampViews);

export function reducer(state: MonitorState, e: MonitorEvent): MonitorState {
  switch (e.type) {
    case 'poll':
      return clamped(
        withHighlight(state, withIpvsBack(state, withTableEvents(state, applyPoll(state, e), e.at)), e.at),
      );
    case 'past': {
      // Coming from live, the status line says how to move and how to come back.
      const status = state.past ? state.status : { kind: 'info' as const, text: LOOKING_BACK, untilLive: true };
      return clamped({ ...state, past: e.view, dialog: undefined, status });
    }
    case 'live':
      if (!state.past) return state;
      return clampViews({
        ...state,
        past: undefined,
        status: state.status?.untilLive ? undefined : state.status,
      });
    case 'conn': {
      const { piling, events } = synRecvEvents(state, e.summary);
      const next = { ...state, conn: e.summary, synRecvPiling: piling, errors: without(state.errors, 'conn') };
      return withEvents(next, events);
    }
    case 'talkers':
      return { ...state, talkers: e.talkers };
    case 'entries':
      return { ...state, entryWindow: e.window };
    case 'neighbours':
      return clamped({ ...state, neighbours: e.neighbours, errors: without(state.errors, 'neighbours') });
    case 'ha':
      return applyHa(state, e.reading);
    case 'doctor': {
      const doctor = { findings: e.findings, notReadYet: e.notReadYet, at: e.at };
      return withEvents(
        { ...state, doctor, errors: without(state.errors, 'doctor') },
        doctorEvents(state.doctor, doctor),
      );
    }
    case 'pollError':
      return state.errors[e.source] === e.message
        ? state
        : { ...state, errors: { ...state.errors, [e.source]: e.message } };
    case 'ipvsAbsent':
      return absent(state, e.message, e.at);
    case 'highlightExpiry': {
      const highlight = expireHighlight(state.highlight, e.at);
      return highlight === state.highlight ? state : clamped({ ...state, highlight });
    }
    case 'overdue':
      return { ...state, overdueMs: e.waitedMs };
    case 'cadence':
      return { ...state, tableEveryMs: e.tableEveryMs };
    case 'viewport':
      return clamped({
        ...state,
        svc: { ...state.svc, height: e.servicesRows },
        arp: { ...state.arp, height: e.arpRows },
        entries: e.entryRows === undefined ? state.entries : { ...state.entries, height: e.entryRows },
        eventsView: e.eventRows === undefined ? state.eventsView : { ...state.eventsView, rows: e.eventRows },
      });
    case 'actionStarted':
      return {
        ...state,
        busy: e.action,
        dialog: undefined,
        status: { kind: 'info', text: `running: ${describeAction(e.action)}` },
      };
    case 'actionOutcome':
      return {
        ...state,
        busy: undefined,
        status: { kind: e.outcome.ok ? 'ok' : 'error', text: e.outcome.message },
        // Kept until the next check: the Doctor pane shows its findings, marked with when they were taken.
        ...(e.outcome.arpCheck && { arpCheck: e.outcome.arpCheck }),
      };
    case 'status':
      return { ...state, status: e.status };
    default:
      return isNavEvent(e) ? onShown(state, (shown) => clampViews(applyNav(shown, e))) : applyDialog(state, e);
  }
}

/** The first table after IPVS was gone: the log says it is back. */
function withIpvsBack(before: MonitorState, after: MonitorState): MonitorState {
  const goneAt = before.ipvsGoneAt;
  if (goneAt === undefined || after.lastPollAt === undefined) return after;
  const back = ipvsBackEvent(goneAt, after.lastPollAt, after.services.length);
  return withEvents({ ...after, ipvsGoneAt: undefined }, [back]);
}

/** Nothing of IPVS is left to show; one error says why (not one per read that fails with it), and the log when it went. */
function absent(state: MonitorState, message: string, at: number): MonitorState {
  const { services, conn, dests } = state.errors;
  const shown = services === message && !conn && !dests;
  if (shown && state.services.length === 0 && !state.conn && !state.meta) return state;
  const errors = { ...without(without(state.errors, 'dests'), 'conn'), services: message };
  const gone = {
    meta: undefined,
    services: [],
    conn: undefined,
    talkers: undefined,
    entryWindow: undefined,
    history: new Map(),
    highlight: NO_HIGHLIGHT,
    periodMs: undefined,
    synRecvPiling: undefined,
  };
  const cleared = clampViews({ ...state, ...gone, lastPollAt: undefined, errors });
  if (state.ipvsGoneAt !== undefined) return cleared;
  return withEvents({ ...cleared, ipvsGoneAt: at }, [ipvsGoneEvent(at, message)]);
}
