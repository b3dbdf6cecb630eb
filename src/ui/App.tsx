/**
 * The monitor: state from one reducer, reads by the poller (a reader per source), acts through
 * one KernelActions, and draws the panes the layout has room for. Keys that
 * change the kernel open a dialog that shows the exact command first. Its hooks (state,
 * the poller, layout, what steers the poller) are in useMonitor.ts; each pane draws by its
 * entry in panes/views.tsx.
 */

import { Box, useApp, useInput } from 'ink';
import { useEffect, useMemo } from 'react';
import type { KernelActions } from '../actions/types.js';
import { haBadge } from '../domain/ha.js';
import type { HostInfo, MonitorSources } from '../kernel/sources.js';
import type { Clock } from '../state/loop.js';
import type { SnapshotTaker } from '../state/monitorSnapshot.js';
import { shownState } from '../state/pastOverlay.js';
import type { DoctorSource } from '../state/poller.js';
import type { MonitorTimeline } from '../state/timeline.js';
import type { MonitorConfig, MonitorState } from '../state/types.js';
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
import { headerTotals } from './derive.js';
import { DialogView } from './dialogs/DialogView.js';
import { Footer, StatusLine } from './Footer.js';
import { Header, haBadgeWidth } from './Header.js';
import { HelpScreen } from './HelpScreen.js';
import type { PaneBox } from './layout.js';
import { PANE_VIEWS, type PaneData } from './panes/views.js';
import type { KeyReads } from './screen/TerminalInput.js';
import {
  useDoctorView,
  useHighlightExpiry,
  useMonitorState,
  usePaneLayout,
  usePoller,
  useSteering,
} from './useMonitor.js';
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
  /** The monitor's history (`[ ] { }`); none with --history 0. */
  timeline?: MonitorTimeline;
  /** The state to start from (`ipvstop replay`: a moment of the recording, config.replay set). */
  initial?: MonitorState;
  /** `X`: writes the incident's archive with the history (the cli's; none in a replay). */
  snapshot?: SnapshotTaker;
}

export function App(props: AppProps) {
  const { sources, doctor, actions, host, config, readOnly, keyReads, onSuspend, clock, timeline, snapshot } = props;
  const { exit } = useApp();
  const { state: live, latest, dispatch } = useMonitorState(config, timeline, clock, props.initial);
  // What is drawn: a moment of the history while the view looks back, else the live state.
  const state = useMemo(() => shownState(live), [live]);
  const size = useTerminalSize();
  const poller = usePoller({ sources, doctor, intervalMs: config.intervalMs, clock, dispatch, latest }, state);
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
        timeline,
        snapshot,
      }),
    [actions, exit, dispatch, keyReads, onSuspend, sources, latest, poller, timeline, snapshot],
  );
  useEffect(() => keyReads.onPaste(commands.paste), [keyReads, commands]);
  const { layout, dialogHeight, ...drawn } = usePaneLayout(state, config, size, dispatch);
  useSteering(poller, live, layout);
  useHighlightExpiry(state, dispatch, clock);
  useInput((input, key) => routeKeys(input, key, () => latest.current, commands));
  const doctorView = useDoctorView(state);

  const filtered = state.svc.filter !== '';
  const totals = {
    ...headerTotals(state),
    // Gone services are drawn a few seconds more, never counted.
    servicesShown: filtered ? drawn.rows.filter((r) => r.kind === 'service' && r.mark !== 'gone').length : undefined,
  };
  const actionsAllowed = config.refusal === undefined;
  const { findings, arpCheck } = doctorView;
  const paneData: PaneData = { state, config, ...drawn, findings, arpCheck, actionsAllowed };
  const pane = (box: PaneBox) =>
    PANE_VIEWS[box.pane](
      { width: box.width, height: box.height, focused: state.focus === box.pane, tabs: layout.mode === 'single' },
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
        doctor={doctorView.severities}
        past={live.past && { at: live.past.at, agoMs: Math.max(0, (live.lastPollAt ?? live.past.at) - live.past.at) }}
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
