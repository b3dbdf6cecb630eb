/**
 * The monitor's whole state and the one pure reducer over a typed event union
 * (STYLE.md: bottom's single loop, Ink's exported reducer). Everything the
 * screen shows is derived from MonitorState; pollers and keys only send
 * events. No React and no I/O here.
 */
import type { Destination, IpvsInfo, Service, SyncDaemon, Timeouts } from '../kernel/ipvs/types.js';
import type { Neighbour } from '../kernel/neigh/types.js';
import type { ConnTableSummary } from '../kernel/proc/types.js';
import type { Action, ActionOutcome } from '../actions/types.js';
import type { ServiceTable } from './sources.js';
import type { HistoryStore } from './history.js';
import type { RateSet, RateTrack } from './rates.js';
import type { DestKey, ServiceKey } from './keys.js';
import { applyPoll } from './snapshot.js';
import { applyNav, isNavEvent, type NavEvent } from './navigation.js';
import { applyDialog, type DialogEvent } from './dialogs.js';
import { describeAction } from '../actions/describe.js';
import { clampViews } from './view.js';

/** The four panes, in Tab order and numbered 1..4. */
export const PANES = ['services', 'connections', 'timeouts', 'arp'] as const;
export type PaneId = (typeof PANES)[number];

/** Where displayed rates come from: counter deltas between our polls, or the kernel's estimator. */
export type RateMode = 'delta' | 'kernel';

/** What the poller reads; each can fail on its own. */
export type PollSource = 'services' | 'dests' | 'conn' | 'neighbours';

export const SERVICE_SORTS = ['address', 'cps', 'active', 'conns', 'inBps', 'outBps'] as const;
/** Services pane sort column (`s` cycles, `S` reverses). */
export type ServiceSort = (typeof SERVICE_SORTS)[number];
export const ARP_SORTS = ['iface', 'address', 'state'] as const;
/** ARP pane sort column. */
export type ArpSort = (typeof ARP_SORTS)[number];

/** A real server as last read, with its rates over the last period. */
export interface DestEntry {
  key: DestKey;
  dest: Destination;
  /** Undefined until the counters changed once (or stayed idle past a kernel tick). */
  delta?: RateSet;
  track: RateTrack;
}

/** A service as last read, keyed stably, with rates and (if read) its real servers. */
export interface ServiceEntry {
  key: ServiceKey;
  service: Service;
  /** Undefined until the counters changed once (or stayed idle past a kernel tick). */
  delta?: RateSet;
  track: RateTrack;
  /** Undefined until read: real servers are read only for services on screen or selected. */
  dests?: readonly DestEntry[];
  destsAt?: number;
}

/** The small global reads that come with every service dump. */
export interface TableMeta {
  info: IpvsInfo;
  timeouts: Timeouts;
  daemons: readonly SyncDaemon[];
  latencyMs: number;
}

/** The dialogs; each action shows its exact command before anything happens. */
export type Dialog =
  | { kind: 'confirm'; action: Action }
  /** `C`: confirmed only by typing the word and Enter. */
  | { kind: 'typeToConfirm'; action: Action; word: string; typed: string; error?: string }
  | { kind: 'timeouts'; fields: readonly [string, string, string]; field: 0 | 1 | 2; error?: string }
  | { kind: 'interface'; value: string; error?: string; choices: readonly string[] };

/** A one-line message for the status line. */
export interface Status {
  kind: 'info' | 'ok' | 'error';
  text: string;
}

/** Per-pane list view state. */
export interface ListView<S extends string> {
  /** Row id of the selection; survives polls and reorders. */
  selected?: string;
  /** Index of the selection, used when its row vanishes. */
  index: number;
  /** First visible row. */
  offset: number;
  /** Rows that fit on screen (set by the UI from its layout). */
  height: number;
  filter: string;
  sort: S;
  reverse: boolean;
}

/** Fixed for the run. */
export interface MonitorConfig {
  intervalMs: number;
  exact: boolean;
  /** Why actions are refused (--read-only, no rights); undefined when allowed. */
  refusal?: string;
  iface?: string;
}

/** Everything the monitor shows. */
export interface MonitorState {
  config: MonitorConfig;
  meta?: TableMeta;
  /** Kernel (dump) order. */
  services: readonly ServiceEntry[];
  /** The period the last service deltas cover, ms. */
  periodMs?: number;
  lastPollAt?: number;
  /** Set while a services read is overdue (kernel not answering), ms waited. */
  overdueMs?: number;
  history: HistoryStore;
  conn?: ConnTableSummary;
  neighbours?: readonly Neighbour[];
  /** Last error of each source, cleared by its next success. */
  errors: Partial<Record<PollSource, string>>;
  paused: boolean;
  rateMode: RateMode;
  focus: PaneId;
  help: boolean;
  svc: ListView<ServiceSort> & { expanded: ReadonlyMap<ServiceKey, boolean>; defaultExpanded?: boolean };
  arp: ListView<ArpSort>;
  /** The `/` filter being typed, for the focused list pane. */
  filterEdit?: { pane: 'services' | 'arp'; previous: string };
  dialog?: Dialog;
  /** The action running now (others are refused meanwhile). */
  busy?: Action;
  status?: Status;
}

/** One successful read of a service's real servers. */
export interface DestRead {
  key: ServiceKey;
  dests: Destination[];
  at: number;
  /** The read of these real servers before this one (-Infinity: none), dispatched or not. */
  prevAt: number;
}

/** Every event the monitor reacts to. */
export type MonitorEvent =
  /**
   * A services read (with real servers). prevAt: the services read before it (-Infinity: none);
   * skipped: reads since the last poll event that changed nothing and were not sent.
   */
  | {
      type: 'poll'; at: number; prevAt: number; skipped: number;
      table: ServiceTable; dests: DestRead[]; destsFailed?: boolean;
    }
  | { type: 'conn'; summary: ConnTableSummary }
  | { type: 'neighbours'; neighbours: Neighbour[] }
  | { type: 'pollError'; source: PollSource; message: string }
  /** IPVS is not in the kernel (its module was removed): its table and connections are gone. */
  | { type: 'ipvsAbsent'; message: string }
  | { type: 'overdue'; waitedMs: number }
  | { type: 'viewport'; servicesRows: number; arpRows: number }
  | { type: 'actionStarted'; action: Action }
  | { type: 'actionOutcome'; outcome: ActionOutcome }
  | { type: 'status'; status?: Status }
  | NavEvent
  | DialogEvent;

export function initialState(config: MonitorConfig, intervalSec = config.intervalMs / 1000): MonitorState {
  const list = { index: 0, offset: 0, height: 10, filter: '', reverse: false };
  return {
    config,
    services: [],
    history: new Map(),
    errors: {},
    paused: false,
    // The kernel estimator is an ~8 s average: fresher than our deltas only for long intervals.
    rateMode: intervalSec < 8 ? 'delta' : 'kernel',
    focus: 'services',
    help: false,
    svc: { ...list, sort: 'address', expanded: new Map() },
    arp: { ...list, sort: 'iface' },
  };
}

export function reducer(state: MonitorState, e: MonitorEvent): MonitorState {
  switch (e.type) {
    case 'poll':
      return clampViews(applyPoll(state, e));
    case 'conn':
      return { ...state, conn: e.summary, errors: without(state.errors, 'conn') };
    case 'neighbours':
      return clampViews({ ...state, neighbours: e.neighbours, errors: without(state.errors, 'neighbours') });
    case 'pollError':
      return state.errors[e.source] === e.message ? state : { ...state, errors: { ...state.errors, [e.source]: e.message } };
    case 'ipvsAbsent':
      return absent(state, e.message);
    case 'overdue':
      return { ...state, overdueMs: e.waitedMs };
    case 'viewport':
      return clampViews({ ...state, svc: { ...state.svc, height: e.servicesRows }, arp: { ...state.arp, height: e.arpRows } });
    case 'actionStarted':
      return { ...state, busy: e.action, dialog: undefined, status: { kind: 'info', text: `running: ${describeAction(e.action)}` } };
    case 'actionOutcome':
      return { ...state, busy: undefined, status: { kind: e.outcome.ok ? 'ok' : 'error', text: e.outcome.message } };
    case 'status':
      return { ...state, status: e.status };
    default:
      return isNavEvent(e) ? clampViews(applyNav(state, e)) : applyDialog(state, e);
  }
}

/** Nothing of IPVS is left to show; one error says why (not one per read that fails with it). */
function absent(state: MonitorState, message: string): MonitorState {
  const { services, conn, dests } = state.errors;
  const shown = services === message && !conn && !dests;
  if (shown && state.services.length === 0 && !state.conn && !state.meta) return state;
  const errors = { ...without(without(state.errors, 'dests'), 'conn'), services: message };
  const gone = { meta: undefined, services: [], conn: undefined, history: new Map(), periodMs: undefined };
  return clampViews({ ...state, ...gone, lastPollAt: undefined, errors });
}

/** A copy of an error record without one source. */
export function without(errors: MonitorState['errors'], source: PollSource): MonitorState['errors'] {
  if (!(source in errors)) return errors;
  const { [source]: _gone, ...rest } = errors;
  return rest;
}
