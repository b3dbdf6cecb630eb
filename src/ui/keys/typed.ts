/**
 * Text typed into a field, split into edits. Over a slow link several keys
 * arrive in one read and Ink hands them over as one string ("clear\r",
 * "\x7f\x7f5"); each must still do what it would have done alone.
 */
export type TypedOp = { kind: 'text'; text: string } | { kind: 'backspace' } | { kind: 'enter' };

export function typedOps(input: string): TypedOp[] {
  const ops: TypedOp[] = [];
  let text = '';
  const flush = (): void => {
    if (text) ops.push({ kind: 'text', text });
    text = '';
  };
  for (const ch of input) {
    if (ch === '\r' || ch === '\n') {
      flush();
      ops.push({ kind: 'enter' });
    } else if (ch === '\x7f' || ch === '\b') {
      flush();
      ops.push({ kind: 'backspace' });
    } else if (ch >= ' ') text += ch; // other control characters never reach a field
  }
  flush();
  return ops;
}
