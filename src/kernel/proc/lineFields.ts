/**
 * A /proc/net/ip_vs_conn line split on runs of spaces without making strings
 * (ConnCounter's general way), and the checks of its fields as a row.
 */
import { MAX_EXPIRES_DIGITS, MAX_FIELDS, MIN_FIELDS } from './connParser.js';
import { isDigitRun, isHexRun, isProcAddressAt } from './rowBytes.js';

const SP = 0x20;

/** The fields of the last line split: [starts[i], ends[i]) in its buffer. */
export class LineFields {
  /** One more than a row has, to tell too many. */
  readonly starts = new Int32Array(MAX_FIELDS + 1);
  readonly ends = new Int32Array(MAX_FIELDS + 1);
  count = 0;

  /** Splits b[start, end) on runs of spaces, up to MAX_FIELDS + 1 fields; returns how many. */
  split(b: Uint8Array, start: number, end: number): number {
    const s = this.starts;
    const e = this.ends;
    let n = 0;
    let i = start;
    while (i < end && n <= MAX_FIELDS) {
      while (i < end && b[i] === SP) i++;
      if (i >= end) break;
      s[n] = i;
      while (i < end && b[i] !== SP) i++;
      e[n++] = i;
    }
    this.count = n;
    return n;
  }

  /** Whether the first field is "Pro": the header. */
  isHeader(b: Uint8Array): boolean {
    const at = this.starts[0]!;
    return this.count > 0 && this.ends[0]! - at === 3 && b[at] === 0x50 && b[at + 1] === 0x72 && b[at + 2] === 0x6f;
  }

  /**
   * Whether the fields are a row's, as parseConnLine() reads one: their count,
   * addresses, ports and expiry (the protocol and state are the caller's).
   */
  isRow(b: Uint8Array): boolean {
    const s = this.starts;
    const e = this.ends;
    const port = (i: number): boolean => e[i]! - s[i]! === 4 && isHexRun(b, s[i]!, 4);
    const address = (i: number): boolean => isProcAddressAt(b, s[i]!, e[i]!);
    return (
      this.count >= MIN_FIELDS &&
      this.count <= MAX_FIELDS &&
      address(1) &&
      port(2) &&
      address(3) &&
      port(4) &&
      address(5) &&
      port(6) &&
      isDigitRun(b, s[8]!, e[8]!, MAX_EXPIRES_DIGITS)
    );
  }
}
