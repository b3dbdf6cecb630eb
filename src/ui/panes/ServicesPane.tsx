/**
 * 1 Services: each virtual service with its real servers under it. Renders
 * its props only, and only the rows that fit; the selection is kept on
 * screen by the reducer's scroll offset.
 */

import { Box } from 'ink';
import { memo, useMemo } from 'react';
import { plural, serviceExtras, serviceLabel } from '../../domain/labels.js';
import { endpoint } from '../../domain/names.js';
import type { RateMode, ServiceSort } from '../../state/types.js';
import { ratesOf, type ServiceRow } from '../../state/view.js';
import { clip, wrap } from '../format/text.js';
import { duration, rate, roughDuration } from '../format/units.js';
import { Line } from '../Line.js';
import { useTheme } from '../theme.js';
import { PaneTitle } from './PaneTitle.js';
import { RowLine } from './ServiceRowLine.js';
import { type CellContext, destState, GUTTER, placeColumns, renderCells } from './serviceColumns.js';

export interface ServicesPaneProps {
  rows: readonly ServiceRow[];
  selected?: string;
  offset: number;
  width: number;
  height: number;
  focused: boolean;
  tabs: boolean;
  ctx: CellContext;
  sort: ServiceSort;
  reverse: boolean;
  filter: string;
  /** Real elapsed period of the last delta. */
  periodMs?: number;
  /** False until the kernel has answered once: an empty list then means "not read yet", not "none". */
  loaded?: boolean;
  /** Why the services cannot be read (IPVS unloaded, no rights): the status line says it, the list points there. */
  readError?: string;
  /** Of the selected real server when it is at weight 0. */
  drain?: DrainFacts;
}

/** What the detail line of a draining real server adds: when it empties, whether clients keep coming. */
export interface DrainFacts {
  /** The longest expiry (seconds) among its entries, once the connection table was read. */
  emptyInS?: number;
  /** expire_quiescent_template is 0: templates keep sending returning clients to a weight-0 server. */
  templatesPinClients: boolean;
}

/** The detail of the selection wraps onto at most this many lines. */
const DETAIL_MAX_LINES = 3;

/**
 * The selection's detail line (describeRow) wrapped to `width`, in a pane of `height`: none
 * under 6 lines; never more than DETAIL_MAX_LINES, and no more than a third of the pane.
 */
export function detailLines(
  height: number,
  width: number,
  row: ServiceRow | undefined,
  mode?: RateMode,
  facts?: DrainFacts,
): string[] {
  if (height < 6) return [];
  const most = Math.max(1, Math.min(DETAIL_MAX_LINES, Math.floor(height / 3)));
  const lines = wrap(describeRow(row, mode, facts, width), width, '   ');
  return lines.length > most ? [...lines.slice(0, most - 1), clip(lines.slice(most - 1).join(' '), width)] : lines;
}

/** Lines of the pane that are not list rows: title, headings, the detail of the selection. */
export const servicesChrome = (detail: readonly string[]): number => 2 + detail.length;

/** What the rates are, as the column header says it: "rates Δ 1.0s" or "rates kernel 8s avg". */
export function rateLabel(mode: RateMode, periodMs: number | undefined): string {
  return mode === 'kernel'
    ? 'rates: kernel 8s avg'
    : `rates: Δ ${periodMs === undefined ? '…' : roughDuration(periodMs)}`;
}

const SORT_NAMES: Record<ServiceSort, string> = {
  address: 'address',
  cps: 'CPS',
  active: 'active',
  conns: 'conns',
  inBps: 'in B/s',
  outBps: 'out B/s',
};

export function sortLabel(sort: string, reverse: boolean, natural: 'asc' | 'desc'): string {
  const asc = (natural === 'asc') !== reverse;
  return `sort: ${sort} ${asc ? '↑' : '↓'}`;
}

/** New connections per second, worst-case time to empty, and why returning clients may still come. */
function drainingFacts(row: ServiceRow & { kind: 'dest' }, mode: RateMode | undefined, facts?: DrainFacts): string[] {
  const parts: string[] = [];
  const cps = mode && ratesOf(row.dest, mode)?.cps;
  if (cps !== undefined) parts.push(`${rate(cps, false)} new/s`);
  // The longest expiry: no entry outlives it unless traffic refreshes it (which new/s would show).
  if (facts?.emptyInS !== undefined) parts.push(`empty in ≤ ${duration(facts.emptyInS * 1000)}`);
  if (facts?.templatesPinClients && row.dest.dest.persistentConns > 0) {
    parts.push('expire_quiescent_template=0: returning clients still come');
  }
  return parts;
}

/**
 * The selected row in full, since columns may have cut it. A draining server's line that does
 * not fit `width` starts with what is left and when it empties instead (zero counts left out):
 * at 80 columns that is what an engineer waiting to stop the server reads.
 */
export function describeRow(
  row: ServiceRow | undefined,
  mode?: RateMode,
  facts?: DrainFacts,
  width = Infinity,
): string {
  if (!row) return '';
  if (row.kind !== 'note' && row.mark === 'gone') {
    const what =
      row.kind === 'dest'
        ? `-> ${endpoint(row.dest.dest.af, row.dest.dest.address, row.dest.dest.port)}`
        : serviceLabel(row.entry.service);
    return `${what}  gone: no longer in the kernel table (shown a few seconds, counted nowhere)`;
  }
  if (row.kind !== 'dest') {
    const s = row.entry.service;
    const n = row.entry.dests?.length;
    return (
      `${serviceLabel(s)} ${s.scheduler} ${serviceExtras(s)}`.trim() +
      (n === undefined ? '' : `  · ${n} ${plural(n, 'real server')}`)
    );
  }
  const d = row.dest.dest;
  const state = destState(row);
  const where = `-> ${endpoint(d.af, d.address, d.port)}`;
  const settings = [d.forward, `weight ${d.weight}`];
  // The kernel's "persistent connections" are the templates pinning clients to this server: one word for them.
  const templates = `${d.persistentConns} ${plural(d.persistentConns, 'template')}`;
  const left: [number, string][] = [
    [d.activeConns, `${d.activeConns} active`],
    [d.inactiveConns, `${d.inactiveConns} inactive`],
    [d.persistentConns, templates],
  ];
  const rest = [
    ...(d.upperThreshold || d.lowerThreshold ? [`thresholds u ${d.upperThreshold} l ${d.lowerThreshold}`] : []),
    ...(state === 'overloaded' ? ['overloaded'] : []),
    ...(d.tunnelType ? [`tunnel ${d.tunnelType}${d.tunnelPort ? `:${d.tunnelPort}` : ''}`] : []),
  ];
  if (state !== 'draining') {
    // Weight 0: what is left before the server can be stopped (templates pin returning clients to it).
    const quiesced = d.weight === 0 ? ['(quiesced)'] : [];
    return [where, ...settings, ...quiesced, ...(state === 'drained' ? ['drained'] : []), ...rest, templates].join(
      '  ',
    );
  }
  // Draining says what is left, templates included: they are not repeated after it.
  const counts = left.map(([, text]) => text);
  const full = [
    where,
    ...settings,
    '(quiesced)',
    `draining: ${counts.join(', ')}`,
    ...drainingFacts(row, mode, facts),
    ...rest,
  ].join('  ');
  if (full.length <= width) return full;
  const nonzero = left.flatMap(([n, text]) => (n ? [text] : []));
  return [where, `draining: ${nonzero.join(', ')}`, ...drainingFacts(row, mode, facts), ...settings, ...rest].join(
    '  ',
  );
}

export const ServicesPane = memo(function ServicesPane(p: ServicesPaneProps) {
  const theme = useTheme();
  const selectedRow = p.rows.find((r) => r.id === p.selected);
  const detail = detailLines(p.height, p.width, selectedRow, p.ctx.rateMode, p.drain);
  const listHeight = Math.max(0, p.height - servicesChrome(detail));
  const visible = useMemo(() => p.rows.slice(p.offset, p.offset + listHeight), [p.rows, p.offset, listHeight]);
  // Widths from the visible rows only: a huge table costs what the screen shows.
  const ctx = useMemo(() => ({ ...p.ctx, marks: theme.marks }), [p.ctx, theme.marks]);
  const placed = useMemo(() => placeColumns(visible, ctx, p.width), [visible, ctx, p.width]);
  const info = [
    rateLabel(p.ctx.rateMode, p.periodMs),
    sortLabel(SORT_NAMES[p.sort], p.reverse, p.sort === 'address' ? 'asc' : 'desc'),
    p.filter ? `filter: ${p.filter}` : '',
  ];
  const header = ' '.repeat(GUTTER) + renderCells(placed, (c) => c.column.header);
  const empty =
    p.rows.length > 0
      ? undefined
      : p.readError
        ? '  cannot read the IPVS table (the status line says why)'
        : p.loaded === false
          ? '  reading the IPVS table…'
          : p.filter
            ? `  nothing matches "${p.filter}" (Esc clears the filter)`
            : '  no virtual services (ipvsadm -A adds one)';
  return (
    <Box flexDirection="column" width={p.width} height={p.height} overflow="hidden">
      <PaneTitle pane="services" focused={p.focused} tabs={p.tabs} info={info} width={p.width} />
      <Line text={clip(header, p.width)} style={theme.columns} />
      {empty !== undefined && listHeight > 0 ? <Line text={clip(empty, p.width)} style={theme.dim} /> : null}
      {visible.map((row) => (
        <RowLine key={row.id} row={row} selected={row.id === p.selected} placed={placed} ctx={ctx} width={p.width} />
      ))}
      {Array.from({ length: Math.max(0, listHeight - visible.length - (empty !== undefined ? 1 : 0)) }, (_, i) => (
        <Line key={`pad${i}`} text="" />
      ))}
      {detail.map((l, i) => (
        <Line key={`detail${i}`} text={clip(l, p.width)} style={theme.dim} />
      ))}
    </Box>
  );
});
