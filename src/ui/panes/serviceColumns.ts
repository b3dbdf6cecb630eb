/**
 * The services table's columns: what each shows for a service, a real
 * server or a note row, and which to keep when the terminal is narrow (by
 * priority; widths grow to fit --exact numbers). Pure, so widths and cells
 * are tested without rendering.
 */
import { type DrainState, drainState } from '../../domain/drainState.js';
import { serviceExtrasShort, serviceLabel } from '../../domain/labels.js';
import { endpoint, forwardName } from '../../domain/names.js';
import { type HistoryStore, historyOf } from '../../state/history.js';
import type { RateSet } from '../../state/rates.js';
import type { ChangedField, RateMode } from '../../state/types.js';
import { ratesOf, type ServiceRow, serviceConns } from '../../state/view.js';
import { sparkline } from '../format/sparkline.js';
import { padEnd, padStart, width } from '../format/text.js';
import { bytes, count, rate } from '../format/units.js';

export interface CellContext {
  exact: boolean;
  rateMode: RateMode;
  history: HistoryStore;
  /** No colour: a changed value is marked `*` in its cell (theme.marks). */
  marks?: boolean;
}

export interface Column {
  id: string;
  header: string;
  min: number;
  /**
   * Lower is kept first when columns do not all fit: at 80 columns what ipvsadm users read
   * first (ActiveConn, InActConn, CPS, total connections, weight, persistent), byte rates last.
   */
  priority: number;
  cell(row: ServiceRow, ctx: CellContext, width: number): string;
  /** What it shows that change highlighting marks (tableDiff.ts). */
  shows?: readonly ChangedField[];
  /** A reading of traffic (counters, rates): left blank on a row that is gone, which adds up nowhere. */
  reading?: true;
}

/** The gutter: selection marker, then `!` (overloaded) or `~` (quiesced, weight 0). */
export const GUTTER = 2;
const NAME_MIN = 20;
/** Enough for `  -> [IPv6]:port` of most addresses; longer names are cut with an ellipsis. */
const NAME_MAX = 48;
const HISTORY_WIDTH = 10;

/** A real server's state word, the overload flag derived with its hysteresis across reads. */
export const destState = (row: ServiceRow & { kind: 'dest' }): DrainState =>
  drainState(row.dest.dest, row.dest.overloaded);

export function destFlag(row: ServiceRow): ' ' | '!' | '~' {
  // A gone server is no longer at any weight or threshold: its State column says `gone`.
  if (row.kind !== 'dest' || row.mark === 'gone') return ' ';
  if (destState(row) === 'overloaded') return '!';
  return row.dest.dest.weight === 0 ? '~' : ' ';
}

function rateCell(
  row: ServiceRow,
  ctx: CellContext,
  pick: (r: RateSet) => number,
  format: (n: number, exact: boolean) => string,
): string {
  if (row.kind === 'note') return '';
  const r = ratesOf(row.kind === 'service' ? row.entry : row.dest, ctx.rateMode);
  // No delta before the second sample: a dash, not a fake zero.
  return r ? format(pick(r), ctx.exact) : '-';
}

function connCell(
  row: ServiceRow,
  ctx: CellContext,
  pick: (c: { active: number; inactive: number; persistent: number }) => number,
): string {
  if (row.kind === 'dest') {
    const d = row.dest.dest;
    return count(pick({ active: d.activeConns, inactive: d.inactiveConns, persistent: d.persistentConns }), ctx.exact);
  }
  const sums = row.kind === 'service' ? serviceConns(row.entry) : undefined;
  return sums ? count(pick(sums), ctx.exact) : '';
}

function nameCell(row: ServiceRow): string {
  if (row.kind === 'dest') return `  -> ${endpoint(row.dest.dest.af, row.dest.dest.address, row.dest.dest.port)}`;
  if (row.kind === 'note') return `     (${row.text})`;
  const s = row.entry.service;
  const extras = serviceExtrasShort(s);
  return `${row.expanded ? '-' : '+'} ${serviceLabel(s)}${extras ? ` ${extras}` : ''}`;
}

export const COLUMNS: readonly Column[] = [
  { id: 'name', header: 'Service / real server', min: NAME_MIN, priority: 0, cell: nameCell, shows: ['flags'] },
  {
    id: 'sched',
    header: 'Sched',
    min: 5,
    priority: 3,
    shows: ['scheduler', 'forward'],
    cell: (r) => {
      if (r.kind === 'note') return '';
      return r.kind === 'service' ? r.entry.service.scheduler : forwardName(r.dest.dest.forward);
    },
  },
  {
    id: 'weight',
    header: 'Wgt',
    min: 3,
    priority: 2,
    shows: ['weight'],
    cell: (r) => (r.kind === 'dest' ? String(r.dest.dest.weight) : ''),
  },
  { id: 'active', header: 'Act', min: 4, priority: 1, reading: true, cell: (r, c) => connCell(r, c, (x) => x.active) },
  {
    id: 'inactive',
    header: 'InAct',
    min: 5,
    priority: 1,
    reading: true,
    cell: (r, c) => connCell(r, c, (x) => x.inactive),
  },
  {
    id: 'persistent',
    header: 'Pers',
    min: 4,
    priority: 4,
    reading: true,
    cell: (r, c) => connCell(r, c, (x) => x.persistent),
  },
  {
    id: 'thresholds',
    header: 'Thr u/l',
    min: 7,
    priority: 8,
    shows: ['thresholds'],
    cell: (r) =>
      r.kind === 'dest'
        ? r.dest.dest.upperThreshold || r.dest.dest.lowerThreshold
          ? `${r.dest.dest.upperThreshold}/${r.dest.dest.lowerThreshold}`
          : '-'
        : '',
  },
  {
    id: 'conns',
    header: 'Conns',
    min: 5,
    priority: 2,
    reading: true,
    cell: (r, c) =>
      r.kind === 'note'
        ? ''
        : count(r.kind === 'service' ? r.entry.service.stats.connections : r.dest.dest.stats.connections, c.exact),
  },
  { id: 'cps', header: 'CPS', min: 5, priority: 1, reading: true, cell: (r, c) => rateCell(r, c, (x) => x.cps, rate) },
  {
    id: 'inPps',
    header: 'InPk/s',
    min: 6,
    priority: 5,
    reading: true,
    cell: (r, c) => rateCell(r, c, (x) => x.inPps, rate),
  },
  {
    id: 'outPps',
    header: 'OutPk/s',
    min: 7,
    priority: 5,
    reading: true,
    cell: (r, c) => rateCell(r, c, (x) => x.outPps, rate),
  },
  {
    id: 'inBps',
    header: 'InB/s',
    min: 6,
    priority: 6,
    reading: true,
    cell: (r, c) => rateCell(r, c, (x) => x.inBps, bytes),
  },
  {
    id: 'outBps',
    header: 'OutB/s',
    min: 6,
    priority: 6,
    reading: true,
    cell: (r, c) => rateCell(r, c, (x) => x.outBps, bytes),
  },
  {
    id: 'history',
    header: 'CPS hist',
    min: HISTORY_WIDTH,
    priority: 7,
    reading: true,
    cell: (r, c, w) => (r.kind === 'service' ? sparkline(historyOf(c.history, r.entry.key, c.rateMode, w), w) : ''),
  },
  {
    id: 'state',
    header: 'State',
    min: 5,
    // Last, kept at 80 columns: whether a server may be stopped is the question during a drain.
    priority: 1,
    shows: ['state'],
    // A row new or gone says so here, in words (colour shows it too): `new` for a few seconds.
    cell: (r) => (r.kind === 'note' ? '' : r.mark ? r.mark : r.kind === 'dest' ? destState(r) : ''),
  },
];

/** Whether a column shows something of the row that changed lately (change highlighting). */
export const changedIn = (col: Column, row: ServiceRow): boolean =>
  row.kind !== 'note' && row.changed !== undefined && (col.shows?.some((f) => row.changed!.has(f)) ?? false);

/** A cell as drawn: blank where a gone row has no reading, marked `*` where it changed and colour is off. */
export function cellText(col: Column, row: ServiceRow, ctx: CellContext, w: number): string {
  if (row.kind !== 'note' && row.mark === 'gone' && col.reading) return '';
  const text = col.cell(row, ctx, w);
  return ctx.marks && changedIn(col, row) ? `*${text}` : text;
}

/** A column with its width for this frame. */
export interface Placed {
  column: Column;
  width: number;
}

/**
 * Columns that fit `total` columns, in display order, each as wide as its
 * widest visible cell; the name column takes what is left.
 */
export function placeColumns(rows: readonly ServiceRow[], ctx: CellContext, total: number): Placed[] {
  const natural = new Map<Column, number>();
  for (const col of COLUMNS) {
    if (col.id === 'name' || col.id === 'history') continue;
    let w = Math.max(col.min, width(col.header));
    for (const r of rows) w = Math.max(w, width(cellText(col, r, ctx, 0)));
    natural.set(col, w);
  }
  natural.set(COLUMNS.find((c) => c.id === 'history')!, HISTORY_WIDTH);
  // The name is what identifies a row: it keeps its full width (up to a cap) before optional columns get room.
  const nameCol = COLUMNS.find((c) => c.id === 'name')!;
  let nameWidth = NAME_MIN;
  for (const r of rows) nameWidth = Math.max(nameWidth, width(cellText(nameCol, r, ctx, 0)));
  nameWidth = Math.min(nameWidth, NAME_MAX, Math.max(NAME_MIN, total - GUTTER - 30));
  let budget = total - GUTTER - nameWidth;
  const chosen = new Set<Column>();
  for (const col of [...natural.keys()].sort((a, b) => a.priority - b.priority)) {
    const need = natural.get(col)! + 1;
    if (need <= budget) {
      chosen.add(col);
      budget -= need;
    }
  }
  return COLUMNS.filter((c) => c.id === 'name' || chosen.has(c)).map((column) => ({
    column,
    // Leftover room stays at the right: numbers far from their names are hard to read across.
    width: column.id === 'name' ? nameWidth + Math.min(budget, 4) : natural.get(column)!,
  }));
}

/** One table line (without the gutter). */
export function renderCells(placed: readonly Placed[], cell: (p: Placed) => string): string {
  return placed.map((p) => (p.column.id === 'name' ? padEnd(cell(p), p.width) : padStart(cell(p), p.width))).join(' ');
}
