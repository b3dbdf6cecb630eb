/**
 * Where everything goes, from the terminal size alone. The whole frame is at
 * most rows - 1 lines: a frame as tall as the terminal makes Ink 6.8 clear
 * the screen on every update (ink#450, fixed in Ink 7). Small terminals show one pane at a
 * time under a tab strip; big ones show four (the Doctor in the bottom row while focused).
 */
import type { PaneId } from '../state/types.js';

/** A pane's box: its lines and columns, title line included. */
export interface PaneBox {
  pane: PaneId;
  width: number;
  height: number;
}

export interface Layout {
  columns: number;
  /** Frame height: rows - 1. */
  height: number;
  /** Lines between the header and the status line. */
  bodyHeight: number;
  /** 'single': the focused pane only, titled with the tab strip. */
  mode: 'single' | 'split';
  /** Rows of the screen; each row has columns side by side (one space apart); each column, panes stacked. */
  grid: PaneBox[][][];
}

export const HEADER_LINES = 2;
/** Status line and footer. */
export const BOTTOM_LINES = 2;
/** Lines of a pane that are not list rows: title and column headings. */
export const PANE_CHROME = 2;

const SPLIT_MIN_COLUMNS = 120;
const SPLIT_MIN_ROWS = 36;
/** Title, tcp, tcpfin, udp, IPVS version and hash size, sync daemons (two lines each). */
const TIMEOUTS_HEIGHT = 7;
/** The state names and three counts (all, the selected service, the selected server) at 8 digits. */
const CONNECTIONS_MIN_WIDTH = 42;
/** Interface and address of an ARP row; Timeouts, under ARP, cuts nothing from 28 columns. */
const ARP_MIN_WIDTH = 36;

/** Columns the bottom row's panes would fill: each one's widest line. */
export interface PaneNeeds {
  connections: number;
  arp: number;
}

/** Unmeasured: the connection counts at 8 digits, and an ARP row with an IPv6 link-local address. */
export const DEFAULT_NEEDS: PaneNeeds = { connections: 60, arp: 71 };

/**
 * Connections' and ARP's widths, together `room`: each what it needs, the spare to Connections
 * (its entry rows are the longest). Short of room, the focused one of the two first; with
 * neither focused ARP first (its rows would be cut, where Connections wraps), Connections
 * keeping half. Neither goes below its minimum.
 */
export function bottomWidths(room: number, needs: PaneNeeds, focus: PaneId): [number, number] {
  const conn = Math.max(CONNECTIONS_MIN_WIDTH, needs.connections);
  const arp = Math.max(ARP_MIN_WIDTH, needs.arp);
  let left: number;
  if (conn + arp <= room || focus === 'arp') left = room - arp;
  else if (focus === 'connections') left = conn;
  else left = Math.max(room - arp, Math.floor(room / 2));
  left = Math.max(CONNECTIONS_MIN_WIDTH, Math.min(room - ARP_MIN_WIDTH, left));
  return [left, room - left];
}

/**
 * Small terminals, or `zoom`: the focused pane alone. From 120x36: Services on top; under it
 * Connections on the left and ARP on the right with Timeouts under it, as wide as `needs`
 * says their lines are (bottomWidths); the Doctor or HA, while focused, in their place.
 */
export function computeLayout(
  columns: number,
  rows: number,
  focus: PaneId,
  reserved = 0,
  zoom = false,
  needs: PaneNeeds = DEFAULT_NEEDS,
): Layout {
  const cols = Math.max(20, columns);
  const height = Math.max(6, rows - 1);
  const bodyHeight = Math.max(1, height - HEADER_LINES - BOTTOM_LINES - reserved);
  if (zoom || cols < SPLIT_MIN_COLUMNS || rows < SPLIT_MIN_ROWS) {
    return {
      columns: cols,
      height,
      bodyHeight,
      mode: 'single',
      grid: [[[{ pane: focus, width: cols, height: bodyHeight }]]],
    };
  }
  const top = Math.max(PANE_CHROME + 3, Math.floor(bodyHeight * 0.5));
  const bottom = bodyHeight - top;
  const grid: PaneBox[][][] = [[[{ pane: 'services', width: cols, height: top }]]];
  if (bottom > PANE_CHROME && (focus === 'doctor' || focus === 'ha')) {
    // Panes with no place of their own (long lines: findings with their fix, VRRP and checks) take the whole
    // bottom row while they have the focus.
    grid.push([[{ pane: focus, width: cols, height: bottom }]]);
  } else if (bottom > PANE_CHROME) {
    const [left, right] = bottomWidths(cols - 1, needs, focus);
    const timeouts = Math.min(TIMEOUTS_HEIGHT, Math.floor(bottom / 2));
    grid.push([
      [{ pane: 'connections', width: left, height: bottom }],
      [
        { pane: 'arp', width: right, height: bottom - timeouts },
        { pane: 'timeouts', width: right, height: timeouts },
      ],
    ]);
  }
  return { columns: cols, height, bodyHeight, mode: 'split', grid };
}

export function boxOf(layout: Layout, pane: PaneId): PaneBox | undefined {
  return layout.grid.flat(2).find((b) => b.pane === pane);
}
