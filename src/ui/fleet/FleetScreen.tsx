/**
 * The fleet screen's drawing: the header's counts, the column headings, the body's lines from
 * `top` (directors grouped by pair under their pairs' heads, findings and drift; ssh's reason under
 * a director not read), and the keys or the last message at the bottom. Props only, no I/O; at
 * most `rows - 1` lines (Ink 6.8 clears the whole screen on every frame as tall as the terminal).
 */
import { Box } from 'ink';
import { memo } from 'react';
import { type FleetLine, rowText, SCREEN_HEADINGS } from '../../state/fleetScreen.js';
import { clip } from '../format/text.js';
import { Line } from '../Line.js';
import { type Theme, useTheme } from '../theme.js';

/** Lines that are not the body: the header, the headings and the footer. */
export const FLEET_CHROME_LINES = 3;

export const FLEET_FOOTER = 'Up/Down/j/k PgUp/PgDn Home/End move  Enter its monitor (ssh -t)  q quit';

export interface FleetScreenProps {
  header: string;
  lines: readonly FleetLine[];
  widths: readonly number[];
  /** Index in `lines` of the selected director's row, or -1. */
  selected: number;
  top: number;
  columns: number;
  rows: number;
  /** Shown in place of the keys until the next key (how the last `ssh -t` ended). */
  message: string | null;
}

/** Body lines on a terminal of `rows`. */
export const fleetBodyHeight = (rows: number): number => Math.max(1, rows - 1 - FLEET_CHROME_LINES);

function bodyLine(l: FleetLine, widths: readonly number[], isSelected: boolean, t: Theme) {
  switch (l.kind) {
    case 'pair':
      return { text: l.text, style: l.problem ? t.warn : t.title };
    case 'note':
      return { text: `  ${l.label} ${l.text}`, style: l.label === 'CRIT' ? t.error : t.warn };
    case 'group':
      return { text: l.text, style: t.dim };
    case 'reason':
      return { text: `    ${l.text}`, style: t.dim };
    case 'row': {
      const text = `${isSelected ? '>' : ' '}${rowText(l.cells, widths)}`;
      const style = isSelected
        ? t.selected
        : l.state === 'reachable'
          ? undefined
          : l.state === 'stale'
            ? t.warn
            : t.error;
      return { text, style };
    }
  }
}

export const FleetScreen = memo(function FleetScreen(p: FleetScreenProps) {
  const t = useTheme();
  const height = fleetBodyHeight(p.rows);
  const shown = p.lines.slice(p.top, p.top + height);
  const cut = (s: string): string => clip(s, p.columns);
  return (
    <Box flexDirection="column" width={p.columns} height={height + FLEET_CHROME_LINES} overflow="hidden">
      <Line text={cut(p.header)} style={t.title} />
      <Line text={cut(` ${rowText(SCREEN_HEADINGS, p.widths)}`)} style={t.columns} />
      <Box flexDirection="column" height={height}>
        {shown.map((l, i) => {
          const { text, style } = bodyLine(l, p.widths, p.top + i === p.selected, t);
          return <Line key={p.top + i} text={cut(text)} style={style} />;
        })}
      </Box>
      <Line text={cut(p.message ?? FLEET_FOOTER)} style={p.message ? t.warn : t.dim} />
    </Box>
  );
});
