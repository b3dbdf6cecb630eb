/**
 * IPv4 rows of /proc/net/ip_vs_conn in the kernel's fixed layout, told from their bytes:
 * a million-row table read row by row (`ipvstop conns`) then costs no string and no object
 * per row for nearly all of its rows. Line format: see connParser.ts.
 */
import { isHexRun, isSpacesThenDigits, wordThenSpaces } from './rowBytes.js';
import { isStateOf } from './states.js';
import { finalHash, MULTIPLIERS, WordTable } from './wordTable.js';

const SP = 0x20;

/**
 * An IPv4 row as the kernel prints it ("%-3s %08X %04X %08X %04X %08X %04X
 * %-11s %7u\n"): every field at a fixed offset from the end of the protocol,
 * which is 3 wide ("TCP", "IP ") or 4 ("SCTP", one byte later).
 */
export const ROW = {
  caddr: 4,
  cport: 13,
  vaddr: 18,
  vport: 27,
  daddr: 32,
  dport: 41,
  state: 46,
  expires: 58,
  /** The newline: 65 + 1 is the whole row. */
  end: 65,
} as const;
export const STATE_WIDTH = 11;

/** Four bytes as one little-endian int32. */
export const wordAt = (b: Uint8Array, at: number): number =>
  b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24);

/** Recognises fixed-layout rows; remembers the protocol and state pairs it has checked. */
export class FixedRows {
  /** The protocol's first word and the state field's three, to 1 (a valid pair). */
  private readonly pairs = new WordTable(4);
  private readonly key = new Int32Array(4);

  /**
   * Where the fields of the line b[start, end) (without its newline) are counted from, if it
   * is an IPv4 row in the kernel's fixed layout that parseConnLine() reads: `start`, or one
   * more after a four-letter protocol; -1 sends the line the general way. Every byte is
   * checked, so the offsets split the line where splitting on spaces would.
   */
  fieldsAt(b: Uint8Array, start: number, end: number): number {
    const q = b[start + 3] === SP ? start : start + 1;
    if (end - q !== ROW.end || b[q + 3] !== SP) return -1;
    for (const at of [ROW.cport, ROW.vaddr, ROW.vport, ROW.daddr, ROW.dport, ROW.state])
      if (b[q + at - 1] !== SP) return -1;
    if (!isHexRun(b, q + ROW.caddr, 8) || !isHexRun(b, q + ROW.cport, 4) || !isHexRun(b, q + ROW.vaddr, 8)) return -1;
    if (!isHexRun(b, q + ROW.vport, 4) || !isHexRun(b, q + ROW.daddr, 8) || !isHexRun(b, q + ROW.dport, 4)) return -1;
    if (!isSpacesThenDigits(wordAt(b, q + ROW.expires - 1), wordAt(b, q + ROW.expires + 3))) return -1;
    return this.validPair(b, start, q) ? q : -1;
  }

  /** Whether the protocol and the state (with the spaces after each) are a known pair. */
  private validPair(b: Uint8Array, start: number, q: number): boolean {
    const k = this.key;
    k[0] = wordAt(b, start);
    k[1] = wordAt(b, q + ROW.state);
    k[2] = wordAt(b, q + ROW.state + 4);
    k[3] = wordAt(b, q + ROW.state + 8);
    let h = 0;
    for (let i = 0; i < 4; i++) h = (h + Math.imul(k[i]!, MULTIPLIERS[i]!)) | 0;
    if (this.pairs.get(k, finalHash(h)) === 1) return true;
    const protocolEnd = wordThenSpaces(b, start, q + 3);
    const stateEnd = wordThenSpaces(b, q + ROW.state, q + ROW.state + STATE_WIDTH);
    if (protocolEnd < 0 || stateEnd < 0) return false;
    const text = (s: number, e: number): string => Buffer.from(b.buffer, b.byteOffset + s, e - s).toString('latin1');
    if (!isStateOf(text(start, protocolEnd), text(q + ROW.state, stateEnd))) return false;
    this.pairs.add(k, 1);
    return true;
  }
}
