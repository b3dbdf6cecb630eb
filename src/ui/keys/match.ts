/** Which command a key press means, from the key map (tested with tables of keys that must and must not match). */
import type { Key } from 'ink';
import { type Command, KEYMAP } from './bindings.js';
import type { KeySpec } from './labels.js';

/** True when the press is exactly this key: modifiers must match too (Tab is not Shift-Tab). */
export function keyMatches(spec: KeySpec, input: string, key: Key): boolean {
  if (spec.name) return key[spec.name] && (spec.shift ?? false) === key.shift && !key.ctrl;
  if ((spec.ctrl ?? false) !== key.ctrl) return false;
  // Ink reports Esc and Alt-x with meta; a bound letter must be the plain letter.
  return !key.meta && input === spec.input;
}

/** The first of `among` that the press matches, if any. */
export function matchCommand(input: string, key: Key, among: readonly Command[]): Command | undefined {
  return among.find((c) => KEYMAP[c].some((spec) => keyMatches(spec, input, key)));
}

/** A key press with no named key and no modifier: what a plain character is. */
export const PLAIN_KEY: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};

/** One character of a read as the key Ink would have reported had it come alone. */
function keyOfChar(ch: string): [string, Key] | undefined {
  if (ch === '\r' || ch === '\n') return ['', { ...PLAIN_KEY, return: true }];
  if (ch === '\t') return ['', { ...PLAIN_KEY, tab: true }];
  if (ch === '\x7f') return ['', { ...PLAIN_KEY, delete: true }];
  if (ch === '\b') return ['', { ...PLAIN_KEY, backspace: true }];
  if (ch < ' ') return undefined; // other control characters are no key of ours
  return [ch, { ...PLAIN_KEY, shift: ch !== ch.toLowerCase() }];
}

/**
 * The keys of one read, one press each. Ink hands keys that arrived together (a held `j`
 * while the monitor was busy, "2j" or "clear" and Enter typed fast over a slow link) over as
 * one string; each must still act once, in order.
 */
export function splitKeys(input: string, key: Key): [string, Key][] {
  if ([...input].length <= 1 || key.ctrl || key.meta) return [[input, key]];
  return [...input].flatMap((ch) => {
    const one = keyOfChar(ch);
    return one ? [one] : [];
  });
}
