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
  backspace: 'Backspace',
  delete: 'Del',
};

/** How a key is written on screen: `q`, `^C`, `S-Tab`, `Space`. */
export function keyLabel(k: KeySpec): string {
  const base = k.name ? NAMED_LABELS[k.name] : k.input === ' ' ? 'Space' : (k.input ?? '');
  return `${k.ctrl ? '^' : ''}${k.shift && k.name ? 'S-' : ''}${k.ctrl ? base.toUpperCase() : base}`;
}
