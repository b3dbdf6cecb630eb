/** Keys as data, and how a key is written on screen. */

/** Ink's named keys we bind. */
export type NamedKey =
  | 'upArrow'
  | 'downArrow'
  | 'pageUp'
  | 'pageDown'
  | 'home'
  | 'end'
  | 'tab'
  | 'return'
  | 'escape'
  | 'backspace'
  | 'delete';

/** One key: a typed character (`input`) or a named key, with modifiers that must match exactly. */
export interface KeySpec {
  input?: string;
  name?: NamedKey;
  ctrl?: boolean;
  shift?: boolean;
}

const NAMED_LABELS: Record<NamedKey, string> = {
  upArrow: '↑',
  downArrow: '↓',
  pageUp: 'PgUp',
  pageDown: 'PgDn',
  home: 'Home',
  end: 'End',
  tab: 'Tab',
  return: 'Enter',
  escape: 'Esc',
  backspace: 'BkSp',
  delete: 'Del',
};

/**
 * What a terminal sends, after ESC, for each named key that is a sequence: the xterm and the vt
 * forms (Home is `[H`, `OH`, `[1~` or `[7~` depending on the terminal and its mode). Tab, Enter,
 * Esc and Backspace are single bytes; Shift-Tab is `[Z`.
 */
const NAMED_SEQUENCES: Partial<Record<NamedKey, readonly string[]>> = {
  upArrow: ['[A', 'OA'],
  downArrow: ['[B', 'OB'],
  home: ['[H', 'OH', '[1~', '[7~'],
  end: ['[F', 'OF', '[4~', '[8~'],
  pageUp: ['[5~'],
  pageDown: ['[6~'],
  delete: ['[3~'],
};

/** The escape sequences (after ESC) that mean this key. */
export function sequencesOf(k: KeySpec): readonly string[] {
  if (k.name === 'tab' && k.shift) return ['[Z'];
  return k.name ? (NAMED_SEQUENCES[k.name] ?? []) : [];
}

/** How a key is written on screen: `q`, `^C`, `S-Tab`, `Space`. */
export function keyLabel(k: KeySpec): string {
  const base = k.name ? NAMED_LABELS[k.name] : k.input === ' ' ? 'Space' : (k.input ?? '');
  return `${k.ctrl ? '^' : ''}${k.shift && k.name ? 'S-' : ''}${k.ctrl ? base.toUpperCase() : base}`;
}
