/**
 * The few styles the monitor uses, by role. With --no-color / NO_COLOR every
 * style is empty (the monitor also sets FORCE_COLOR=0 for chalk); nothing depends on
 * colour alone: the selection has a `>` marker, warnings a `!` or `~`, new and
 * gone rows say so in their State column, and without colour a changed value
 * is marked `*` (`marks`).
 */
import { createContext, useContext } from 'react';

/** Props of Ink's <Text> that we use. */
export interface Style {
  color?: string;
  backgroundColor?: string;
  bold?: boolean;
  inverse?: boolean;
  dimColor?: boolean;
}

export interface Theme {
  title: Style;
  titleFocused: Style;
  columns: Style;
  selected: Style;
  service: Style;
  dest: Style;
  quiesced: Style;
  overloaded: Style;
  dim: Style;
  ok: Style;
  error: Style;
  warn: Style;
  marker: Style;
  dialog: Style;
  /** A value that changed at a recent refresh (watch -d). */
  changed: Style;
  /** A row that appeared a few seconds ago. */
  added: Style;
  /** A row that left the table, shown a few seconds more. */
  gone: Style;
  /** No colour: what only colour would show (a changed value) is marked in the text. */
  marks: boolean;
}

const NONE: Style = Object.freeze({});

export const COLOR_THEME: Theme = {
  title: { bold: true },
  titleFocused: { bold: true, inverse: true },
  columns: { color: 'cyan', bold: true },
  selected: { inverse: true },
  service: { bold: true },
  dest: NONE,
  quiesced: { color: 'yellow' },
  overloaded: { color: 'red', bold: true },
  dim: { dimColor: true },
  ok: { color: 'green' },
  error: { color: 'red', bold: true },
  warn: { color: 'yellow', bold: true },
  marker: { color: 'black', backgroundColor: 'yellow' },
  dialog: { color: 'black', backgroundColor: 'cyan' },
  changed: { color: 'black', backgroundColor: 'yellow', bold: true },
  added: { color: 'green', bold: true },
  gone: { color: 'red', dimColor: true },
  marks: false,
};

export const PLAIN_THEME: Theme = {
  ...(Object.fromEntries(Object.keys(COLOR_THEME).map((k) => [k, NONE])) as unknown as Theme),
  marks: true,
};

export const ThemeContext = createContext<Theme>(COLOR_THEME);

export const useTheme = (): Theme => useContext(ThemeContext);
