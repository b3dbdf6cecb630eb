/**
 * The monitor: state from one reducer, reads from one poller, acts through
 * one KernelActions, and draws the panes the layout has room for. Keys that
 * change the kernel open a dialog that shows the exact command first.
 */

import { Box, useApp, useInput } from 'ink';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { KernelActions } from '../actions/types.js';
import { countBySeverity } from '../doctor/diagnose.js';
import { haBadge } from '../ipvs/ha.js';
import type { HostInfo, MonitorSources } from '../kernel/sources.js';
import { currentWindow, entryQuery, needsRead } from '../state/entries.js';
import { HaPoller } from '../state/haPoller.js';
import type { Clock } from '../state/loop.js';
import { initialState, type MonitorEvent, reducer } from '../state/model.js';
import { createPoller, type DoctorSource, type Poller } from '../state/poller.js';
import type { HaEvent, MonitorConfig, MonitorState } from '../state/types.js';
import { arpRows, selectedService, serviceRows } from '../state/view.js';
import { clip } from './format/text.js';
import { routeKeys } from './keys/router.js';
import { Line } from './Line.js';

/**
 * The smallest terminal the monitor draws in: the header (2 lines), a pane's title, headings
 * and a few rows, the status line and the footer, under a frame one line short of the terminal;
 * 40 columns hold a service's name and its connection counts.
 */
export const MIN_COLUMNS = 40;
export const MIN_ROWS = 10;

import { type Commands, createCommands } from './commands.js';
import {
  arpCheckFindings,
  connColumns,
  connTableAge,
  doctorFindings,
  drainFacts,
  entriesShown,
  headerTotals,
  knownAddresses,
  wantedDests,
} from './derive.js';
import { DialogView, dialogLines } from './dialogs/DialogView.js';
import { Footer, StatusLine } from './Footer.js';
import { Header, haBadgeWidth } from './Header.js';
import { HelpScreen } from './HelpScreen.js';
import { boxOf, computeLayout, layoutReads, type PaneBox } from './layout.js';
import { arpWidth } from './panes/ArpPane.js';
import { type ConnectionsCounts, connectionsLayout, connectionsWidth } from './panes/ConnectionsPane.js';
import { detailLines, servicesChrome } from './panes/ServicesPane.js';
import { PANE_VIEWS, type PaneData } from './panes/views.js';
import type { KeyReads } from './screen/TerminalInput.js';
import { useTerminalSize } from './useTerminalSize.js';

export interface AppProps {
  sources: MonitorSources;
  /** The doctor's findings for the Doctor pane. */
  doctor?: DoctorSource;
  actions: KernelActions;
  host: HostInfo;
  config: MonitorConfig;
  /** True when --read-only was given (actions may also be refused for lack of rights). */
  readOnly: boolean;
  /** The terminal's reads: which one a key came in, and pastes. */
  keyReads: KeyReads;
  /** Ctrl-Z: give the terminal back and stop until fg (the runner does it; absent in tests). */
  onSuspend?: () => void;
  clock?: Clock;
}

export function App({ sources, doctor, actions, host, config, readOnly, keyReads, onSuspend, clock }: AppProps) {
  const { exit } = useApp();
  const [state, setState] = useState(() => initialState(config));
  const size = useTerminalSize();
  // Handlers read the state as of the last event, not of the last render: typed-ahead keys
  // ("clear" and Enter in one read over a slow link) must see what the previous key did.
  // The reducer runs once per event, here; React only gets the result (one state object,
  // so derivations memoised on its parts are computed once, not once per copy).
  const latest = useRef(state);
  const dispatch = useCallback((e: MonitorEvent) => {
    const next = reducer(latest.current, e);
    if (next === latest.current) return;
    latest.current = next;
    setState(next);
  }, []);

  const poller = useRef<Poller | undefined>(undefined);
  useEffect(() => {
    const p = createPoller({ sources, doctor, dispatch, intervalMs: config.intervalMs, clock });
    poller.current = p;
    p.start();
    return () => p.stop();
  }, [sources, doctor, config.intervalMs, clock, dispatch]);

  const haPoller = useRef<HaPoller | undefined>(undefined);
  useEffect(() => {
    if (!sources.readHa) return;
    const addresses = sources.readAddresses;
    const p = new HaPoller({ read: (withSync) => sources.readHa!(withSync), addresses, dispatch, clock });
    haPoller.current = p;
    p.start();
    return () => p.stop();
  }, [sources, clock, dispatch]);
  useHaLog(state.haEvents, sources.logHaEvent);
  // The doctor takes this director's HA role, and whether its daemon still runs, from the state.
  useEffect(() => poller.current?.setHa(state.haReading), [state.haReading]);

  const commands: Commands = useMemo(
    () =>
      createCommands({
        actions,
        dispatch,
        getState: () => latest.current,
        refresh: () => poller.current?.refresh(),
        exit: () => exit(),
        reads: keyReads,
        suspend: onSuspend,
        readConnRows: (keep, max, clientPrefix) => sources.readConnRows(keep, max, clientPrefix),
      }),
    [actions, exit, dispatch, keyReads, onSuspend, sources],
  );
  useEffect(() => keyReads.onPaste(commands.paste), [keyReads, commands]);

  useEffect(() => {
    poller.current?.setPaused(state.paused);
    haPoller.current?.setPaused(state.paused);
  }, [state.paused]);

  // The width the layout gives every line (at least 20 columns).
  const dialogHeight = state.dialog ? dialogLines(state.dialog, Math.max(20, size.columns)) : 0;
  const { columns: connCols, unattributed } = connColumns(state);
  const connCounts = {
    summary: state.conn,
    ageMs: connTableAge(state),
    error: state.errors.conn,
    ipvsGone: state.meta === undefined && state.errors.services !== undefined,
    columns: connCols,
    unattributed,
    exact: config.exact,
    talkers: state.talkers?.service?.key === selectedService(state)?.key ? state.talkers : undefined,
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
  const single = layout.mode === 'single';
  const servicesBox = boxOf(layout, 'services') ?? {
    pane: 'services',
    width: layout.columns,
    height: layout.bodyHeight,
  };
  const arpBox = boxOf(layout, 'arp') ?? { pane: 'arp', width: layout.columns, height: layout.bodyHeight };
  const rows = serviceRows(state);
  const selectedRow = rows.find((r) => r.id === state.svc.selected);
  const drain = drainFacts(state);
  const detail = detailLines(servicesBox.height, servicesBox.width, selectedRow, state.rateMode, drain);
  const servicesRows = Math.max(1, servicesBox.height - servicesChrome(detail));
  const arpRowsShown = Math.max(1, arpBox.height - 2);
  const connBox = boxOf(layout, 'connections') ?? { width: layout.columns, height: layout.bodyHeight };
  const counts: ConnectionsCounts = { ...connCounts, width: connBox.width, height: connBox.height };
  const { entryRows } = connectionsLayout(counts, entries);
  useEffect(
    () => dispatch({ type: 'viewport', servicesRows, arpRows: arpRowsShown, entryRows }),
    [servicesRows, arpRowsShown, entryRows, dispatch],
  );

  const wanted = wantedDests(rows, state.svc.offset, state.svc.height, state.svc.selected);
  const wantedKey = [...wanted].join('\n');
  // Keyed by the set's contents, not its identity: a new Set with the same services is no change.
  // biome-ignore lint/correctness/useExhaustiveDependencies: wantedKey stands for wanted
  useEffect(() => poller.current?.setWantedDests(wanted), [wantedKey]);
  // What the panes on screen ask to read (each pane's `reads` in the registry).
  const reads = layoutReads(layout);
  const arpShown = reads.has('neighbours');
  useEffect(() => poller.current?.setArpVisible(arpShown), [arpShown]);
  const haShown = reads.has('ha');
  useEffect(() => haPoller.current?.setVisible(haShown), [haShown]);
  const connShown = reads.has('talkers');
  const talkersService = selectedService(state)?.key;
  useEffect(() => poller.current?.setTalkers(connShown, talkersService), [connShown, talkersService]);
  const query = entryQuery(state);
  const readEntries = needsRead(state.entries, currentWindow(state));
  // biome-ignore lint/correctness/useExhaustiveDependencies: the id, anchor and size stand for the query
  useEffect(
    () => poller.current?.setEntries(query, readEntries),
    [query.id, query.anchor, query.after, readEntries, connShown],
  );

  useInput((input, key) => routeKeys(input, key, () => latest.current, commands));

  const filtered = state.svc.filter !== '';
  const totals = {
    ...headerTotals(state),
    servicesShown: filtered ? rows.filter((r) => r.kind === 'service').length : undefined,
  };
  const { doctor: doctorState, arpCheck: lastArpCheck } = state;
  const findings = useMemo(
    () => doctorFindings({ doctor: doctorState, arpCheck: lastArpCheck }),
    [doctorState, lastArpCheck],
  );
  const doctorCounts = useMemo(() => findings && countBySeverity(findings), [findings]);
  const arpCheck = useMemo(
    () =>
      lastArpCheck && {
        asked: lastArpCheck.results.length,
        found: arpCheckFindings(lastArpCheck),
        at: lastArpCheck.at,
      },
    [lastArpCheck],
  );
  const actionsAllowed = config.refusal === undefined;
  const paneData: PaneData = {
    state,
    config,
    rows,
    drain,
    counts,
    entries,
    neighbours,
    vips,
    reals,
    findings,
    arpCheck,
    actionsAllowed,
  };
  const pane = (box: PaneBox) =>
    PANE_VIEWS[box.pane](
      { width: box.width, height: box.height, focused: state.focus === box.pane, tabs: single },
      paneData,
    );

  if (size.columns < MIN_COLUMNS || size.rows < MIN_ROWS) {
    // One line, cut to the width, instead of a garbled screen; keys (q, Ctrl-C) still work.
    return <Line text={clip(`terminal too small: needs ${MIN_COLUMNS}x${MIN_ROWS}`, Math.max(1, size.columns))} />;
  }
  return (
    <Box flexDirection="column" width={layout.columns} height={layout.height} overflow="hidden">
      <Header
        host={host}
        meta={state.meta}
        totals={totals}
        intervalMs={config.intervalMs}
        tableEveryMs={state.tableEveryMs}
        paused={state.paused}
        readOnly={readOnly || !actionsAllowed}
        overdueMs={state.overdueMs}
        errorCount={Object.keys(state.errors).length}
        exact={config.exact}
        width={layout.columns}
        haBadge={haBadge(state.ha, haBadgeWidth(layout.columns))}
        doctor={doctorCounts}
      />
      {state.help ? (
        <HelpScreen width={layout.columns} height={layout.bodyHeight + dialogHeight} />
      ) : (
        <Box flexDirection="column" height={layout.bodyHeight} overflow="hidden">
          {layout.grid.map((line, i) => (
            <Box key={i} flexDirection="row" gap={1}>
              {line.map((stack, j) => (
                <Box key={j} flexDirection="column">
                  {stack.map(pane)}
                </Box>
              ))}
            </Box>
          ))}
        </Box>
      )}
      {state.dialog && !state.help ? (
        <DialogView dialog={state.dialog} width={layout.columns} commands={commands} />
      ) : null}
      <StatusLine
        width={layout.columns}
        status={state.status}
        errors={state.errors}
        filter={editedFilter(state)}
        refusal={config.refusal}
      />
      <Footer width={layout.columns} actionsAllowed={actionsAllowed} focus={state.focus} />
    </Box>
  );
}

/** The `/` filter being typed, for the status line. */
function editedFilter(state: MonitorState): string | undefined {
  const pane = state.filterEdit?.pane;
  if (pane === undefined) return undefined;
  return pane === 'arp' ? state.arp.filter : pane === 'connections' ? state.entries.filter : state.svc.filter;
}

/** Sends each event of the HA log to `log` once (new ones may sort in before older ones). */
function useHaLog(events: readonly HaEvent[] | undefined, log: ((line: string) => void) | undefined): void {
  const sent = useRef(new WeakSet<HaEvent>());
  useEffect(() => {
    for (const e of events ?? []) {
      if (sent.current.has(e)) continue;
      sent.current.add(e);
      log?.(e.text);
    }
  }, [events, log]);
}
