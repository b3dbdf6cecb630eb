/** The status line (messages, poll errors, the filter being typed) and the key footer generated from the bindings. */

import { Box } from 'ink';
import { memo } from 'react';
import type { MonitorState, PaneId, PollSource, Status } from '../state/types.js';
import {
  actsIn,
  type Command,
  DANGEROUS,
  DESCRIPTIONS,
  FOOTER,
  GLOBAL_COMMANDS,
  KEYMAP,
  keyLabel,
  PANE_COMMANDS,
} from './keys/bindings.js';
import { fitSegments, type Segment, Segments } from './Line.js';
import { useTheme } from './theme.js';

export interface FooterProps {
  width: number;
  /** Action keys are left out when actions are refused (the header says READ-ONLY). */
  actionsAllowed: boolean;
  /** Only keys that act in the focused pane are shown (no `/` or `s` in Timeouts, no `z` in ARP; see ACTION_PANES). */
  focus?: PaneId;
}

/** `? Help  q Quit  Tab Pane …`, cut at the width. */
export function footerItems(actionsAllowed: boolean, focus: PaneId = 'services'): { key: string; label: string }[] {
  const acting = new Set<Command>([...GLOBAL_COMMANDS, ...PANE_COMMANDS[focus]]);
  const shown = FOOTER.filter((c) => acting.has(c) && actsIn(c, focus) && (actionsAllowed || !DANGEROUS.includes(c)));
  return shown.map((c) => ({ key: keyLabel(KEYMAP[c][0]!), label: DESCRIPTIONS[c].short }));
}

export const Footer = memo(function Footer({ width, actionsAllowed, focus }: FooterProps) {
  const theme = useTheme();
  const parts: Segment[] = footerItems(actionsAllowed, focus).flatMap(({ key, label }) => [
    { text: key, style: theme.columns },
    { text: ` ${label}  ` },
  ]);
  // Whole items only: a key without its label is noise.
  let w = 0;
  const fitted: Segment[] = [];
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const n = parts[i]!.text.length + parts[i + 1]!.text.trimEnd().length;
    if (w + n > width) break;
    fitted.push(parts[i]!, parts[i + 1]!);
    w += parts[i]!.text.length + parts[i + 1]!.text.length;
  }
  // The last item's trailing gap may not fit: left in, it would cut the label with an ellipsis.
  const last = fitted.at(-1);
  if (last) fitted[fitted.length - 1] = { ...last, text: last.text.trimEnd() };
  return <Segments parts={fitSegments(fitted, width)} />;
});

const SOURCE_NAMES: Record<PollSource, string> = {
  services: 'services',
  dests: 'real servers',
  conn: 'connection table',
  neighbours: 'neighbours',
  ha: 'HA daemon',
  doctor: 'doctor',
};

export interface StatusLineProps {
  width: number;
  status?: Status;
  errors: MonitorState['errors'];
  /** The `/` filter being typed. */
  filter?: string;
  /** Why action keys are off, shown when there is nothing else to say. */
  refusal?: string;
}

/** Poll errors stay on screen until the next good read; the last message goes first. */
export const StatusLine = memo(function StatusLine({ width, status, errors, filter, refusal }: StatusLineProps) {
  const theme = useTheme();
  if (filter !== undefined) {
    return (
      <Segments
        parts={fitSegments(
          [
            { text: '/', style: theme.columns },
            { text: `${filter}_` },
            { text: '   Enter keeps, Esc clears', style: theme.dim },
          ],
          width,
        )}
      />
    );
  }
  const parts: Segment[] = [];
  if (status)
    parts.push({
      text: status.text,
      style: status.kind === 'error' ? theme.error : status.kind === 'ok' ? theme.ok : undefined,
    });
  for (const [source, message] of Object.entries(errors) as [PollSource, string][]) {
    if (parts.length) parts.push({ text: '  |  ' });
    parts.push({ text: `reading ${SOURCE_NAMES[source]} failed: ${message}`, style: theme.error });
  }
  if (parts.length === 0 && refusal) parts.push({ text: `action keys are off: ${refusal}`, style: theme.dim });
  return (
    <Box width={width} height={1}>
      <Segments parts={fitSegments(parts.length ? parts : [{ text: ' ' }], width)} />
    </Box>
  );
});
