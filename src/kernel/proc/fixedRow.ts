/**
 * Rows of /proc/net/ip_vs_conn in the kernel's fixed layout, told from their bytes:
 * a million-row table read row by row (`ipvstop conns`) then costs no string and no object
 * per row for nearly all of its rows (those without persistence engine columns). Line format: see connParser.ts.
 */
import { isHexRun, isProcAddressAt, isSpacesThenDigits, wordThenSpaces } from './rowBytes.js';
import { isStateOf } from './states.js';
import { finalHash, MULTIPLIERS, WordTable } from './wordTable.js';

const SP = 0x20;

/**
 * Where the fields of a row in the kernel's layout are ("%-3s %s %04X %s %04X %s %04X %-11s
 * %7u\n", addresses as %08X or %pI6), counted from the start of the line, or one byte later
 * after a four-letter protocol (SCTP). The client and virtual addresses are of the entry's
 * family, the destination's may be of the other.
 */
export interface FixedLayout {
  /** Width of the client and virtual address fields: 8 (IPv4) or 39 (IPv6). */
  addressWidth: number;
  /** Width of the destination address field. */
  destWidth: number;
  caddr: number;
  cport: number;
  vaddr: number;
  vport: number;
  daddr: number;
  dport: number;
  state: number;
  expires: number;
  /** The newline. */
  end: number;
}

function layout(addressWidth: number, destWidth: number): FixedLayout {
  const caddr = 4;
  const cport = caddr + addressWidth + 1;
  const vaddr = cport + 5;
  const vport = vaddr + addressWidth + 1;
  const daddr = vport + 5;
  const dport = daddr + destWidth + 1;
  const state = dport + 5;
  const expires = state + STATE_WIDTH + 1;
  return { addressWidth, destWidth, caddr, cport, vaddr, vport, daddr, dport, state, expires, end: expires + 7 };
}

export const STATE_WIDTH = 11;
/** "%-3s %08X %04X %08X %04X %08X %04X %-11s %7u\n": nearly every row of a director's table. */
export const IPV4_LAYOUT = layout(8, 8);
/** The layouts by line length (from the field start), which tells them apart: 65 is IPv4 throughout. */
const LAYOUTS: (FixedLayout | undefined)[] = [];
for (const [a, d] of [
  [8, 8],
  [39, 39],
  [39, 8],
  [8, 39],
] as const) {
  const l = layout(a, d);
  LAYOUTS[l.end] = l;
}

/** Where a row's field offsets count from: one byte on after a four-letter protocol. */
export const fieldsAt = (b: Uint8Array, start: number): number => (b[start + 3] === SP ? start : start + 1);

/** Four bytes as one little-endian int32. */
export const wordAt = (b: Uint8Array, at: number): number =>
  b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24);

/** Recognises fixed-layout rows; remembers the protocol and state pairs it has checked. */
export class FixedRows {
  /** The protocol's first word and the state field's three, to 1 (a valid pair). */
  private readonly pairs = new WordTable(4);
  private readonly key = new Int32Array(4);

  /**
   * The layout of the line b[start, end) (without its newline) if it is a row in the kernel's
   * layout that parseConnLine() reads, else undefined (the line goes the general way); its
   * fields are counted from fieldsAt(start). Every byte is checked, so the offsets split the
   * line where splitting on spaces would.
   */
  layoutOf(b: Uint8Array, start: number, end: number): FixedLayout | undefined {
    const q = fieldsAt(b, start);
    const l = end - q < LAYOUTS.length ? LAYOUTS[end - q] : undefined;
    if (l === undefined || b[q + 3] !== SP || b[q + l.cport - 1] !== SP || b[q + l.vaddr - 1] !== SP) return undefined;
    if (b[q + l.vport - 1] !== SP || b[q + l.daddr - 1] !== SP || b[q + l.dport - 1] !== SP) return undefined;
    if (b[q + l.state - 1] !== SP) return undefined;
    const w = l.addressWidth;
    if (!isProcAddressAt(b, q + l.caddr, q + l.caddr + w) || !isProcAddressAt(b, q + l.vaddr, q + l.vaddr + w)) return;
    if (!isProcAddressAt(b, q + l.daddr, q + l.daddr + l.destWidth)) return undefined;
    if (!isHexRun(b, q + l.cport, 4) || !isHexRun(b, q + l.vport, 4) || !isHexRun(b, q + l.dport, 4)) return undefined;
    if (!isSpacesThenDigits(wordAt(b, q + l.expires - 1), wordAt(b, q + l.expires + 3))) return undefined;
    return this.validPair(b, start, q + l.state) ? l : undefined;
  }

  /** Whether the protocol and the state (with the spaces after each) are a known pair. */
  private validPair(b: Uint8Array, start: number, state: number): boolean {
    const k = this.key;
    k[0] = wordAt(b, start);
    k[1] = wordAt(b, state);
    k[2] = wordAt(b, state + 4);
    k[3] = wordAt(b, state + 8);
    let h = 0;
    for (let i = 0; i < 4; i++) h = (h + Math.imul(k[i]!, MULTIPLIERS[i]!)) | 0;
    if (this.pairs.get(k, finalHash(h)) === 1) return true;
    const protocolEnd = wordThenSpaces(b, start, fieldsAt(b, start) + 3);
    const stateEnd = wordThenSpaces(b, state, state + STATE_WIDTH);
    if (protocolEnd < 0 || stateEnd < 0) return false;
    const text = (s: number, e: number): string => Buffer.from(b.buffer, b.byteOffset + s, e - s).toString('latin1');
    if (!isStateOf(text(start, protocolEnd), text(state, stateEnd))) return false;
    this.pairs.add(k, 1);
    return true;
  }
}
