/**
 * The shape of the monitor's state: what MonitorState holds and the constants
 * its fields range over. A leaf: the reducer's modules (model, snapshot,
 * navigation, view, dialogs) all read it and it reads none of them.
 */

import type { Action, ArpCheck, ServiceServer } from '../actions/types.js';
import type { Finding, HaDaemonName } from '../doctor/types.js';
import type { EntrySort } from '../domain/entryOrder.js';
import type { EntryAnchor, EntryWindowRows } from '../domain/entryWindow.js';
import type { HaStatus } from '../domain/ha.js';
import type { AddressPrefix } from '../domain/prefix.js';
import type { TopTalkersReport } from '../domain/topTalkers.js';
import type { Destination, IpvsInfo, Service, SyncDaemon, Timeouts } from '../kernel/ipvs/types.js';
import type { HaReading } from '../kernel/keepalived/haReading.js';
import type { Neighbour } from '../kernel/neigh/types.js';
import type { ConnRow, ConnTableSummary } from '../kernel/proc/types.js';
import type { HistoryStore } from './history.js';
import type { DestKey, ServiceKey } from './identity.js';
import type { RateSet, RateTrack } from './rates.js';

/** The panes, in Tab order and numbered from 1. */
export const PANES = ['services', 'connections', 'timeouts', 'arp', 'doctor', 'ha', 'events'] as const;
export type PaneId = (typeof PANES)[number];

/** Where displayed rates come from: counter deltas between our polls, or the kernel's estimator. */
export type RateMode = 'delta' | 'kernel';

/** What the poller reads; each can fail on its own. */
export type PollSource = 'services' | 'dests' | 'conn' | 'neighbours' | 'ha' | 'doctor';

/**
 * Where an event of the monitor's log comes from: the HA daemon (VRRP, checkers, the daemon
 * itself), the kernel table (its changes between two polls), the doctor (a finding appearing or
 * clearing), the connection table (a SYN_RECV pile-up) or IPVS itself (gone from the kernel, back).
 */
export type EventOrigin = 'ha' | 'table' | 'doctor' | 'conn' | 'ipvs';

/** One line of the monitor's event log. */
export interface LoggedEvent {
  /** Epoch milliseconds. */
  at: number;
  from: EventOrigin;
  /** The line without its time, in the words of ipvstop's syslog lines where an action makes such a change. */
  text: string;
  /** Something went wrong here (IPVS gone, a pile-up began, a finding appeared): drawn to stand out. */
  warn?: true;
}

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
  /** The kernel's overload flag as derived (with its hysteresis) from this read and the last. */
  overloaded: boolean;
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
  /** Date.now() when the dump was taken (the figures of one frame are compared by it). */
  takenAt: number;
  info: IpvsInfo;
  timeouts: Timeouts;
  daemons: readonly SyncDaemon[];
  latencyMs: number;
}

/** The dialogs; each action shows its exact command before anything happens. */
export type Dialog =
  /** `note`: a warning shown above the commands (a health checker that may undo a weight change). */
  | { kind: 'confirm'; action: Action; note?: string }
  /** `C`: confirmed only by typing the word and Enter; `counts`: what it would delete, as last read. */
  | { kind: 'typeToConfirm'; action: Action; word: string; typed: string; error?: string; counts?: TableCounts }
  | { kind: 'timeouts'; fields: readonly [string, string, string]; field: 0 | 1 | 2; error?: string }
  | { kind: 'interface'; value: string; error?: string; choices: readonly string[] }
  /** `w`, and `u` when the weight before the drain is not known: the new weight of one real server. */
  | { kind: 'weight'; target: ServiceServer; value: string; undrain: boolean; error?: string }
  /** `c`: an address or prefix, then what the connection table holds for it. */
  | { kind: 'client'; value: string; error?: string; reading: boolean; result?: ClientLookup };

/** A persistent service's template for the client: the real server it pins it to. */
export interface Pin {
  service: Service;
  template: ConnRow;
}

/** What a lookup found. */
export interface ClientLookup {
  prefix: AddressPrefix;
  /** Connections of the client (templates apart), the first LOOKUP_MAX_ROWS entries. */
  entries: ConnRow[];
  /** Entries that matched, templates included, held or not. */
  matched: number;
  pins: Pin[];
  /** Persistent services with no template for the client: a new connection is scheduled afresh. */
  unpinned: Service[];
  /** False when entries were left out (over LOOKUP_MAX_ROWS): `unpinned` may then be too long. */
  complete: boolean;
  malformed: number;
  truncated?: string;
}

/** How much a table holds: services, and their real servers as far as they were read. */
export interface TableCounts {
  services: number;
  dests: number;
  /** False when some services' real servers were not read (large tables). */
  destsComplete: boolean;
}

/** A one-line message for the status line. */
export interface Status {
  kind: 'info' | 'ok' | 'error';
  text: string;
  /** It speaks only of the moment looked back at (how to move, a refusal there): going live clears it. */
  untilLive?: boolean;
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

/** The Connections pane's entry browser: which entries, in what order, from where (domain/entryWindow.ts). */
export interface EntriesView {
  sort: EntrySort;
  reverse: boolean;
  /** The `/` filter as typed (domain/entryFilter.ts). */
  filter: string;
  /** The whole table's entries instead of the selected service's or real server's. */
  all: boolean;
  /** The entry at the top of the screen (or where it was), or either end. */
  anchor: EntryAnchor;
  /** The cursor's row on screen, counted from the top (Enter looks its client up). */
  cursor: number;
  /** Rows that fit on screen (from the layout). */
  height: number;
}

/** The entries one read selected for the browser. */
export interface EntryWindow extends EntryWindowRows {
  /** The scope, filter and order it was read for (entryQuery().id); the anchor may have moved since. */
  id: string;
}

/** What of a row changed: its settings and its state, never its counters (state/tableDiff.ts). */
export type ChangedField = 'scheduler' | 'flags' | 'forward' | 'weight' | 'thresholds' | 'state';

/** A row that went, as last read. */
export interface Gone<T> {
  entry: T;
  /** When the refresh that no longer found it was read. */
  at: number;
  until: number;
}

/** The change marks the Services pane draws for a while (state/highlight.ts). */
export interface Highlight {
  /** Rows (service or real-server keys) whose settings or state changed, until when. */
  changed: ReadonlyMap<string, { fields: ReadonlySet<ChangedField>; until: number }>;
  /** Rows that appeared, until when they are marked new. */
  added: ReadonlyMap<string, number>;
  goneServices: ReadonlyMap<ServiceKey, Gone<ServiceEntry>>;
  /** Real servers that went from services still there. */
  goneDests: ReadonlyMap<DestKey, Gone<DestEntry> & { service: ServiceKey }>;
  /** Connection timeouts (the Timeouts pane) that changed, until when. */
  timeouts: ReadonlyMap<keyof Timeouts, number>;
}

/** Fixed for the run. */
export interface MonitorConfig {
  intervalMs: number;
  exact: boolean;
  /** False with --no-highlight: no change marks. */
  highlight?: boolean;
  /** Why actions are refused (--read-only, no rights); undefined when allowed. */
  refusal?: string;
  /** `ipvstop replay`: a recording, nothing live (no reads; the connection and neighbour tables are not recorded). */
  replay?: true;
  iface?: string;
}

/** The parts of the state a moment of the history replaces while the view looks back. */
export type PastShown = Pick<
  MonitorState,
  'meta' | 'services' | 'periodMs' | 'lastPollAt' | 'history' | 'highlight' | 'ha' | 'haReading' | 'doctor' | 'conn'
>;

/** The view in the past (`[`, `{`): a kept moment of the monitor's history (state/past.ts). */
export interface PastView {
  /** The moment's time (epoch ms, the poller's clock). */
  at: number;
  /** The oldest moment the history holds now. */
  oldestAt: number;
  shown: PastShown;
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
  /** Set while a large table is read less often than every interval: how often, ms. */
  tableEveryMs?: number;
  history: HistoryStore;
  /** Change marks: values that changed, rows new and gone (shown, never counted). */
  highlight: Highlight;
  conn?: ConnTableSummary;
  /** Top talkers, counted on the Connections pane's cadence while it shows. */
  talkers?: ConnTalkers;
  neighbours?: readonly Neighbour[];
  /** The HA daemon as last read, set beside the kernel table (again after each poll); undefined until read. */
  ha?: HaStatus;
  haReading?: HaReading;
  /** The HA daemon seen running at some time since the monitor started (the doctor: its stop is a finding). */
  haSeen?: HaDaemonName;
  /** The event log (Events pane; the HA pane shows its HA and table lines), oldest first. */
  events?: readonly LoggedEvent[];
  /**
   * The Events pane: its first event on screen and its cursor (counted from the newest, 0), and
   * the rows it shows. Enter takes the view to the moment of the event under the cursor.
   */
  eventsView: { top: number; cursor: number; rows: number };
  /** When IPVS was found gone from the kernel (its module removed), until a table is read again. */
  ipvsGoneAt?: number;
  /** Services whose SYN_RECV entries pile up in the last connection-table read (the doctor's threshold). */
  synRecvPiling?: ReadonlySet<ServiceKey>;
  /** The last ARP check of the Doctor pane (`a`), kept until the next one. */
  arpCheck?: ArpCheck;
  /** The doctor's last findings (critical first), what it could not look at yet, and when it looked. */
  doctor?: { findings: readonly Finding[]; notReadYet: readonly string[]; at: number };
  /** The Doctor pane's first finding on screen (its movement keys scroll it). */
  doctorTop: number;
  /** Last error of each source, cleared by its next success. */
  errors: Partial<Record<PollSource, string>>;
  paused: boolean;
  rateMode: RateMode;
  focus: PaneId;
  /** The focused pane alone on a big terminal. */
  zoom: boolean;
  help: boolean;
  svc: ListView<ServiceSort> & { expanded: ReadonlyMap<ServiceKey, boolean>; defaultExpanded?: boolean };
  arp: ListView<ArpSort>;
  entries: EntriesView;
  /** The browser's last read: undefined until the Connections pane showed. */
  entryWindow?: EntryWindow;
  /** The `/` filter being typed, for the focused pane. */
  filterEdit?: { pane: 'services' | 'arp' | 'connections'; previous: string };
  dialog?: Dialog;
  /** Set while the view looks at a moment of the history: the panes show it, no action acts. */
  past?: PastView;
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

/** Top talkers of the whole table and of the selected service. */
export interface ConnTalkers {
  all: TopTalkersReport;
  service?: { key: ServiceKey; report: TopTalkersReport };
}
