/**
 * 2 Connections: the connection table counted by state, for the whole table
 * and for the selected service and real server; persistence templates apart,
 * labelled as templates; the top talkers; and at the bottom the entry browser
 * (entryLines.ts), which the movement keys scroll.
 */

import { Box } from 'ink';
import { memo } from 'react';
import type { ConnCounts } from '../../domain/attribution.js';
import { plural } from '../../domain/labels.js';
import type { Talker, TopTalkersReport } from '../../domain/topTalkers.js';
import { sum } from '../../kernel/proc/connParser.js';
import { describeCut } from '../../kernel/proc/limits.js';
import type { ConnTableSummary, StateCounts } from '../../kernel/proc/types.js';
import type { ConnTalkers } from '../../state/types.js';
import { clip, padEnd, padStart, width, wrap } from '../format/text.js';
import { count, roughDuration } from '../format/units.js';
import { Line } from '../Line.js';
import { useTheme } from '../theme.js';
import { type EntriesShown, entryForm, entryHeading, entryLines, entryRowsOf } from './entryLines.js';
import { PaneTitle, titleWidth } from './PaneTitle.js';

/** One column of counts: the whole table, the selected service, the selected real server. */
export interface ConnColumn {
  label: string;
  counts?: ConnCounts;
}

export interface ConnectionsPaneProps {
  width: number;
  height: number;
  focused: boolean;
  tabs: boolean;
  summary?: ConnTableSummary;
  /** How much older the table's read is than the services on screen, when it lags (derive.ts connTableAge). */
  ageMs?: number;
  /** Why the last read of the table failed, until one succeeds. */
  error?: string;
  /** IPVS is gone (its module removed): there is no table to read until it comes back. */
  ipvsGone?: boolean;
  /** The view is on a moment whose connection counts were not kept (or recorded: `record --no-conns`). */
  notRecorded?: boolean;
  columns: readonly ConnColumn[];
  /** Entries of services no longer on the table. */
  unattributed?: number;
  exact: boolean;
  /** Top talkers of the table and of the selected service (its label is columns[1]). */
  talkers?: ConnTalkers;
  /** The entry browser, at the bottom of the pane. */
  entries?: EntriesShown;
}

/** The kernel's TCP state order (ip_vs_proto_tcp.c tcp_state_name_table), then UDP, then whatever else appears. */
const STATE_ORDER = [
  'ESTABLISHED',
  'SYN_SENT',
  'SYN_RECV',
  'SYNACK',
  'FIN_WAIT',
  'TIME_WAIT',
  'CLOSE',
  'CLOSE_WAIT',
  'LAST_ACK',
  'LISTEN',
  'NONE',
  'UDP',
];
export function orderedStates(counts: readonly (StateCounts | undefined)[]): string[] {
  const seen = new Set<string>();
  for (const c of counts) for (const [k, n] of Object.entries(c ?? {})) if (n > 0) seen.add(k);
  const known = STATE_ORDER.filter((s) => seen.has(s));
  return [...known, ...[...seen].filter((s) => !STATE_ORDER.includes(s)).sort()];
}

/**
 * Column headings: short words, so the counts never lose their column to a long address; the
 * service and the server they stand for are named on lines of their own under the tables.
 */
const HEADINGS = ['all', 'service', 'server'];
const headingOf = (i: number): string => HEADINGS[i] ?? `#${i + 1}`;

function table(
  columns: readonly ConnColumn[],
  pick: (c: ConnCounts) => StateCounts,
  heading: string,
  exact: boolean,
): string[] {
  const counts = columns.map((c) => (c.counts ? pick(c.counts) : undefined));
  const states = orderedStates(counts);
  const cell = (c: StateCounts | undefined, s: string): string => (c ? count(c[s] ?? 0, exact) : '-');
  const widest = counts.flatMap((c) => (c ? [count(sum(c), exact)] : [])).reduce((w, t) => Math.max(w, t.length), 0);
  const colWidth = Math.max(7, widest, ...columns.map((_, i) => headingOf(i).length));
  const lines = [padEnd(heading, 13) + columns.map((_, i) => ` ${padStart(headingOf(i), colWidth)}`).join('')];
  for (const s of states)
    lines.push(padEnd(`  ${s}`, 13) + counts.map((c) => ` ${padStart(cell(c, s), colWidth)}`).join(''));
  lines.push(
    padEnd('  total', 13) + counts.map((c) => ` ${padStart(c ? count(sum(c), exact) : '-', colWidth)}`).join(''),
  );
  return lines;
}

/** A talker's counts; `~` marks an estimate (more clients than the counters keep). */
const countOf = (c: { count: number; error: number }): string => `${c.error ? '~' : ''}${c.count}`;

function talkerLines(title: string, r: TopTalkersReport): string[] {
  const syn = r.synClients.filter((t) => !r.clients.some((c) => c.key === t.key));
  const talkers = [...r.clients, ...syn, ...r.networks.slice(0, 1)];
  // As wide as the longest client (an IPv6 address is up to 39 columns): a client cut short is another one.
  const key = Math.max(22, ...talkers.map((t) => width(t.key)));
  const line = (t: Talker): string =>
    `  ${padEnd(t.key, key)} ${padStart(countOf(t.entries), 7)} ${padStart(countOf(t.synRecv), 8)}`;
  return [
    `${padEnd(`Top clients, ${title}`, key + 2)} ${padStart('entries', 7)} ${padStart('SYN_RECV', 8)}`,
    ...talkers.map(line),
  ];
}

/** Where the counts of a compact line start: under the column's name, its lines wrapped. */
const COUNTS_INDENT = ' '.repeat(9);

/** One line per column: what it counts, its connections by state, its templates (when the tables do not fit). */
function compactCounts(columns: readonly ConnColumn[], exact: boolean): string[] {
  return columns.map((c, i) => {
    const head = `${padEnd(headingOf(i), 8)} ${i > 0 ? `${c.label}: ` : ''}`;
    if (!c.counts) return `${head}-`;
    const states = orderedStates([c.counts.conns]).map((s) => `${s} ${count(c.counts!.conns[s] ?? 0, exact)}`);
    const all = sum(c.counts.conns);
    const conns = `${count(all, exact)} ${plural(all, 'conn')}${states.length ? ` (${states.join(', ')})` : ''}`;
    const templates = sum(c.counts.templates);
    return `${head}${conns}${templates ? `, ${count(templates, exact)} ${plural(templates, 'template')}` : ''}`;
  });
}

/**
 * The counts part above the browser: the tables and the top talkers when they fit in `room`
 * lines, else one line per column with the talkers, else without them; cut short past that.
 */
function countsLines(p: ConnectionsCounts, s: ConnTableSummary, room: number): string[] {
  const forms = countsForms(p);
  // Wrapped, not cut: a count or a name cut short is a wrong one.
  const wrapped = (lines: readonly string[]): string[] => lines.flatMap((l) => wrap(l, p.width, COUNTS_INDENT));
  const [full, names, compact] = [forms.full, wrapped(forms.names), wrapped(forms.compact)];
  const notes = [
    '(templates: persistence, not connections)',
    ...(p.unattributed
      ? [`${count(p.unattributed, p.exact)} ${plural(p.unattributed, 'entry', 'entries')} of services since removed`]
      : []),
    ...(s.malformed ? [`${s.malformed} unreadable lines skipped`] : []),
  ];
  const choices = [
    [...full, ...names, ...notes, ...forms.talkers],
    [...compact, ...forms.talkers],
    [...full, ...names, ...notes],
  ];
  const fits = choices.find((c) => c.length <= room);
  if (fits) return fits;
  return compact.length > room ? [...compact.slice(0, Math.max(0, room - 1)), '…'] : compact;
}

/** The tables, the names of their columns, the line-per-column form and the talkers, each line unbroken. */
function countsForms(p: CountsData): Record<'full' | 'names' | 'compact' | 'talkers', string[]> {
  return {
    full: [
      ...table(p.columns, (c) => c.conns, 'Connections', p.exact),
      ...table(p.columns, (c) => c.templates, 'Templates', p.exact),
    ],
    names: p.columns.slice(1).map((c, i) => `${padEnd(headingOf(i + 1), 8)} ${c.label}`),
    compact: compactCounts(p.columns, p.exact),
    talkers: [
      ...(p.talkers ? talkerLines('all', p.talkers.all) : []),
      ...(p.talkers?.service ? talkerLines('service', p.talkers.service.report) : []),
    ],
  };
}

/** What the pane's layout depends on. */
export type ConnectionsCounts = Omit<ConnectionsPaneProps, 'entries' | 'focused' | 'tabs'>;
/** What the pane draws, whatever its size. */
type CountsData = Omit<ConnectionsCounts, 'width' | 'height'>;

/**
 * The pane's lines but the browser's: warnings first (a short pane still shows them), then the
 * counts, as much of them as fits above the browser's least share (about half the pane); the
 * browser's rows are what is left, one or two lines each (entryForm).
 */
export function connectionsLayout(
  p: ConnectionsCounts,
  entries: EntriesShown | undefined,
): { warnings: string[]; counts: string[]; entryRows: number; twoLine: boolean } {
  const s = p.summary;
  const warnings = [
    ...(p.error ? [`${p.error}${s ? ' (counts below: the last good read)' : ''}`] : []),
    ...(s?.truncated ? [`the table ${describeCut(s.truncated)}: read stopped there, counts are partial`] : []),
  ].flatMap((w) => wrap(`! ${w}`, p.width, '  '));
  const rows = Math.max(0, p.height - 1) - warnings.length;
  // The heading's lines and one of column names.
  const chrome = entries ? entryHeading(entries, p.exact, p.width).length + 1 : 0;
  const room = entries ? Math.max(0, rows - chrome - entryRowsOf(p.height)) : rows;
  const counts = s ? countsLines(p, s, room) : [];
  const lines = Math.max(1, rows - counts.length - chrome);
  const form = entries ? entryForm(entries, lines, p.width) : { rows: lines, twoLine: false };
  return { warnings, counts, entryRows: form.rows, twoLine: form.twoLine };
}

/** The title's settings: the rows the last read saw and how long it took, or why there are none. */
function titleInfo(p: CountsData): string {
  const s = p.summary;
  const age = p.ageMs === undefined ? '' : `${roughDuration(p.ageMs)} before the services, `;
  if (s)
    return `${count(s.rows, p.exact)} ${plural(s.rows, 'entry', 'entries')}, read ${age}in ${roughDuration(s.durationMs)}`;
  if (p.error) return 'unreadable';
  if (p.notRecorded) return 'no counts kept for this moment';
  return p.ipvsGone ? 'waiting for IPVS' : 'reading /proc/net/ip_vs_conn…';
}

/**
 * Columns the pane's lines fill unbroken (the layout's measure of its need): the title, the
 * counts in each form, and the browser's heading and rows on one line each.
 */
export function connectionsWidth(p: CountsData, entries: EntriesShown | undefined): number {
  const f = countsForms(p);
  const lines = [...f.full, ...f.names, ...f.compact, ...f.talkers];
  if (entries) lines.push(...entryLines(entries, p.exact, Number.POSITIVE_INFINITY));
  return Math.max(titleWidth('connections', titleInfo(p)), ...lines.map(width));
}

export const ConnectionsPane = memo(function ConnectionsPane(p: ConnectionsPaneProps) {
  const theme = useTheme();
  const info = titleInfo(p);
  const { warnings, counts, entryRows, twoLine } = connectionsLayout(p, p.entries);
  const rows = Math.max(0, p.height - 1);
  const body = [
    ...warnings,
    ...counts,
    ...(p.entries ? entryLines({ ...p.entries, rows: entryRows }, p.exact, p.width, twoLine) : []),
  ];
  const shown = body.length > rows ? [...body.slice(0, rows - 1), '… (taller terminal shows more)'] : body;
  return (
    <Box flexDirection="column" width={p.width} height={p.height} overflow="hidden">
      <PaneTitle pane="connections" focused={p.focused} tabs={p.tabs} info={info} width={p.width} />
      {shown.map((l, i) => (
        <Line
          key={i}
          text={clip(l, p.width)}
          style={
            l.startsWith('!') || warnings.includes(l)
              ? theme.warn
              : l.startsWith('>')
                ? theme.selected
                : /^(Connections|Templates|Top clients| Pro )/.test(l)
                  ? theme.columns
                  : l.startsWith('(')
                    ? theme.dim
                    : undefined
          }
        />
      ))}
    </Box>
  );
});
