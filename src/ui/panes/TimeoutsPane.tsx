/** 3 Timeouts: the tcp, tcpfin and udp connection timeouts, with IPVS info and sync daemons. */

import { Box } from 'ink';
import { memo } from 'react';
import type { Timeouts } from '../../kernel/ipvs/types.js';
import type { TableMeta } from '../../state/types.js';
import { clip } from '../format/text.js';
import { seconds } from '../format/units.js';
import { Line } from '../Line.js';
import { useTheme } from '../theme.js';
import { PaneTitle } from './PaneTitle.js';

export interface TimeoutsPaneProps {
  width: number;
  height: number;
  focused: boolean;
  tabs: boolean;
  meta?: TableMeta;
  /** The `t` key's label, or undefined when actions are refused. */
  setKey?: string;
  /** Timeouts that changed a few seconds ago (change highlighting). */
  changed?: ReadonlyMap<keyof Timeouts, number>;
}

/** The timeouts in the order of their lines. */
const TIMEOUT_LINES: readonly (keyof Timeouts)[] = ['tcp', 'tcpFin', 'udp'];

export function timeoutLines(meta: TableMeta | undefined): string[] {
  if (!meta) return ['reading…'];
  const t = meta.timeouts;
  // Short lines: the pane is 28 columns wide at 120x36 and nothing in it may be cut.
  const lines = [`tcp      ${seconds(t.tcp)}`, `tcpfin   ${seconds(t.tcpFin)}`, `udp      ${seconds(t.udp)}`];
  lines.push(`IPVS ${meta.info.version}, hash ${meta.info.connTableSize}`);
  if (meta.daemons.length === 0) lines.push('sync daemon: none');
  for (const d of meta.daemons) {
    lines.push(`sync ${d.state} ${d.mcastInterface} id ${d.syncId}`);
    if (d.mcastGroup)
      lines.push(`  ${d.mcastGroup}${d.mcastPort ? `:${d.mcastPort}` : ''}${d.mcastTtl ? ` ttl ${d.mcastTtl}` : ''}`);
  }
  return lines;
}

export const TimeoutsPane = memo(function TimeoutsPane(p: TimeoutsPaneProps) {
  const theme = useTheme();
  const lines = timeoutLines(p.meta).slice(0, Math.max(0, p.height - 1));
  const changed = (i: number): boolean => p.meta !== undefined && p.changed?.has(TIMEOUT_LINES[i]!) === true;
  // Without colour a changed timeout is marked `*` after its value.
  const text = (l: string, i: number): string => (changed(i) && theme.marks ? `${l} *` : l);
  return (
    <Box flexDirection="column" width={p.width} height={p.height} overflow="hidden">
      <PaneTitle
        pane="timeouts"
        focused={p.focused}
        tabs={p.tabs}
        info={p.setKey ? `${p.setKey} sets them` : ''}
        width={p.width}
      />
      {lines.map((l, i) => (
        <Line
          key={i}
          text={clip(text(l, i), p.width)}
          style={changed(i) ? theme.changed : i < 3 ? undefined : theme.dim}
        />
      ))}
    </Box>
  );
});
