/**
 * 2 Connections: the connection table counted by state, for the whole table
 * and for the selected service and real server; persistence templates apart,
 * labelled as templates. Movement keys move the services selection, so the
 * scope can be changed from here.
 */
import { memo } from 'react';
import { Box } from 'ink';
import type { ConnTableSummary, StateCounts } from '../../kernel/proc/types.js';
import type { SplitCounts } from '../../state/connCounts.js';
import { total } from '../../state/connCounts.js';
import { count, roughDuration } from '../format/units.js';
import { clip, padEnd, padStart } from '../format/text.js';
import { Line } from '../Line.js';
import { useTheme } from '../theme.js';
import { PaneTitle } from './PaneTitle.js';

/** One column of counts: the whole table, the selected service, the selected real server. */
export interface ConnColumn {
  label: string;
  counts?: SplitCounts;
}

export interface ConnectionsPaneProps {
  width: number;
  height: number;
  focused: boolean;
  tabs: boolean;
  summary?: ConnTableSummary;
  columns: readonly ConnColumn[];
  /** Entries of services no longer on the table. */
  unattributed?: number;
  exact: boolean;
}

/** The kernel's TCP state order (ip_vs_proto_tcp.c tcp_state_name_table), then UDP, then whatever else appears. */
const STATE_ORDER = ['ESTABLISHED', 'SYN_SENT', 'SYN_RECV', 'SYNACK', 'FIN_WAIT', 'TIME_WAIT', 'CLOSE', 'CLOSE_WAIT', 'LAST_ACK', 'LISTEN', 'NONE', 'UDP'];
export function orderedStates(counts: readonly (StateCounts | undefined)[]): string[] {
  const seen = new Set<string>();
  for (const c of counts) for (const [k, n] of Object.entries(c ?? {})) if (n > 0) seen.add(k);
  const known = STATE_ORDER.filter((s) => seen.has(s));
  return [...known, ...[...seen].filter((s) => !STATE_ORDER.includes(s)).sort()];
}

function table(columns: readonly ConnColumn[], pick: (c: SplitCounts) => StateCounts, heading: string, exact: boolean, width: number): string[] {
  const counts = columns.map((c) => (c.counts ? pick(c.counts) : undefined));
  const states = orderedStates(counts);
  const colWidth = Math.max(8, Math.floor((width - 14) / Math.max(1, columns.length)) - 1);
  const cell = (c: StateCounts | undefined, s: string): string => (c ? count(c[s] ?? 0, exact) : '-');
  const lines = [padEnd(heading, 13) + columns.map((c) => ' ' + padStart(c.label, colWidth)).join('')];
  for (const s of states) lines.push(padEnd(`  ${s}`, 13) + counts.map((c) => ' ' + padStart(cell(c, s), colWidth)).join(''));
  lines.push(padEnd('  total', 13) + counts.map((c) => ' ' + padStart(c ? count(total(c), exact) : '-', colWidth)).join(''));
  return lines;
}

export const ConnectionsPane = memo(function ConnectionsPane(p: ConnectionsPaneProps) {
  const theme = useTheme();
  const s = p.summary;
  const info = s ? `${count(s.rows, p.exact)} entries, read in ${roughDuration(s.durationMs)}` : 'reading /proc/net/ip_vs_conn…';
  const body = s
    ? [
        ...table(p.columns, (c) => c.conns, 'Connections', p.exact, p.width),
        ...table(p.columns, (c) => c.templates, 'Templates', p.exact, p.width),
        '(templates are persistence entries, not connections)',
        ...(p.unattributed ? [`${count(p.unattributed, p.exact)} entries of services no longer on the table`] : []),
        ...(s.malformed ? [`${s.malformed} unreadable lines skipped`] : []),
      ]
    : [];
  const rows = Math.max(0, p.height - 1);
  const shown = body.length > rows ? [...body.slice(0, rows - 1), '… (taller terminal shows more)'] : body;
  return (
    <Box flexDirection="column" width={p.width} height={p.height} overflow="hidden">
      <PaneTitle pane="connections" focused={p.focused} tabs={p.tabs} info={info} width={p.width} />
      {shown.map((l, i) => (
        <Line key={i} text={clip(l, p.width)} style={l.startsWith('Connections') || l.startsWith('Templates') ? theme.columns : l.startsWith('(') ? theme.dim : undefined} />
      ))}
    </Box>
  );
});
