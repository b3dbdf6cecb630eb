/**
 * How each pane draws, from what the App has derived from the state: one entry a pane
 * (`satisfies Record<PaneId, …>`: a pane without one is a compile error). The rest of a pane's
 * description is in registry.ts.
 */
import type { ReactElement } from 'react';
import type { Finding } from '../../doctor/types.js';
import type { Neighbour } from '../../kernel/neigh/types.js';
import type { MonitorConfig, MonitorState, PaneId } from '../../state/types.js';
import type { ServiceRow } from '../../state/view.js';
import { KEYMAP, keyLabel } from '../keys/bindings.js';
import { ArpPane } from './ArpPane.js';
import { type ConnectionsCounts, ConnectionsPane } from './ConnectionsPane.js';
import { DoctorPane } from './DoctorPane.js';
import { EventsPane } from './EventsPane.js';
import type { EntriesShown } from './entryLines.js';
import { HaPane } from './HaPane.js';
import { type DrainFacts, ServicesPane } from './ServicesPane.js';
import { TimeoutsPane } from './TimeoutsPane.js';

/** A pane's box on screen. */
export interface PaneFrame {
  width: number;
  height: number;
  focused: boolean;
  /** One pane at a time, under the tab strip. */
  tabs: boolean;
}

/** What the App derived from the state for the panes (each computed once a render). */
export interface PaneData {
  state: MonitorState;
  config: MonitorConfig;
  rows: readonly ServiceRow[];
  drain: DrainFacts | undefined;
  counts: ConnectionsCounts;
  entries: EntriesShown;
  neighbours: readonly Neighbour[];
  vips: ReadonlySet<string>;
  reals: ReadonlySet<string>;
  findings: readonly Finding[] | undefined;
  arpCheck: { asked: number; found: number; at: number } | undefined;
  actionsAllowed: boolean;
}

export type PaneView = (frame: PaneFrame, d: PaneData) => ReactElement;

export const PANE_VIEWS = {
  services: (f, { state, config, rows, drain }) => (
    <ServicesPane
      key="services"
      {...f}
      rows={rows}
      selected={state.svc.selected}
      offset={state.svc.offset}
      ctx={{ exact: config.exact, rateMode: state.rateMode, history: state.history }}
      sort={state.svc.sort}
      reverse={state.svc.reverse}
      filter={state.svc.filter}
      periodMs={state.periodMs}
      loaded={state.meta !== undefined}
      readError={state.errors.services}
      drain={drain}
    />
  ),
  connections: (f, { counts, entries }) => <ConnectionsPane key="connections" {...f} {...counts} entries={entries} />,
  timeouts: (f, { state, actionsAllowed }) => (
    <TimeoutsPane
      key="timeouts"
      {...f}
      meta={state.meta}
      changed={state.highlight.timeouts}
      setKey={actionsAllowed ? keyLabel(KEYMAP.setTimeouts[0]!) : undefined}
    />
  ),
  ha: (f, { state }) => <HaPane key="ha" {...f} status={state.ha} events={state.events} />,
  events: (f, { state }) => (
    <EventsPane key="events" {...f} events={state.events} top={state.eventsView.top} cursor={state.eventsView.cursor} />
  ),
  arp: (f, { state, neighbours, vips, reals }) => (
    <ArpPane
      key="arp"
      {...f}
      rows={neighbours}
      selected={state.arp.selected}
      offset={state.arp.offset}
      vips={vips}
      reals={reals}
      filter={state.arp.filter}
      sort={state.arp.sort}
      reverse={state.arp.reverse}
      loaded={state.neighbours !== undefined}
      notRecorded={state.config.replay}
    />
  ),
  doctor: (f, { state, findings, arpCheck }) => (
    <DoctorPane
      key="doctor"
      {...f}
      findings={findings}
      at={state.doctor?.at}
      notReadYet={state.doctor?.notReadYet}
      arpCheck={arpCheck}
      top={state.doctorTop}
      error={state.errors.doctor}
      zoomKey={keyLabel(KEYMAP.zoom[0]!)}
    />
  ),
} satisfies Record<PaneId, PaneView>;
