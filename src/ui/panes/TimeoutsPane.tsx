/** 3 Timeouts: the tcp, tcpfin and udp connection timeouts, with IPVS info and sync daemons. */

import { Box } from 'ink';
import { memo } from 'react';
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
}

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
        <Line key={i} text={clip(l, p.width)} style={i < 3 ? undefined : theme.dim} />
      ))}
    </Box>
  );
});
