/**
 * Where everything goes, from the terminal size alone. The whole frame is at
 * most rows - 1 lines: a frame as tall as the terminal makes Ink 6.8 clear
 * the screen on every update (INK-FACTS). Small terminals show one pane at a
 * time under a tab strip; big ones show all four.
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
  /** Rows of panes, each row's panes side by side (one space apart). */
  grid: PaneBox[][];
}

export const HEADER_LINES = 2;
/** Status line and footer. */
export const BOTTOM_LINES = 2;
/** Lines of a pane that are not list rows: title and column headings. */
export const PANE_CHROME = 2;

const SPLIT_MIN_COLUMNS = 120;
const SPLIT_MIN_ROWS = 36;
const TIMEOUTS_WIDTH = 30;

export function computeLayout(columns: number, rows: number, focus: PaneId, reserved = 0): Layout {
  const cols = Math.max(20, columns);
  const height = Math.max(6, rows - 1);
  const bodyHeight = Math.max(1, height - HEADER_LINES - BOTTOM_LINES - reserved);
  if (cols < SPLIT_MIN_COLUMNS || rows < SPLIT_MIN_ROWS) {
    return { columns: cols, height, bodyHeight, mode: 'single', grid: [[{ pane: focus, width: cols, height: bodyHeight }]] };
  }
  // Services get the most room; the bottom row holds the other three side by side.
  const top = Math.max(PANE_CHROME + 3, Math.floor(bodyHeight * 0.55));
  const bottom = bodyHeight - top;
  const connWidth = Math.floor((cols - TIMEOUTS_WIDTH - 2) * 0.4);
  const arpWidth = cols - TIMEOUTS_WIDTH - connWidth - 2;
  const grid: PaneBox[][] = [[{ pane: 'services', width: cols, height: top }]];
  if (bottom > PANE_CHROME) {
    grid.push([
      { pane: 'connections', width: connWidth, height: bottom },
      { pane: 'timeouts', width: TIMEOUTS_WIDTH, height: bottom },
      { pane: 'arp', width: arpWidth, height: bottom },
    ]);
  }
  return { columns: cols, height, bodyHeight, mode: 'split', grid };
}

export function boxOf(layout: Layout, pane: PaneId): PaneBox | undefined {
  return layout.grid.flat().find((b) => b.pane === pane);
}
