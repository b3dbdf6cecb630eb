/**
 * The monitor: state from one reducer, reads from one poller, acts through
 * one KernelActions, and draws the panes the layout has room for. Keys that
 * change the kernel open a dialog that shows the exact command first.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Box, useApp, useInput } from 'ink';
import type { KernelActions } from '../actions/types.js';
import type { HostInfo, MonitorSources } from '../state/sources.js';
import { initialState, reducer, type MonitorConfig, type MonitorEvent } from '../state/model.js';
import { createPoller, type Poller } from '../state/poller.js';
import type { Clock } from '../state/loop.js';
import { arpRows, serviceRows } from '../state/view.js';
import { routeKeys } from './keys/router.js';
import { boxOf, computeLayout, type PaneBox } from './layout.js';
import { Header } from './Header.js';
import { Footer, StatusLine } from './Footer.js';
import { HelpScreen } from './HelpScreen.js';
import { DialogView, dialogLines } from './dialogs/DialogView.js';
import { ServicesPane, servicesChrome } from './panes/ServicesPane.js';
import { ConnectionsPane } from './panes/ConnectionsPane.js';
import { TimeoutsPane } from './panes/TimeoutsPane.js';
import { ArpPane } from './panes/ArpPane.js';
import { useTerminalSize } from './useTerminalSize.js';
import { createCommands, type Commands } from './commands.js';
import { connColumns, headerTotals, knownAddresses, wantedDests } from './derive.js';
import { keyLabel, KEYMAP } from './keys/bindings.js';
import type { KeyReads } from './screen/TerminalInput.js';

export interface AppProps {
  sources: MonitorSources;
  actions: KernelActions;
  host: HostInfo;
  config: MonitorConfig;
  /** True when --read-only was given (actions may also be refused for lack of rights). */
  readOnly: boolean;
  /** The terminal's reads: which one a key came in, and pastes. */
  keyReads: KeyReads;
  clock?: Clock;
}

export function App({ sources, actions, host, config, readOnly, keyReads, clock }: AppProps) {
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
    const p = createPoller({ sources, dispatch, intervalMs: config.intervalMs, clock });
    poller.current = p;
    p.start();
    return () => p.stop();
  }, [sources, config.intervalMs, clock, dispatch]);

  const commands: Commands = useMemo(
    () => createCommands({
      actions, dispatch, getState: () => latest.current, refresh: () => poller.current?.refresh(), exit: () => exit(), reads: keyReads,
    }),
    [actions, exit, dispatch, keyReads],
  );
  useEffect(() => keyReads.onPaste(commands.paste), [keyReads, commands]);

  useEffect(() => poller.current?.setPaused(state.paused), [state.paused]);

  const dialogHeight = state.dialog ? dialogLines(state.dialog) : 0;
  const layout = computeLayout(size.columns, size.rows, state.focus, dialogHeight);
  const single = layout.mode === 'single';
  const servicesBox = boxOf(layout, 'services') ?? { pane: 'services', width: layout.columns, height: layout.bodyHeight };
  const arpBox = boxOf(layout, 'arp') ?? { pane: 'arp', width: layout.columns, height: layout.bodyHeight };
  const servicesRows = Math.max(1, servicesBox.height - servicesChrome(servicesBox.height));
  const arpRowsShown = Math.max(1, arpBox.height - 2);
  useEffect(() => dispatch({ type: 'viewport', servicesRows, arpRows: arpRowsShown }), [servicesRows, arpRowsShown, dispatch]);

  const rows = serviceRows(state);
  const neighbours = arpRows(state);
  const wanted = wantedDests(rows, state.svc.offset, state.svc.height, state.svc.selected);
  const wantedKey = [...wanted].join('\n');
  useEffect(() => poller.current?.setWantedDests(wanted), [wantedKey]); // eslint-disable-line react-hooks/exhaustive-deps
  const arpShown = !single || state.focus === 'arp';
  useEffect(() => poller.current?.setArpVisible(arpShown), [arpShown]);

  useInput((input, key) => routeKeys(input, key, () => latest.current, commands));

  const totals = headerTotals(state);
  const actionsAllowed = config.refusal === undefined;
  const paneProps = (box: PaneBox) => ({ width: box.width, height: box.height, focused: state.focus === box.pane, tabs: single });

  const pane = (box: PaneBox) => {
    switch (box.pane) {
      case 'services':
        return (
          <ServicesPane
            key="services" {...paneProps(box)} rows={rows} selected={state.svc.selected} offset={state.svc.offset}
            ctx={{ exact: config.exact, rateMode: state.rateMode, history: state.history }}
            sort={state.svc.sort} reverse={state.svc.reverse} filter={state.svc.filter} periodMs={state.periodMs}
          />
        );
      case 'connections': {
        const { columns, unattributed } = connColumns(state);
        return (
          <ConnectionsPane
            key="connections" {...paneProps(box)} summary={state.conn} columns={columns}
            unattributed={unattributed} exact={config.exact}
          />
        );
      }
      case 'timeouts':
        return <TimeoutsPane key="timeouts" {...paneProps(box)} meta={state.meta} setKey={actionsAllowed ? keyLabel(KEYMAP.setTimeouts[0]!) : undefined} />;
      case 'arp': {
        const { vips, reals } = knownAddresses(state.services);
        return (
          <ArpPane
            key="arp" {...paneProps(box)} rows={neighbours} selected={state.arp.selected} offset={state.arp.offset}
            vips={vips} reals={reals} filter={state.arp.filter} sort={state.arp.sort} reverse={state.arp.reverse}
            loaded={state.neighbours !== undefined}
          />
        );
      }
    }
  };

  return (
    <Box flexDirection="column" width={layout.columns} height={layout.height} overflow="hidden">
      <Header
        host={host} meta={state.meta} totals={totals} intervalMs={config.intervalMs} paused={state.paused}
        readOnly={readOnly || !actionsAllowed} overdueMs={state.overdueMs} errorCount={Object.keys(state.errors).length}
        exact={config.exact} width={layout.columns}
      />
      {state.help ? (
        <HelpScreen width={layout.columns} height={layout.bodyHeight + dialogHeight} />
      ) : (
        <Box flexDirection="column" height={layout.bodyHeight} overflow="hidden">
          {layout.grid.map((line, i) => (
            <Box key={i} flexDirection="row" gap={1}>
              {line.map(pane)}
            </Box>
          ))}
        </Box>
      )}
      {state.dialog && !state.help ? <DialogView dialog={state.dialog} width={layout.columns} commands={commands} /> : null}
      <StatusLine
        width={layout.columns} status={state.status} errors={state.errors}
        filter={state.filterEdit ? (state.filterEdit.pane === 'arp' ? state.arp.filter : state.svc.filter) : undefined}
        refusal={config.refusal}
      />
      <Footer width={layout.columns} actionsAllowed={actionsAllowed} />
    </Box>
  );
}
