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

/**
 * Each key of one read, one at a time. Ink hands printable keys that arrived together
 * (a held `j` while the monitor was busy, "2j" typed fast over a slow link) over as one
 * string; a command key must still act once per press. `handle` returns false to drop the
 * rest: a key that opened a dialog, the filter or help does not pass what follows to
 * handlers of the old mode, and a confirmation typed ahead of its dialog ("zy") is never
 * acted on.
 */
export function eachKey(input: string, key: Key, handle: (input: string, key: Key) => boolean | void): void {
  const chars = [...input];
  if (chars.length > 1 && !key.ctrl && !key.meta && chars.every((c) => c >= ' ' && c !== '\x7f')) {
    for (const c of chars) if (handle(c, key) === false) return;
  } else {
    handle(input, key);
  }
}
