/** Moving around: selection, panes, expansion, sorting, the `/` filter, pause, rate mode, help. */

import { changeEntries, moveEntries, nextEntrySort } from './entries.js';
import { serviceOfRow } from './identity.js';
import { ARP_SORTS, type ListView, type MonitorState, PANES, type PaneId, SERVICE_SORTS } from './types.js';
import { arpRows, isExpanded, neighbourId, serviceRows } from './view.js';

/** Events from navigation keys. */
export type NavEvent =
  | { type: 'move'; by: number }
  | { type: 'page'; dir: 1 | -1 }
  | { type: 'edge'; to: 'first' | 'last' }
  | { type: 'focus'; pane: PaneId | 'next' | 'prev' }
  | { type: 'toggleExpand' }
  | { type: 'sortNext' }
  | { type: 'sortReverse' }
  | { type: 'togglePause' }
  | { type: 'toggleRateMode' }
  | { type: 'toggleZoom' }
  | { type: 'help'; open: boolean }
  | { type: 'filterStart' }
  | { type: 'filterText'; text: string }
  | { type: 'filterKeep' }
  | { type: 'filterClear' }
  /** The Connections pane's entries: the selection's, or the whole table's. */
  | { type: 'entriesScope' };

const NAV_TYPES: ReadonlySet<string> = new Set<NavEvent['type']>([
  'move',
  'page',
  'edge',
  'focus',
  'toggleExpand',
  'sortNext',
  'sortReverse',
  'togglePause',
  'toggleRateMode',
  'toggleZoom',
  'help',
  'filterStart',
  'filterText',
  'filterKeep',
  'filterClear',
  'entriesScope',
]);

export function isNavEvent(e: { type: string }): e is NavEvent {
  return NAV_TYPES.has(e.type);
}

/** The list a pane's movement keys act on (the Connections pane's entries are not a list: see entries.ts). */
function listOf(focus: PaneId): 'svc' | 'arp' | undefined {
  return focus === 'arp' ? 'arp' : focus === 'services' ? 'svc' : undefined;
}

function ids(state: MonitorState, list: 'svc' | 'arp'): string[] {
  return list === 'svc' ? serviceRows(state).map((r) => r.id) : arpRows(state).map(neighbourId);
}

function moveTo(
  state: MonitorState,
  list: 'svc' | 'arp',
  target: (index: number, total: number, height: number) => number,
): MonitorState {
  const rows = ids(state, list);
  if (rows.length === 0) return state;
  const v: ListView<string> = state[list];
  const index = Math.max(0, Math.min(rows.length - 1, target(v.index, rows.length, Math.max(1, v.height))));
  return { ...state, [list]: { ...state[list], index, selected: rows[index] } };
}

function nextPane(focus: PaneId, pane: PaneId | 'next' | 'prev'): PaneId {
  if (pane !== 'next' && pane !== 'prev') return pane;
  const i = PANES.indexOf(focus) + (pane === 'next' ? 1 : PANES.length - 1);
  return PANES[i % PANES.length]!;
}

function cycle<T>(all: readonly T[], current: T): T {
  return all[(all.indexOf(current) + 1) % all.length]!;
}

function toggleExpand(state: MonitorState): MonitorState {
  const id = state.svc.selected;
  if (id === undefined) return state;
  const key = serviceOfRow(id);
  const expanded = new Map(state.svc.expanded).set(key, !isExpanded(state, key));
  // Collapsing from a real-server row moves the selection up to its service.
  return { ...state, svc: { ...state.svc, expanded, selected: key } };
}

function sortChange(state: MonitorState, reverse: boolean): MonitorState {
  if (state.focus === 'connections') {
    const v = state.entries;
    return changeEntries(state, reverse ? { reverse: !v.reverse } : nextEntrySort(v));
  }
  if (state.focus === 'arp') {
    const arp = reverse
      ? { ...state.arp, reverse: !state.arp.reverse }
      : { ...state.arp, sort: cycle(ARP_SORTS, state.arp.sort), reverse: false };
    return { ...state, arp };
  }
  if (state.focus !== 'services') return state;
  const svc = reverse
    ? { ...state.svc, reverse: !state.svc.reverse }
    : { ...state.svc, sort: cycle(SERVICE_SORTS, state.svc.sort), reverse: false };
  return { ...state, svc };
}

function filterEvent(state: MonitorState, e: NavEvent): MonitorState {
  const edit = state.filterEdit;
  switch (e.type) {
    case 'filterStart': {
      if (state.focus === 'connections')
        return { ...state, filterEdit: { pane: 'connections', previous: state.entries.filter } };
      if (state.focus !== 'services' && state.focus !== 'arp') return state;
      const list = state.focus === 'arp' ? 'arp' : 'svc';
      return { ...state, filterEdit: { pane: state.focus, previous: state[list].filter } };
    }
    case 'filterText':
      if (!edit) return state;
      if (edit.pane === 'connections') return changeEntries(state, { filter: e.text });
      return edit.pane === 'arp'
        ? { ...state, arp: { ...state.arp, filter: e.text } }
        : { ...state, svc: { ...state.svc, filter: e.text } };
    case 'filterKeep':
      return { ...state, filterEdit: undefined };
    default: {
      // filterClear: Esc clears the filter of the focused list, whether or not it is being typed.
      const pane = edit?.pane ?? (state.focus === 'arp' || state.focus === 'connections' ? state.focus : 'services');
      if (pane === 'connections') return { ...changeEntries(state, { filter: '' }), filterEdit: undefined };
      if (pane === 'arp') return { ...state, filterEdit: undefined, arp: { ...state.arp, filter: '' } };
      return { ...state, filterEdit: undefined, svc: { ...state.svc, filter: '' } };
    }
  }
}

/** Findings a page of the Doctor pane moves by (two lines each; the pane's height is the view's). */
const DOCTOR_PAGE = 5;

/** The Doctor pane scrolls by findings: the first one on screen, within the list. */
function scrollDoctor(state: MonitorState, e: Extract<NavEvent, { type: 'move' | 'page' | 'edge' }>): MonitorState {
  const last = Math.max(0, (state.doctor?.findings.length ?? 0) - 1);
  const from = Math.min(state.doctorTop, last);
  const to =
    e.type === 'move' ? from + e.by : e.type === 'page' ? from + e.dir * DOCTOR_PAGE : e.to === 'first' ? 0 : last;
  const doctorTop = Math.max(0, Math.min(last, to));
  return doctorTop === state.doctorTop ? state : { ...state, doctorTop };
}

/**
 * The Events pane moves its cursor by events, newest first, and scrolls to keep it on screen
 * (the last page full).
 */
function scrollEvents(state: MonitorState, e: Extract<NavEvent, { type: 'move' | 'page' | 'edge' }>): MonitorState {
  const { top: fromTop, cursor: from, rows } = state.eventsView;
  const total = state.events?.length ?? 0;
  const shown = Math.max(1, rows);
  const to = e.type === 'move' ? from + e.by : e.type === 'page' ? from + e.dir * shown : e.to === 'first' ? 0 : total;
  const cursor = Math.max(0, Math.min(total - 1, to));
  const top = Math.max(
    0,
    Math.min(Math.max(0, total - shown), Math.min(cursor, Math.max(fromTop, cursor - shown + 1))),
  );
  return top === fromTop && cursor === from ? state : { ...state, eventsView: { ...state.eventsView, top, cursor } };
}

export function applyNav(state: MonitorState, e: NavEvent): MonitorState {
  const list = listOf(state.focus);
  if (state.focus === 'doctor' && (e.type === 'move' || e.type === 'page' || e.type === 'edge'))
    return scrollDoctor(state, e);
  if (state.focus === 'events' && (e.type === 'move' || e.type === 'page' || e.type === 'edge'))
    return scrollEvents(state, e);
  if (state.focus === 'connections' && (e.type === 'move' || e.type === 'page' || e.type === 'edge'))
    return moveEntries(state, e.type === 'move' ? { by: e.by } : e.type === 'page' ? { page: e.dir } : { edge: e.to });
  switch (e.type) {
    case 'entriesScope':
      return changeEntries(state, { all: !state.entries.all });
    case 'move':
      return list ? moveTo(state, list, (i) => i + e.by) : state;
    case 'page':
      return list ? moveTo(state, list, (i, _n, h) => i + e.dir * h) : state;
    case 'edge':
      return list ? moveTo(state, list, (_i, n) => (e.to === 'first' ? 0 : n - 1)) : state;
    case 'focus':
      return { ...state, focus: nextPane(state.focus, e.pane) };
    case 'toggleExpand':
      return state.focus === 'services' ? toggleExpand(state) : state;
    case 'sortNext':
    case 'sortReverse':
      return sortChange(state, e.type === 'sortReverse');
    case 'togglePause':
      return { ...state, paused: !state.paused };
    case 'toggleRateMode':
      return { ...state, rateMode: state.rateMode === 'delta' ? 'kernel' : 'delta' };
    case 'toggleZoom':
      return { ...state, zoom: !state.zoom };
    case 'help':
      return { ...state, help: e.open };
    default:
      return filterEvent(state, e);
  }
}
