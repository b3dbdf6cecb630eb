/** `?`: every key and what it does, generated from the bindings, plus what the marks mean. */
import { memo } from 'react';
import { Box, useInput } from 'ink';
import { COMMANDS, DESCRIPTIONS, keysOf, type Section } from './keys/bindings.js';
import { clip, padEnd } from './format/text.js';
import { Line } from './Line.js';
import { useTheme } from './theme.js';

export interface HelpScreenProps {
  width: number;
  height: number;
  onClose: () => void;
  onQuit: () => void;
}

const SECTIONS: Section[] = ['Move', 'View', 'Act on the kernel (confirmed first)'];

const LEGEND = [
  'Marks: > selected   ! at the upper threshold   ~ quiesced (weight 0)',
  'Rates: Δ = counter deltas over the real time between polls; kernel = its 8 s average (r)',
  'In dialogs: y confirms, n or Esc cancels; C needs the word "clear" and Enter',
];

/** Help entries: section headings and `keys  description` lines. */
export function helpLines(): string[] {
  const lines: string[] = [];
  for (const section of SECTIONS) {
    lines.push(section);
    for (const c of COMMANDS) if (DESCRIPTIONS[c].section === section) lines.push(`  ${padEnd(keysOf(c), 10)} ${DESCRIPTIONS[c].help}`);
  }
  return lines;
}

/** Two columns when there is room, so the whole help fits an 80x24 terminal (18 lines under its title). */
export function helpLayout(width: number, height: number): string[] {
  const entries = helpLines();
  const room = Math.max(1, height - LEGEND.length - 1);
  if (entries.length <= room || width < 70) return [...entries.slice(0, room), '', ...LEGEND];
  const half = Math.ceil(entries.length / 2);
  const colWidth = Math.floor((width - 1) / 2);
  const lines: string[] = [];
  // Keys come before the blank line above the legend: at 24 rows the two columns need its row.
  const rows = Math.min(half, room + 1);
  for (let i = 0; i < rows; i++) lines.push(`${padEnd(entries[i] ?? '', colWidth)} ${entries[i + half] ?? ''}`);
  return [...lines, ...(rows <= room ? [''] : []), ...LEGEND];
}

export const HelpScreen = memo(function HelpScreen({ width, height, onClose, onQuit }: HelpScreenProps) {
  const theme = useTheme();
  useInput((input, key) => {
    if (key.ctrl && input === 'c') onQuit();
    else if (key.escape || key.return || input === '?' || input === 'q') onClose();
  });
  const lines = helpLayout(width, height - 1).slice(0, height - 1);
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Line text={clip(' Help  (? or Esc closes)', width)} style={theme.titleFocused} />
      {lines.map((l, i) => (
        <Line key={i} text={clip(l, width)} style={SECTIONS.includes(l as Section) ? theme.columns : undefined} />
      ))}
    </Box>
  );
});
