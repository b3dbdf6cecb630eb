/**
 * Checked reads of a `list --json` document that came from elsewhere (another director, over
 * ssh): each field is tested for what list --json writes before it is used, and a field that is
 * not gives one line saying where (a BadDocument), never a crash or a misread.
 */

export type Obj = Record<string, unknown>;

export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
export const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
/** A finite number (rates are the kernel's estimates, not always integers). */
export const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
/** A name or an address: short, and without control characters (lines go to a terminal: no escape sequence gets through). */
export const isText = (v: unknown): v is string =>
  typeof v === 'string' && v.length <= 256 && !/[\u0000-\u001f\u007f-\u009f]/.test(v);

export class BadDocument extends Error {}

/** The field if it passes `ok`; else a BadDocument naming it and `where` it is. */
export function need<T>(o: Obj, field: string, ok: (v: unknown) => v is T, where: string): T {
  const v = o[field];
  if (!ok(v)) throw new BadDocument(`${where}: '${field}' is missing or not what list --json writes`);
  return v;
}

/** `read(doc)`, or the BadDocument's line. */
export function readChecked<T>(read: () => T): T | string {
  try {
    return read();
  } catch (e) {
    if (e instanceof BadDocument) return e.message;
    throw e;
  }
}
