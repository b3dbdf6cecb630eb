/**
 * The few styles the monitor uses, by role. With --no-color / NO_COLOR every
 * style is empty (run.tsx also sets chalk's level to 0); nothing depends on
 * colour alone: the selection has a `>` marker, warnings a `!` or `~`.
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
};

export const PLAIN_THEME: Theme = Object.fromEntries(
  Object.keys(COLOR_THEME).map((k) => [k, NONE]),
) as unknown as Theme;

export const ThemeContext = createContext<Theme>(COLOR_THEME);

export const useTheme = (): Theme => useContext(ThemeContext);
