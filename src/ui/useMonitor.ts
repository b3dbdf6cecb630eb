/**
 * The App's hooks: its state and reducer, the poller and what steers it, the layout and what
 * the panes are drawn from. Views do no I/O: the poller's readers read, these only start, stop and steer them.
 */
import { type RefObject, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { countBySeverity } from '../doctor/diagnose.js';
import type { MonitorSources } from '../kernel/sources.js';
import { haLogLines } from '../state/eventLog.js';
import { nextExpiry } from '../state/highlight.js';
import { type Clock, systemClock } from '../state/loop.js';
import { initialState, type MonitorEvent, reducer } from '../state/model.js';
import { readPlan } from '../state/poll/plan.js';
import { createPoller, type DoctorSource, type Poller } from '../state/poller.js';
import type { MonitorTimeline } from '../state/timeline.js';
import type { LoggedEvent, MonitorConfig, MonitorState } from '../state/types.js';
import { arpRows, selectedService, serviceRows } from '../state/view.js';
import {
  arpCheckFindings,
  connColumns,
  connTableAge,
  doctorFindings,
  drainFacts,
  entriesShown,
  knownAddresses,
} from './derive.js';
import { dialogLines } from './dialogs/DialogView.js';
import { boxOf, computeLayout, type Layout, layoutReads } from './layout.js';
import { arpWidth } from './panes/ArpPane.js';
import { type ConnectionsCounts, connectionsLayout, connectionsWidth } from './panes/ConnectionsPane.js';
import { detailLines, servicesChrome } from './panes/ServicesPane.js';
import type { PaneData } from './panes/views.js';

/**
 * The state, and a dispatch that runs the reducer once per event. Handlers read the state as of
 * the last event, not of the last render (`latest`): typed-ahead keys ("clear" and Enter in one
 * read over a slow link) must see what the previous key did. React only gets the result (one
 * state object, so derivations memoised on its parts are computed once, not once per copy).
 */
export function useMonitorState(
  config: MonitorConfig,
  timeline?: MonitorTimeline,
  clock: Clock = systemClock,
  initial?: MonitorState,
) {
  const [state, setState] = useState(() => initial ?? initialState(config));
  const latest = useRef(state);
  const dispatch = useCallback(
    (e: MonitorEvent) => {
      const next = reducer(latest.current, e);
      if (next === latest.current) return;
      // The history keeps every table shown and the readings beside them (state/timeline.ts).
      timeline?.note(latest.current, next, clock.now(), e.type === 'poll' ? e : undefined);
      latest.current = next;
      setState(next);
    },
    [timeline, clock],
  );
  return { state, latest, dispatch };
}

export interface PollerDeps {
  sources: MonitorSources;
  doctor?: DoctorSource;
  intervalMs: number;
  clock?: Clock;
  dispatch: (e: MonitorEvent) => void;
  /** The state as of the last event: the doctor takes the HA daemon from it. */
  latest: RefObject<MonitorState>;
}

/** The readers, started with the App and stopped with it; the HA log sent where it goes. */
export function usePoller({ sources, doctor, intervalMs, clock, dispatch, latest }: PollerDeps, state: MonitorState) {
  const poller = useRef<Poller | undefined>(undefined);
  const replay = latest.current.config.replay;
  useEffect(() => {
    // A replay reads nothing: the recording is all it shows.
    if (replay) return;
    const p = createPoller({ sources, doctor, dispatch, intervalMs, clock, ha: true, state: () => latest.current });
    poller.current = p;
    p.start();
    return () => p.stop();
  }, [sources, doctor, intervalMs, clock, dispatch, latest, replay]);
  useHaLog(state.events, sources.logHaEvent);
  return poller;
}

/**
 * Sends each HA and kernel-table line of the event log to `log` once (new ones may sort in before
 * older ones), as the HA pane shows them; the other events stay on screen.
 */
function useHaLog(events: readonly LoggedEvent[] | undefined, log: ((line: string) => void) | undefined): void {
  const sent = useRef(new WeakSet<LoggedEvent>());
  useEffect(() => {
    for (const { event, text } of haLogLines(events)) {
      if (sent.current.has(event)) continue;
      sent.current.add(event);
      log?.(text);
    }
  }, [events, log]);
}

/**
 * The layout for the terminal's size and what the panes draw, measured so that the bottom
 * panes get the width their lines need; the rows each list shows go back to the state.
 */
export function usePaneLayout(
  state: MonitorState,
  config: MonitorConfig,
  size: { columns: number; rows: number },
  dispatch: (e: MonitorEvent) => void,
) {
  // The width the layout gives every line (at least 20 columns).
  const dialogHeight = state.dialog ? dialogLines(state.dialog, Math.max(20, size.columns)) : 0;
  const { columns: connCols, unattributed } = connColumns(state);
  const connCounts = {
    summary: state.conn,
    ageMs: connTableAge(state),
    error: state.errors.conn,
    ipvsGone: state.meta === undefined && state.errors.services !== undefined,
    notRecorded: state.past !== undefined && state.conn === undefined,
    columns: connCols,
    unattributed,
    exact: config.exact,
    // Top talkers are counted live, not kept: none beside a moment's counts.
    talkers: !state.past && state.talkers?.service?.key === selectedService(state)?.key ? state.talkers : undefined,
  };
  const entries = entriesShown(state);
  const neighbours = arpRows(state);
  const { vips, reals } = knownAddresses(state.services);
  const { filter: arpFilter, sort: arpSort, reverse: arpReverse } = state.arp;
  const arpNeed = useMemo(
    () => arpWidth({ rows: neighbours, vips, reals, filter: arpFilter, sort: arpSort, reverse: arpReverse }),
    [neighbours, vips, reals, arpFilter, arpSort, arpReverse],
  );
  const needs = { connections: connectionsWidth(connCounts, entries), arp: arpNeed };
  const layout = computeLayout(size.columns, size.rows, state.focus, dialogHeight, state.zoom, needs);
  const whole = { width: layout.columns, height: layout.bodyHeight };
  const servicesBox = boxOf(layout, 'services') ?? whole;
  const arpBox = boxOf(layout, 'arp') ?? whole;
  const rows = serviceRows(state);
  const selectedRow = rows.find((r) => r.id === state.svc.selected);
  const drain = drainFacts(state);
  const detail = detailLines(servicesBox.height, servicesBox.width, selectedRow, state.rateMode, drain);
  const servicesRows = Math.max(1, servicesBox.height - servicesChrome(detail));
  const arpRowsShown = Math.max(1, arpBox.height - 2);
  const connBox = boxOf(layout, 'connections') ?? whole;
  const counts: ConnectionsCounts = { ...connCounts, width: connBox.width, height: connBox.height };
  const { entryRows } = connectionsLayout(counts, entries);
  // The Events pane: its title, then an event a line.
  const eventRows = Math.max(1, (boxOf(layout, 'events') ?? whole).height - 1);
  useEffect(
    () => dispatch({ type: 'viewport', servicesRows, arpRows: arpRowsShown, entryRows, eventRows }),
    [servicesRows, arpRowsShown, entryRows, eventRows, dispatch],
  );
  return { layout, dialogHeight, rows, drain, counts, entries, neighbours, vips, reals };
}

/** Steers the readers: what the state and the panes on screen ask to read (readPlan), applied where it changed. */
export function useSteering(poller: RefObject<Poller | undefined>, state: MonitorState, layout: Layout): void {
  const plan = readPlan(state, layoutReads(layout));
  // Every render: the poller hands on only the parts that changed (and all of them to a new poller).
  useEffect(() => poller.current?.steer(plan));
}

/** The Doctor's findings (the last ARP check's among them), their counts for the header, and the check itself. */
export function useDoctorView(state: MonitorState): Pick<PaneData, 'findings' | 'arpCheck'> & {
  severities: ReturnType<typeof countBySeverity> | undefined;
} {
  const { doctor: doctorState, arpCheck: lastArpCheck } = state;
  const findings = useMemo(
    () => doctorFindings({ doctor: doctorState, arpCheck: lastArpCheck }),
    [doctorState, lastArpCheck],
  );
  const severities = useMemo(() => findings && countBySeverity(findings), [findings]);
  const arpCheck = useMemo(
    () =>
      lastArpCheck && {
        asked: lastArpCheck.results.length,
        found: arpCheckFindings(lastArpCheck),
        at: lastArpCheck.at,
      },
    [lastArpCheck],
  );
  return { findings, arpCheck, severities };
}

/**
 * Drops the change marks whose few seconds are up (state/highlight.ts), on the poller's clock: an
 * idle table dispatches no refresh that would. Not while paused: the screen then stays as it was.
 */
export function useHighlightExpiry(
  state: MonitorState,
  dispatch: (e: MonitorEvent) => void,
  clock: Clock = systemClock,
): void {
  const due = state.paused ? undefined : nextExpiry(state.highlight);
  useEffect(() => {
    if (due === undefined) return;
    const timer = clock.setTimeout(
      // At least `due`: a timer that fires a little early must still expire the mark it was set for.
      () => dispatch({ type: 'highlightExpiry', at: Math.max(clock.now(), due) }),
      Math.max(0, due - clock.now()),
    );
    return () => clock.clearTimeout(timer);
  }, [due, clock, dispatch]);
}
