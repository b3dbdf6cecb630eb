/** The one line editor: the `/` filter and every dialog field edit their text through it. */

/** One edit of a line of text; `clear` empties it, as Ctrl-U does in a shell. */
export type LineEdit = { kind: 'insert'; text: string } | { kind: 'deleteBack' } | { kind: 'clear' };

/** Printable characters only: control characters (a pasted escape sequence, a newline) never reach a line. */
const printable = (s: string): string => s.replace(/[\u0000-\u001f\u007f-\u009f]/g, '');

/** `value` after the edit, at most `max` characters (code points: an é is one). */
export function editLine(value: string, edit: LineEdit, max: number): string {
  const chars = [...value];
  if (edit.kind === 'deleteBack') return chars.slice(0, -1).join('');
  if (edit.kind === 'clear') return '';
  return [...chars, ...printable(edit.text)].slice(0, max).join('');
}

/** The longest filter: enough for an IPv6 address and port, short enough for the status line. */
export const FILTER_MAX = 64;
