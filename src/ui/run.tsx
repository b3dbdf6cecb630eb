/** Runs the monitor full-screen: the App, drawn by Ink into the screen a TerminalSession holds. */

import type { KernelActions } from '../actions/types.js';
import type { HostInfo, MonitorSources } from '../kernel/sources.js';
import type { SnapshotTaker } from '../state/monitorSnapshot.js';
import type { DoctorSource } from '../state/poller.js';
import { MonitorTimeline, timelineOptions } from '../state/timeline.js';
import type { MonitorConfig, MonitorState } from '../state/types.js';
import { App } from './App.js';
import { runFullScreen } from './screen/fullScreen.js';

export interface MonitorRun {
  sources: MonitorSources;
  /** The doctor's findings for the Doctor pane (see PollerOptions). */
  doctor?: DoctorSource;
  actions: KernelActions;
  host: HostInfo;
  intervalSec: number;
  readOnly: boolean;
  iface?: string;
  exact: boolean;
  noColor: boolean;
  /** False with --no-highlight: no change marks. */
  highlight?: boolean;
  /** --history, ms: how far back the view can go (0: nothing kept). */
  historyMs?: number;
  /** `ipvstop replay`: the recording's history, the state to start from and its config (nothing is read). */
  replay?: { timeline: MonitorTimeline; initial: MonitorState; config: MonitorConfig };
  /** `X`: writes the incident's archive with the history. */
  snapshot?: SnapshotTaker;
  stdout?: NodeJS.WriteStream;
  stdin?: NodeJS.ReadStream;
}

/** Runs the monitor until it quits; the terminal comes back as it was whatever happens (TerminalSession). */
export function runMonitor(o: MonitorRun): Promise<number> {
  const config = o.replay?.config ?? {
    intervalMs: Math.round(o.intervalSec * 1000),
    exact: o.exact,
    highlight: o.highlight,
    refusal: o.actions.refusal,
    iface: o.iface,
  };
  const timeline = o.replay?.timeline ?? (o.historyMs ? new MonitorTimeline(timelineOptions(o.historyMs)) : undefined);
  return runFullScreen(o, (session, keys) => (
    <App
      sources={o.sources}
      doctor={o.doctor}
      actions={o.actions}
      host={o.host}
      config={config}
      readOnly={o.readOnly}
      keyReads={keys}
      onSuspend={() => session.suspend()}
      timeline={timeline}
      initial={o.replay?.initial}
      snapshot={o.snapshot}
    />
  ));
}
