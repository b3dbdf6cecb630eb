/** A pane's first line: the tab strip (one pane at a time) or the pane's own name (all panes shown), then its settings. */
import { memo } from 'react';
import { PANES, type PaneId } from '../../state/types.js';
import { fitSegments, Segments, type Segment } from '../Line.js';
import { useTheme } from '../theme.js';

export const PANE_NAMES: Record<PaneId, string> = { services: 'Services', connections: 'Connections', timeouts: 'Timeouts', arp: 'ARP' };

export interface PaneTitleProps {
  pane: PaneId;
  focused: boolean;
  /** Show all four panes as tabs (the single-pane layout). */
  tabs: boolean;
  /** Settings shown after the name: sort, filter, rate source. */
  info: string;
  width: number;
}

export const PaneTitle = memo(function PaneTitle({ pane, focused, tabs, info, width }: PaneTitleProps) {
  const theme = useTheme();
  const parts: Segment[] = [];
  const names = tabs ? PANES : [pane];
  for (const p of names) {
    const on = p === pane;
    const label = `${PANES.indexOf(p) + 1} ${PANE_NAMES[p]}`;
    // Brackets tell the current tab apart without colour.
    parts.push({ text: on && tabs ? `[${label}]` : ` ${label} `, style: on ? (focused ? theme.titleFocused : theme.title) : theme.dim });
  }
  if (info) parts.push({ text: `  ${info}`, style: theme.dim });
  return <Segments parts={fitSegments(parts, width)} />;
});
