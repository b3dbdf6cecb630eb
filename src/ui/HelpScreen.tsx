/** `?`: every key and what it does, generated from the key map, plus what the marks mean. */

import { Box } from 'ink';
import { memo } from 'react';
import { plural } from '../domain/labels.js';
import { clip, padEnd } from './format/text.js';
import { HELP, keyNames, SECTIONS } from './keys/bindings.js';
import { Line } from './Line.js';
import { useTheme } from './theme.js';

export interface HelpScreenProps {
  width: number;
  height: number;
}

const LEGEND = [
  'Marks: > selected   ! at the upper threshold   ~ quiesced (weight 0)',
  'Changes: highlighted 5 s (* without colour); State says new or gone',
  "Rates: Δ = deltas between the kernel's updates; kernel = its own 8 s average",
];

/** The keys of a line's commands, each once (Enter expands a service, or looks an entry's client up). */
const keysOfLine = (commands: readonly Parameters<typeof keyNames>[0][]): string =>
  [...new Set(commands.map(keyNames))].join(' ');
const KEYS_WIDTH = Math.max(...HELP.map((h) => keysOfLine(h.commands).length));

/** One section: its heading, then `  keys  what they do` lines. */
function sectionLines(section: string): string[] {
  const items = HELP.filter((h) => h.section === section).map(
    (h) => `  ${padEnd(keysOfLine(h.commands), KEYS_WIDTH)} ${h.text}`,
  );
  return [section, ...items];
}

const SECTION_LINES = SECTIONS.map(sectionLines);
/** Every help line, one column. */
export const helpLines = (): string[] => SECTION_LINES.flat();
const COLUMN_WIDTH = Math.max(...helpLines().map((l) => l.length));

/** Sections split in two columns at the section boundary that balances them best: no heading is parted from its keys. */
function twoColumns(): [string[], string[]] {
  let best: [string[], string[]] = [helpLines(), []];
  for (let i = 1; i < SECTION_LINES.length; i++) {
    const left = SECTION_LINES.slice(0, i).flat();
    const right = SECTION_LINES.slice(i).flat();
    if (Math.max(left.length, right.length) < Math.max(best[0].length, best[1].length)) best = [left, right];
  }
  return best;
}

/**
 * The help in `width` x `height`: two columns when they fit side by side (80 columns do),
 * else one; the legend under it. What does not fit is counted on the last line, never cut
 * mid-line.
 */
export function helpLayout(width: number, height: number): string[] {
  let body: string[];
  if (width >= COLUMN_WIDTH * 2 + 2) {
    const [left, right] = twoColumns();
    body = Array.from({ length: Math.max(left.length, right.length) }, (_, i) =>
      `${padEnd(left[i] ?? '', COLUMN_WIDTH + 2)}${right[i] ?? ''}`.trimEnd(),
    );
  } else body = helpLines();
  const legend = LEGEND.filter((l) => l.length <= width);
  const all = [...body, ...(legend.length ? ['', ...legend] : [])];
  if (all.length <= height) return all;
  const shown = Math.max(0, height - 1);
  return [
    ...all.slice(0, shown),
    `… ${all.length - shown} more ${plural(all.length - shown, 'line')}: make the terminal larger`,
  ];
}

export const HelpScreen = memo(function HelpScreen({ width, height }: HelpScreenProps) {
  const theme = useTheme();
  const lines = helpLayout(width, height - 1);
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Line text={clip(' Help  (? or Esc closes)', width)} style={theme.titleFocused} />
      {lines.map((l, i) => (
        <Line
          key={i}
          text={clip(l, width)}
          style={(SECTIONS as readonly string[]).includes(l.trim()) ? theme.columns : undefined}
        />
      ))}
    </Box>
  );
});
