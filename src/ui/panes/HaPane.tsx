/** 6 HA: keepalived's VRRP instances, health checks beside the kernel's weights, sync, events. */

import { Box } from 'ink';
import { memo } from 'react';
import type { HaStatus } from '../../domain/ha.js';
import { haLogLines } from '../../state/eventLog.js';
import type { LoggedEvent } from '../../state/types.js';
import { clip } from '../format/text.js';
import { Line } from '../Line.js';
import { useTheme } from '../theme.js';
import { haLines, haTitle } from './haLines.js';
import { PaneTitle } from './PaneTitle.js';

export interface HaPaneProps {
  width: number;
  height: number;
  focused: boolean;
  tabs: boolean;
  status?: HaStatus;
  /** The monitor's event log: the pane shows its HA and kernel-table lines. */
  events?: readonly LoggedEvent[];
}

export const HaPane = memo(function HaPane(p: HaPaneProps) {
  const theme = useTheme();
  const styles = { normal: undefined, heading: theme.service, warn: theme.warn, dim: theme.dim };
  const lines = haLines(p.status, haLogLines(p.events)).slice(0, Math.max(0, p.height - 1));
  return (
    <Box flexDirection="column" width={p.width} height={p.height} overflow="hidden">
      <PaneTitle pane="ha" focused={p.focused} tabs={p.tabs} info={haTitle(p.status)} width={p.width} />
      {lines.map((l, i) => (
        <Line key={i} text={clip(l.text, p.width)} style={styles[l.kind]} />
      ))}
    </Box>
  );
});
