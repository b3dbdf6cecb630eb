/** Which command a key press means, from the key map (tested with tables of keys that must and must not match). */
import type { Key } from 'ink';
import { KEYMAP, type Command, type KeySpec } from './bindings.js';

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
