/**
 * The Connections pane's entry browser as state: the query a read answers (scope, filter,
 * order, anchor), where the screen's top row sits in the last window read, and the moves of
 * the movement keys, which only move the anchor. A read selects a window around the anchor
 * (domain/entryWindow.ts); moving near its edge asks for the next one.
 */
import type { ServerMatch } from '../domain/connFilter.js';
import { type EntryFilter, parseEntryFilter } from '../domain/entryFilter.js';
import { ENTRY_SORTS, entryOrder } from '../domain/entryOrder.js';
import type { EntryAnchor } from '../domain/entryWindow.js';
import type { ConnRow } from '../kernel/proc/types.js';
import type { ServiceKey } from './identity.js';
import { memoOn } from './memo.js';
import type { EntriesView, EntryWindow, MonitorState, ServiceEntry } from './types.js';
import { selectedDest, selectedService } from './view.js';

/** What the poller reads for the browser. */
export interface EntryQuery {
  /** Scope, filter and order: a window read for another id is not this query's. */
  id: string;
  service?: ServiceKey;
  filter: EntryFilter['filter'];
  sort: EntriesView['sort'];
  reverse: boolean;
  anchor: EntryAnchor;
  /** Entries kept on either side of the anchor: a few screens, so that scrolling reads rarely. */
  before: number;
  after: number;
}

/** Screens of entries a read keeps on each side of the anchor. */
const SCREENS_KEPT = 3;

export const INITIAL_ENTRIES: EntriesView = {
  sort: 'client',
  reverse: false,
  filter: '',
  all: false,
  anchor: 'start',
  cursor: 0,
  height: 10,
};

/** The scope: the selected service, and the selected real server if one is; everything after `a`. */
function entryScope(state: MonitorState): { service?: ServiceKey; server?: ServerMatch } {
  if (state.entries.all) return {};
  const svc = selectedService(state);
  const dest = selectedDest(state);
  const server = dest && { af: dest.dest.af, address: dest.dest.address, port: dest.dest.port };
  return { service: svc?.key, server };
}

/** What a read is for, but where it starts: the same until the services, selection, filter or order change. */
type EntrySelection = Pick<EntryQuery, 'id' | 'service' | 'filter'>;

const selectionMemo = memoOn<readonly ServiceEntry[], EntrySelection>();

/**
 * Memoised: every render asks (the query, whether its window is current, the pane), and finding
 * the selection walks the services, 10,000 of them on a large table.
 */
function entrySelection(state: MonitorState): EntrySelection {
  const v = state.entries;
  return selectionMemo(state.services, [v.all, v.filter, v.sort, v.reverse, state.svc.selected], () => {
    const scope = entryScope(state);
    const { filter } = parseEntryFilter(v.filter);
    const merged = { ...filter, server: filter.server ?? scope.server };
    return {
      id: JSON.stringify([scope.service ?? '', merged, v.sort, v.reverse]),
      service: scope.service,
      filter: merged,
    };
  });
}

export function entryQuery(state: MonitorState): EntryQuery {
  const v = state.entries;
  const kept = SCREENS_KEPT * Math.max(10, v.height);
  return { ...entrySelection(state), sort: v.sort, reverse: v.reverse, anchor: v.anchor, before: kept, after: kept };
}

/** The last window when it answers the current scope, filter and order. */
export function currentWindow(state: MonitorState): EntryWindow | undefined {
  const w = state.entryWindow;
  return w && w.id === entrySelection(state).id ? w : undefined;
}

/** Index in the window of the row at the top of the screen. */
export function windowTop(v: EntriesView, w: EntryWindow): number {
  const last = Math.max(0, w.rows.length - v.height);
  if (v.anchor === 'start') return 0;
  if (v.anchor === 'end') return last;
  const order = entryOrder(v.sort, v.reverse);
  const anchor = v.anchor;
  let lo = 0;
  let hi = w.rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (order(w.rows[mid]!, anchor) < 0) lo = mid + 1;
    else hi = mid;
  }
  // Near the end of the order the screen stays full.
  return w.first + w.rows.length === w.matched ? Math.min(lo, last) : lo;
}

/** The window ends less than a screen or two past the screen while the table has more that way. */
export function needsRead(v: EntriesView, w: EntryWindow | undefined): boolean {
  if (!w) return true;
  const top = windowTop(v, w);
  const moreBefore = w.first > 0 && top < v.height;
  const moreAfter = w.first + w.rows.length < w.matched && top + 2 * v.height > w.rows.length;
  return moreBefore || moreAfter;
}

/** Moves the screen's top row to `target` (an index in the window, may be past either end). */
function moveTop(state: MonitorState, target: (top: number, height: number) => number): MonitorState {
  const w = currentWindow(state);
  const v = state.entries;
  if (!w || w.rows.length === 0) return state;
  const to = target(windowTop(v, w), Math.max(1, v.height));
  const atStart = w.first === 0;
  const atEnd = w.first + w.rows.length === w.matched;
  let anchor: EntryAnchor;
  if (to <= 0 && atStart) anchor = 'start';
  else if (to >= w.rows.length - v.height && atEnd) anchor = to <= 0 ? 'start' : 'end';
  else anchor = w.rows[Math.max(0, Math.min(w.rows.length - 1, to))]!;
  return anchor === v.anchor ? state : { ...state, entries: { ...v, anchor } };
}

export type EntriesMove = { by: number } | { page: 1 | -1 } | { edge: 'first' | 'last' };

/** Rows on screen from the top row on: fewer than the screen's height at the end of the order. */
function rowsOnScreen(v: EntriesView, w: EntryWindow): number {
  return Math.max(0, Math.min(v.height, w.rows.length - windowTop(v, w)));
}

/** The cursor kept on a row that is on screen. */
function clampCursor(state: MonitorState): MonitorState {
  const w = currentWindow(state);
  const v = state.entries;
  const cursor = w ? cursorOnScreen(v, w) : Math.max(0, Math.min(v.cursor, v.height - 1));
  return cursor === v.cursor ? state : { ...state, entries: { ...v, cursor } };
}

/** The cursor moves on screen; past the top or the bottom row the entries scroll under it. */
function moveCursor(state: MonitorState, by: number): MonitorState {
  const w = currentWindow(state);
  const v = state.entries;
  if (!w) return state;
  const to = v.cursor + by;
  const shown = rowsOnScreen(v, w);
  if (to >= 0 && to < shown) return { ...state, entries: { ...v, cursor: to } };
  const over = to < 0 ? to : to - (shown - 1);
  return clampCursor(moveTop({ ...state, entries: { ...v, cursor: to < 0 ? 0 : shown - 1 } }, (top) => top + over));
}

export function moveEntries(state: MonitorState, m: EntriesMove): MonitorState {
  if ('edge' in m) {
    const first = m.edge === 'first';
    const v = state.entries;
    return { ...state, entries: { ...v, anchor: first ? 'start' : 'end', cursor: first ? 0 : v.height - 1 } };
  }
  if ('page' in m) return clampCursor(moveTop(state, (top, h) => top + m.page * h));
  return moveCursor(state, m.by);
}

/** The cursor's row on screen, kept on a row that is there (a read may bring fewer). */
export function cursorOnScreen(v: EntriesView, w: EntryWindow): number {
  return Math.max(0, Math.min(v.cursor, rowsOnScreen(v, w) - 1));
}

/** The entry under the cursor, if the last read is of this scope, filter and order. */
export function entryAtCursor(state: MonitorState): ConnRow | undefined {
  const w = currentWindow(state);
  return w?.rows[windowTop(state.entries, w) + cursorOnScreen(state.entries, w)];
}

/** A new scope, filter or order starts at the top. */
export function changeEntries(state: MonitorState, change: Partial<EntriesView>): MonitorState {
  return { ...state, entries: { ...state.entries, ...change, anchor: 'start', cursor: 0 } };
}

export function nextEntrySort(v: EntriesView): Partial<EntriesView> {
  return { sort: ENTRY_SORTS[(ENTRY_SORTS.indexOf(v.sort) + 1) % ENTRY_SORTS.length]!, reverse: false };
}
