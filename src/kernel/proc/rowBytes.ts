/**
 * Byte checks of /proc/net/ip_vs_conn fields, without making strings: on whole
 * fields (the general way), and on four bytes at a time as one int32 (the
 * fixed-offset way, once per row, so they must be cheap); and the values of
 * fields already checked, for every reader of rows from their bytes.
 */

const SP = 0x20;
const COLON = 0x3a;

/** Hex digit values, -1 for anything else. */
const HEX = new Int8Array(256).fill(-1);
for (let i = 0; i < 10; i++) HEX[0x30 + i] = i;
for (let i = 0; i < 6; i++) {
  HEX[0x41 + i] = 10 + i;
  HEX[0x61 + i] = 10 + i;
}

/** The value of the hex digits b[at, at + len), checked to be hex digits (at most eight: exact, unsigned). */
export function hexValueAt(b: Uint8Array, at: number, len: number): number {
  let n = 0;
  for (let i = at; i < at + len; i++) n = n * 16 + HEX[b[i]!]!;
  return n;
}

/** The number printed in b[start, end) after its spaces (checked to be spaces, then digits). */
export function decimalAt(b: Uint8Array, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = b[i]!;
    if (c >= 0x30 && c <= 0x39) n = n * 10 + c - 0x30;
  }
  return n;
}

export function isHexRun(b: Uint8Array, at: number, len: number): boolean {
  for (let i = at; i < at + len; i++) if (HEX[b[i]!]! < 0) return false;
  return true;
}

/** Whether b[start, end) is 1 to `max` decimal digits. */
export function isDigitRun(b: Uint8Array, start: number, end: number, max: number): boolean {
  if (end <= start || end - start > max) return false;
  for (let i = start; i < end; i++) if (b[i]! < 0x30 || b[i]! > 0x39) return false;
  return true;
}

/** An address field, as isProcAddress(): 8 hex digits, or 8 groups of 4 joined by colons (%pI6). */
export function isProcAddressAt(b: Uint8Array, start: number, end: number): boolean {
  if (end - start === 8) return isHexRun(b, start, 8);
  if (end - start !== 39) return false;
  for (let i = start; i < end; i += 5) if (!isHexRun(b, i, 4) || (i + 4 < end && b[i + 4] !== COLON)) return false;
  return true;
}

/** The end of the run of non-spaces at `at`, if only spaces follow it up to `end`; else -1 (and for a newline). */
export function wordThenSpaces(b: Uint8Array, at: number, end: number): number {
  let i = at;
  while (i < end && b[i] !== SP && b[i] !== 0x0a) i++;
  if (i === at) return -1;
  for (let j = i; j < end; j++) if (b[j] !== SP) return -1;
  return i;
}

/*
 * Four bytes as one int32, little-endian: a byte test sets the high bit of
 * each byte it holds for. Bytes are first cut to 7 bits, so that adding a
 * constant to one never carries into the next, and bytes >= 0x80 fail.
 */
const HIGH = 0x80808080 | 0;
const LOW7 = 0x7f7f7f7f;

/** High bit of each byte that is '0'..'9'. */
function digitBits(w: number): number {
  const t = w & LOW7;
  return (t + 0x50505050) & ~(t + 0x46464646) & ~w & HIGH;
}

/** High bit of each byte that is a space. */
function spaceBits(w: number): number {
  const x = w ^ 0x20202020;
  return ~(((x & LOW7) + LOW7) | x | LOW7);
}

/**
 * 1 for each pair of bytes (as a little-endian u16) that are both '0'..'9' or
 * 'A'..'F', the kernel's %X: 64 KB, and measured cheaper per row than the
 * same test done on whole words.
 */
const UPPER_HEX_PAIRS = new Uint8Array(1 << 16);
const isUpperHex = (c: number): boolean => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46);
for (let i = 0; i < 1 << 16; i++) UPPER_HEX_PAIRS[i] = isUpperHex(i & 0xff) && isUpperHex(i >>> 8) ? 1 : 0;

/** Whether all twelve bytes of three words are upper-case hex digits (IPv4 fields as the kernel prints them). */
export function areUpperHexWords(a: number, b: number, c: number): boolean {
  const p = UPPER_HEX_PAIRS;
  return (p[a & 0xffff]! & p[a >>> 16]! & p[b & 0xffff]! & p[b >>> 16]! & p[c & 0xffff]! & p[c >>> 16]!) === 1;
}

/**
 * Whether eight bytes, `lo` then `hi`, are spaces then at least one digit: a
 * right-aligned number (%7u after its separating space), which splitting on
 * spaces reads as one field.
 */
export function isSpacesThenDigits(lo: number, hi: number): boolean {
  const dl = digitBits(lo);
  const dh = digitBits(hi);
  if ((dl | spaceBits(lo)) !== HIGH || (dh | spaceBits(hi)) !== HIGH || dh >= 0) return false;
  // A digit is followed by digits: within a word (the next byte is the next higher one), and into `hi`.
  return ((dl << 8) & ~dl) === 0 && ((dh << 8) & ~dh) === 0 && (dl === 0 || dh === HIGH);
}
