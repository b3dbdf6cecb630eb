/**
 * Every pane in one table: its names, go-to key, the keys it takes, its box and its place in
 * the split layout, and what it asks the poller to read. The tabs, the pane names, the key
 * map's go-to keys, the split layout and what is read are derived from it; how each pane draws
 * is PANE_VIEWS (views.tsx), kept apart only because every pane's title (PaneTitle) reads the
 * names here, and a table that imported the panes would make that an import cycle. A pane
 * missing from either table is a compile error (`satisfies Record<PaneId, …>`).
 */
import type { PaneRead } from '../../state/poll/plan.js';
import { PANES, type PaneId } from '../../state/types.js';
import { ACTION_COMMANDS, type ActionCommand, type Command, LIST_COMMANDS, MOVES } from '../keys/commandList.js';
import { recordOf } from '../record.js';

/**
 * Where a pane goes in the split layout (120x36 and up): the top row; the bottom row's left or
 * right column (fixed-height panes stack under the one that fills); or, while it has the focus,
 * the whole bottom row instead (long lines: findings with their fix, VRRP and checks, events).
 */
export type SplitPlace = 'top' | 'left' | 'right' | 'whileFocused';

export interface PaneSpec {
  /** In its title and the tab strip. */
  name: string;
  /** In a tab strip too narrow for the names, and the footer. */
  short: string;
  /** The go-to key (its command is `pane` + the id: goToCommand). */
  key: string;
  /** The keys it takes when it has the focus, besides the global ones. */
  commands: readonly Command[];
  /** The action keys that act here: the panes that show what they act on. */
  actions: readonly ActionCommand[];
  /** Lines its box takes when stacked under another pane, or 'fill': what is left. */
  boxRows: number | 'fill';
  split: SplitPlace;
  /**
   * Columns beside another pane in the split's bottom row: at least `min`; `unmeasured`
   * until the App has measured its widest line.
   */
  columns?: { min: number; unmeasured: number };
  reads: readonly PaneRead[];
}

export const PANE_SPECS = {
  services: {
    name: 'Services',
    short: 'Services',
    key: '1',
    commands: LIST_COMMANDS,
    // Services shows the selected service and real server every action is about.
    actions: ACTION_COMMANDS,
    boxRows: 'fill',
    split: 'top',
    reads: [],
  },
  connections: {
    name: 'Connections',
    short: 'Conns',
    key: '2',
    // Scrolls, sorts and filters its entries.
    commands: [...LIST_COMMANDS.filter((c) => c !== 'expand'), 'entriesScope', 'lookUpEntry'],
    actions: [],
    boxRows: 'fill',
    split: 'left',
    // The state names and three counts (all, the selected service, the selected server) at 8 digits;
    // unmeasured, the counts at 8 digits.
    columns: { min: 42, unmeasured: 60 },
    reads: ['talkers'],
  },
  timeouts: {
    name: 'Timeouts',
    short: 'Timeouts',
    key: '3',
    commands: [],
    actions: ['setTimeouts'],
    // Title, tcp, tcpfin, udp, IPVS version and hash size, sync daemons (two lines each).
    boxRows: 7,
    split: 'right',
    reads: [],
  },
  arp: {
    name: 'ARP',
    short: 'ARP',
    key: '4',
    commands: LIST_COMMANDS.filter((c) => c !== 'expand'),
    // The neighbours `f` flushes and the VIPs `g` announces.
    actions: ['flushArp', 'gratuitousArp'],
    boxRows: 'fill',
    split: 'right',
    // Interface and address of a row (Timeouts, under ARP, cuts nothing from 28 columns);
    // unmeasured, a row with an IPv6 link-local address.
    columns: { min: 36, unmeasured: 71 },
    reads: ['neighbours'],
  },
  doctor: {
    name: 'Doctor',
    short: 'Doctor',
    key: '5',
    // `a` sends ARP requests (confirmed, refused in --read-only like the actions), so only where its findings show.
    commands: [...MOVES, 'arpCheck'],
    actions: [],
    boxRows: 'fill',
    split: 'whileFocused',
    reads: ['doctor'],
  },
  ha: {
    name: 'HA',
    short: 'HA',
    key: '6',
    commands: [],
    actions: [],
    boxRows: 'fill',
    split: 'whileFocused',
    reads: ['ha'],
  },
  events: {
    name: 'Events',
    short: 'Events',
    key: '7',
    // Moves its cursor through the timeline; Enter takes the view to the moment of the event under it.
    commands: [...MOVES, 'eventMoment'],
    actions: [],
    boxRows: 'fill',
    // Its lines are long (ipvsadm's arguments, a finding's words): the whole bottom row.
    split: 'whileFocused',
    reads: [],
  },
} as const satisfies Record<PaneId, PaneSpec>;

const spec = (p: PaneId): PaneSpec => PANE_SPECS[p];

export const PANE_NAMES: Record<PaneId, string> = recordOf(PANES, (p) => spec(p).name);
export const SHORT_NAMES: Record<PaneId, string> = recordOf(PANES, (p) => spec(p).short);

/** What each pane takes when it has the focus. */
export const PANE_COMMANDS: Record<PaneId, readonly Command[]> = recordOf(PANES, (p) => spec(p).commands);

/** The panes, in order, placed at `place` in the split layout. */
export const placedAt = (place: SplitPlace): PaneId[] => PANES.filter((p) => spec(p).split === place);

export const splitOf = (p: PaneId): SplitPlace => spec(p).split;

export const boxRowsOf = (p: PaneId): number | 'fill' => spec(p).boxRows;

export const columnsOf = (p: PaneId): { min: number; unmeasured: number } =>
  spec(p).columns ?? { min: 1, unmeasured: 1 };

export const readsOf = (p: PaneId): readonly PaneRead[] => spec(p).reads;

/** The panes where `action` acts, in pane order. */
export const panesOfAction = (action: ActionCommand): PaneId[] =>
  PANES.filter((p) => (spec(p).actions as readonly ActionCommand[]).includes(action));
