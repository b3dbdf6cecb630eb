/**
 * `ipvsadm -Lcn` rows written as bytes, straight from the bytes of /proc/net/ip_vs_conn rows in
 * the kernel's fixed layout: `ipvstop conns` over a million-row table then makes no
 * string and no object per row for nearly all of them, and its memory stays what it is for a
 * small table. Other rows come as text (formatConnRow()); the order is kept.
 */
import { type FixedLayout, fieldsAt, STATE_WIDTH } from '../../kernel/proc/fixedRow.js';
import { decimalAt, hexValueAt } from '../../kernel/proc/rowBytes.js';

const SP = 0x20;
/** Bytes gathered before they are handed on. */
const BLOCK_BYTES = 64 << 10;
/** More than the longest row formatted from bytes. */
const ROW_ROOM = 256;

const HEX_DIGITS = Buffer.from('0123456789abcdef', 'latin1');
export class ConnRowBytes {
  private buf = Buffer.allocUnsafe(BLOCK_BYTES + ROW_ROOM);
  private len = 0;
  /** The groups of an IPv6 address being written. */
  private readonly groups = new Int32Array(8);

  /** @param write takes each block; it owns it (the writer never touches it again). */
  constructor(private readonly write: (block: Buffer) => void) {}

  /**
   * The row of the line at b[start..] of the layout FixedRows.layoutOf() found, as formatConnRow()
   * writes it without persistence engine columns.
   */
  fixedRow(b: Uint8Array, start: number, l: FixedLayout): void {
    const q = fieldsAt(b, start);
    // "%-3s" in /proc is "%-3s" in ipvsadm: the protocol is copied with its padding, and so is the state's "%-11s".
    this.copy(b, start, q + 3);
    this.byte(SP);
    const seconds = decimalAt(b, q + l.expires, q + l.end);
    this.twoDigits(Math.floor(seconds / 60));
    this.byte(0x3a);
    this.twoDigits(seconds % 60);
    this.byte(SP);
    this.byte(SP);
    this.copy(b, q + l.state, q + l.state + STATE_WIDTH);
    this.byte(SP);
    this.endpoint(b, q + l.caddr, l.addressWidth, q + l.cport, 18);
    this.byte(SP);
    this.endpoint(b, q + l.vaddr, l.addressWidth, q + l.vport, 18);
    this.byte(SP);
    this.endpoint(b, q + l.daddr, l.destWidth, q + l.dport, 0);
    this.byte(0x0a);
    if (this.len >= BLOCK_BYTES) this.flush();
  }

  /** A row formatted as text. */
  text(s: string): void {
    if (this.len + s.length > this.buf.length) this.flush();
    if (s.length > this.buf.length) this.write(Buffer.from(s, 'latin1'));
    else this.len += this.buf.write(s, this.len, 'latin1');
    if (this.len >= BLOCK_BYTES) this.flush();
  }

  flush(): void {
    if (this.len === 0) return;
    this.write(this.buf.subarray(0, this.len));
    this.buf = Buffer.allocUnsafe(BLOCK_BYTES + ROW_ROOM);
    this.len = 0;
  }

  private byte(c: number): void {
    this.buf[this.len++] = c;
  }

  private copy(b: Uint8Array, start: number, end: number): void {
    for (let i = start; i < end; i++) this.buf[this.len++] = b[i]!;
  }

  /** printf("%02u"). */
  private twoDigits(n: number): void {
    if (n >= 100) this.decimal(n);
    else {
      this.byte(0x30 + Math.floor(n / 10));
      this.byte(0x30 + (n % 10));
    }
  }

  private decimal(n: number): void {
    if (n >= 10) this.decimal(Math.floor(n / 10));
    this.byte(0x30 + (n % 10));
  }

  /** ADDRESS:PORT (IPv4, 8 hex digits) or [ADDRESS]:PORT (IPv6, the full form), padded with spaces to `width`. */
  private endpoint(b: Uint8Array, address: number, addressWidth: number, port: number, width: number): void {
    const from = this.len;
    if (addressWidth === 8) this.ipv4(b, address);
    else {
      this.byte(0x5b);
      this.ipv6(b, address);
      this.byte(0x5d);
    }
    this.byte(0x3a);
    this.decimal(hexValueAt(b, port, 4));
    while (this.len - from < width) this.byte(SP);
  }

  /** A dotted quad of the bytes held by 8 hex digits at b[at..]. */
  private ipv4(b: Uint8Array, at: number): void {
    for (let i = 0; i < 4; i++) {
      if (i > 0) this.byte(0x2e);
      this.decimal(hexValueAt(b, at + 2 * i, 2));
    }
  }

  /**
   * The full form at b[at..] (eight groups of four hex digits and colons) as formatIPv6() writes
   * it: RFC 5952, with inet_ntop's mixed notation for IPv4-mapped and IPv4-compatible addresses.
   */
  private ipv6(b: Uint8Array, at: number): void {
    const g = this.groups;
    for (let i = 0; i < 8; i++) g[i] = hexValueAt(b, at + 5 * i, 4);
    let start = -1;
    let len = 0;
    for (let i = 0; i < 8; ) {
      let j = i;
      while (j < 8 && g[j] === 0) j++;
      if (j - i > len) {
        start = i;
        len = j - i;
      }
      i = j === i ? i + 1 : j;
    }
    if (len < 2) start = -1;
    const mixed = start === 0 && (len === 6 || (len === 5 && g[5] === 0xffff));
    const from = this.len;
    for (let i = 0; i < (mixed ? 6 : 8); i++) {
      if (i === start) {
        this.byte(0x3a);
        this.byte(0x3a);
        i += len - 1;
        continue;
      }
      if (this.len > from && !this.afterColon()) this.byte(0x3a);
      this.hex(g[i]!);
    }
    if (!mixed) return;
    if (!this.afterColon()) this.byte(0x3a);
    for (let i = 0; i < 4; i++) {
      if (i > 0) this.byte(0x2e);
      this.decimal(hexValueAt(b, at + 30 + 2 * i + (i >> 1), 2));
    }
  }

  private afterColon(): boolean {
    return this.buf[this.len - 1] === 0x3a;
  }

  /** Lower-case hex without leading zeros. */
  private hex(n: number): void {
    if (n >= 16) this.hex(n >>> 4);
    this.byte(HEX_DIGITS[n & 15]!);
  }
}
