/**
 * 7 Events: the monitor's event log, newest first, one event a line (`HH:MM:SS  text`), cut to
 * the pane's width: the table's changes, the HA daemon's, the doctor's findings appearing and
 * clearing, SYN_RECV pile-ups, IPVS gone and back. The movement keys scroll it.
 */

import { Box } from 'ink';
import { memo } from 'react';
import { plural } from '../../domain/labels.js';
import type { LoggedEvent } from '../../state/types.js';
import { clip } from '../format/text.js';
import { Line } from '../Line.js';
import { useTheme } from '../theme.js';
import { clockTime } from './haLines.js';
import { PaneTitle, type Setting } from './PaneTitle.js';

export interface EventsPaneProps {
  width: number;
  height: number;
  focused: boolean;
  tabs: boolean;
  /** The log, oldest first (as the state keeps it). */
  events?: readonly LoggedEvent[];
  /** The first event on screen, counted from the newest. */
  top: number;
  /** The event under the cursor (Enter: its moment), counted likewise; drawn while the pane has the focus. */
  cursor?: number;
}

/** One event's line, without its style. */
export const eventLine = (e: LoggedEvent): string => `${clockTime(e.at)}  ${e.text}`;

/** Which events are on screen, in the title: `4-21 of 57`. */
function position(total: number, top: number, shown: number): Setting[] {
  if (total === 0) return [];
  if (shown === total) return [`${total} ${plural(total, 'event')}`, 'newest first'];
  return [`${top + 1}-${top + shown} of ${total}`, { text: 'newest first', optional: true }];
}

export const EventsPane = memo(function EventsPane(p: EventsPaneProps) {
  const theme = useTheme();
  const rows = Math.max(0, p.height - 1);
  const all = p.events ?? [];
  const top = Math.max(0, Math.min(p.top, all.length - rows));
  // Newest first: the log's end, from `top` back.
  const shown = all.slice(Math.max(0, all.length - top - rows), all.length - top).reverse();
  return (
    <Box flexDirection="column" width={p.width} height={p.height} overflow="hidden">
      <PaneTitle
        pane="events"
        focused={p.focused}
        tabs={p.tabs}
        info={position(all.length, top, shown.length)}
        width={p.width}
      />
      {all.length === 0 && rows > 0 ? <Line text={clip('no events since the monitor started', p.width)} /> : null}
      {shown.map((e, i) => (
        <Line
          key={i}
          text={clip(eventLine(e), p.width)}
          style={p.focused && top + i === p.cursor ? theme.selected : e.warn ? theme.warn : undefined}
        />
      ))}
    </Box>
  );
});
