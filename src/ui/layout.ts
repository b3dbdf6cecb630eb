/**
 * Where everything goes, from the terminal size alone. The whole frame is at
 * most rows - 1 lines: a frame as tall as the terminal makes Ink 6.8 clear
 * the screen on every update (ink#450, fixed in Ink 7). Small terminals show one pane at a
 * time under a tab strip; big ones show four (the Doctor in the bottom row while focused).
 */
import type { PaneRead } from '../state/poll/plan.js';
import { PANES, type PaneId } from '../state/types.js';
import { boxRowsOf, columnsOf, placedAt, readsOf, splitOf } from './panes/registry.js';

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

/** The panes of the split layout's places (one each at top, left and filling the right; a test holds it). */
const TOP = placedAt('top')[0]!;
const LEFT = placedAt('left')[0]!;
const RIGHT = placedAt('right');
const RIGHT_FILL = RIGHT.find((p) => boxRowsOf(p) === 'fill')!;
const RIGHT_FIXED = RIGHT.filter((p) => boxRowsOf(p) !== 'fill');

/** Columns the bottom row's panes would fill: each one's widest line. */
export type PaneNeeds = Partial<Record<PaneId, number>>;

/** Unmeasured: what the registry says each bottom pane needs before it is measured. */
export const DEFAULT_NEEDS: PaneNeeds = Object.fromEntries([LEFT, RIGHT_FILL].map((p) => [p, columnsOf(p).unmeasured]));

/**
 * The left and right panes' widths (Connections and ARP), together `room`: each what it needs,
 * the spare to the left one (Connections' entry rows are the longest). Short of room, the
 * focused one of the two first; with neither focused the right one first (ARP's rows would be
 * cut, where Connections wraps), the left keeping half. Neither goes below its minimum.
 */
export function bottomWidths(room: number, needs: PaneNeeds, focus: PaneId): [number, number] {
  const leftMin = columnsOf(LEFT).min;
  const rightMin = columnsOf(RIGHT_FILL).min;
  const conn = Math.max(leftMin, needs[LEFT] ?? columnsOf(LEFT).unmeasured);
  const arp = Math.max(rightMin, needs[RIGHT_FILL] ?? columnsOf(RIGHT_FILL).unmeasured);
  let left: number;
  if (conn + arp <= room || focus === RIGHT_FILL) left = room - arp;
  else if (focus === LEFT) left = conn;
  else left = Math.max(room - arp, Math.floor(room / 2));
  left = Math.max(leftMin, Math.min(room - rightMin, left));
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
  const grid: PaneBox[][][] = [[[{ pane: TOP, width: cols, height: top }]]];
  if (bottom > PANE_CHROME && placedAt('whileFocused').includes(focus)) {
    // Panes with no place of their own (long lines: findings with their fix, VRRP and checks) take the whole
    // bottom row while they have the focus.
    grid.push([[{ pane: focus, width: cols, height: bottom }]]);
  } else if (bottom > PANE_CHROME) {
    const [left, right] = bottomWidths(cols - 1, needs, focus);
    // Fixed-height panes under the one that fills, each at most half the row.
    const fixed = RIGHT_FIXED.map((p) => ({ pane: p, width: right, height: fixedRows(p, bottom) }));
    const rest = bottom - fixed.reduce((n, b) => n + b.height, 0);
    grid.push([
      [{ pane: LEFT, width: left, height: bottom }],
      [{ pane: RIGHT_FILL, width: right, height: rest }, ...fixed],
    ]);
  }
  return { columns: cols, height, bodyHeight, mode: 'split', grid };
}

const fixedRows = (p: PaneId, bottom: number): number => {
  const rows = boxRowsOf(p);
  return Math.min(rows === 'fill' ? 0 : rows, Math.floor(bottom / 2));
};

export function boxOf(layout: Layout, pane: PaneId): PaneBox | undefined {
  return layout.grid.flat(2).find((b) => b.pane === pane);
}

/**
 * What the panes on screen ask the poller to read. A pane with a place of its own in the split
 * layout counts as shown while a focused pane covers the bottom row: it is current when the
 * focus comes back.
 */
export function layoutReads(layout: Layout): Set<PaneRead> {
  const shown = PANES.filter(
    (p) => boxOf(layout, p) !== undefined || (layout.mode === 'split' && splitOf(p) !== 'whileFocused'),
  );
  return new Set(shown.flatMap(readsOf));
}
