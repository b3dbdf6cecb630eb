/**
 * The bytes of an exposition, written straight into buffers of PIECE_BYTES. A scrape at 1,000 x 10 writes
 * 170,000 series (27 MB): made as strings, a line each and the pieces joined, they were most of a scrape's
 * garbage, and the garbage collector was the largest part of a scrape's CPU in the lab. Here a series is copied
 * in from strings and buffers that already exist (its name once per family, its labels once per server), and
 * its value's digits are written in place; the pieces themselves are used again once sent (sent()).
 */

/** The size of the pieces: small next to a scrape of a Kubernetes-sized table (over 100 MB). */
export const PIECE_BYTES = 256 * 1024;

const BRACE_OPEN = 0x7b;
const BRACE_CLOSE = 0x7d;
const COMMA = 0x2c;
const SPACE = 0x20;
const NEWLINE = 0x0a;
const ZERO = 0x30;
/** Counters up to here are written digit by digit, as a number; the rest by BigInt's own toString. */
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
/** The digits of the largest safe integer (2^53 - 1), a value's longest form written in place. */
const SAFE_DIGITS = 16;

/**
 * Pieces sent and free to fill again: a scrape at 1,000 x 10 fills 105, and new ones would be 27 MB of memory
 * outside the heap a scrape, for the allocator to find and the garbage collector to free.
 */
const spares: ArrayBuffer[] = [];
/** Enough for the pieces one scrape has in flight, with one more scrape beside it. */
const MAX_SPARES = 8;

/** A piece a writer gave out has been sent (its bytes are no longer needed): it can be filled again. */
export function sent(piece: Buffer): void {
  if (piece.byteOffset === 0 && piece.buffer.byteLength === PIECE_BYTES && spares.length < MAX_SPARES) {
    spares.push(piece.buffer as ArrayBuffer);
  }
}

const newPiece = (): Buffer => {
  const spare = spares.pop();
  return spare ? Buffer.from(spare) : Buffer.allocUnsafeSlow(PIECE_BYTES);
};

/** Text as UTF-8 bytes, for the label texts a writer copies into each of their series. */
export const utf8 = (s: string): Uint8Array => Buffer.from(s, 'utf8');

/** No piece: one is taken when something is written, not when one is closed (a writer ended holds none). */
const NO_PIECE = Buffer.alloc(0);

export class ExpositionWriter {
  private piece: Buffer = NO_PIECE;
  private at = 0;
  /** Pieces filled and not yet taken. */
  private readonly filled: Buffer[] = [];

  /** Room for `bytes` more in this piece, starting a new one if need be; false when they cannot fit in any. */
  private room(bytes: number): boolean {
    if (this.at + bytes <= this.piece.length) return true;
    this.close();
    if (bytes > PIECE_BYTES) return false;
    this.piece = newPiece();
    return true;
  }

  private close(): void {
    if (this.at > 0) this.filled.push(this.piece.subarray(0, this.at));
    this.piece = NO_PIECE;
    this.at = 0;
  }

  /** A string, as UTF-8 (label values and help texts can hold any character). */
  text(s: string): void {
    // Three bytes at most per UTF-16 unit: an upper bound that needs no count of the bytes.
    if (this.room(s.length * 3)) this.at += this.piece.write(s, this.at, 'utf8');
    else this.filled.push(Buffer.from(s, 'utf8'));
  }

  bytes(b: Uint8Array): void {
    if (this.room(b.length)) {
      this.piece.set(b, this.at);
      this.at += b.length;
    } else this.filled.push(Buffer.from(b));
  }

  private byte(c: number): void {
    if (this.room(1)) this.piece[this.at++] = c;
  }

  /** A value: integers up to 2^53 digit by digit, anything else as formatValue writes it. */
  value(v: number | bigint): void {
    const n = typeof v === 'bigint' && v >= 0n && v <= MAX_SAFE ? Number(v) : v;
    if (typeof n === 'number' && Number.isSafeInteger(n) && n >= 0) this.digits(n);
    else this.text(formatValue(n));
  }

  private digits(n: number): void {
    this.room(SAFE_DIGITS);
    let len = 1;
    for (let rest = n; rest >= 10; rest = Math.floor(rest / 10)) len++;
    for (let i = this.at + len - 1, rest = n; i >= this.at; i--, rest = Math.floor(rest / 10)) {
      this.piece[i] = ZERO + (rest % 10);
    }
    this.at += len;
  }

  /**
   * One series: `name{labels,own} value` and a line feed; `labels` and `own` are label texts without braces,
   * as UTF-8 (either may be empty, and with both empty there are no braces).
   */
  series(name: Uint8Array, labels: Uint8Array, own: Uint8Array, value: number | bigint): void {
    this.bytes(name);
    if (labels.length || own.length) {
      this.byte(BRACE_OPEN);
      this.bytes(labels);
      if (labels.length && own.length) this.byte(COMMA);
      this.bytes(own);
      this.byte(BRACE_CLOSE);
    }
    this.byte(SPACE);
    this.value(value);
    this.byte(NEWLINE);
  }

  /** Whether a piece is filled and waits to be taken. */
  get full(): boolean {
    return this.filled.length > 0;
  }

  /** The pieces filled so far, taken: a server sends them while the rest is written. */
  take(): Buffer[] {
    return this.filled.splice(0);
  }

  /** Every piece left, the last one part-filled. */
  end(): Buffer[] {
    this.close();
    return this.take();
  }
}

/** A value as both formats write it: bigints exact, and NaN and the infinities by their names there. */
export function formatValue(v: number | bigint): string {
  if (typeof v === 'bigint') return v.toString();
  if (Number.isNaN(v)) return 'NaN';
  if (v === Number.POSITIVE_INFINITY) return '+Inf';
  if (v === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(v);
}
