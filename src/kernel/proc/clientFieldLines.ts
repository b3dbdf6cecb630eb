/**
 * The lines of a chunked /proc/net/ip_vs_conn read whose client address field (the second
 * field) starts with a given text. Looking one client, or the clients of a prefix, up in a
 * million-row table then costs a newline search and a few byte compares a line, less than
 * grep costs, instead of parsing every row: a search of the text anywhere in the line
 * (Buffer.indexOf over a chunk) was slower than grep on hex text, where a needle's first
 * digits are everywhere.
 */
import { LineSplitter, MAX_LINE_BYTES } from './connParser.js';

const NL = 0x0a;
const SP = 0x20;

/** Whether the second field of b[start, end) (fields split on runs of spaces) starts with `text`. */
export function clientFieldStartsWith(b: Uint8Array, start: number, end: number, text: Uint8Array): boolean {
  let i = start;
  while (i < end && b[i] === SP) i++;
  while (i < end && b[i] !== SP) i++;
  while (i < end && b[i] === SP) i++;
  if (end - i < text.length) return false;
  for (let k = 0; k < text.length; k++) if (b[i + k] !== text[k]) return false;
  return true;
}

export class ClientFieldLines {
  private readonly prefix: Buffer;
  private readonly lines: LineSplitter;

  /**
   * @param prefix the text a line's client field must start with (latin1)
   * @param onLine a line whose client field starts with it, as b[start, end)
   * @param onLong a line longer than any row (whatever it holds)
   */
  constructor(
    prefix: string,
    private readonly onLine: (b: Buffer, start: number, end: number) => void,
    private readonly onLong: () => void,
  ) {
    this.prefix = Buffer.from(prefix, 'latin1');
    this.lines = new LineSplitter((b, s, e) => this.line(b, s, e), onLong);
  }

  push(chunk: Buffer): void {
    let start = this.lines.resume(chunk);
    for (let nl = chunk.indexOf(NL, start); nl !== -1; nl = chunk.indexOf(NL, start)) {
      if (nl - start > MAX_LINE_BYTES) this.onLong();
      else this.line(chunk, start, nl);
      start = nl + 1;
    }
    this.lines.keep(chunk, start);
  }

  finish(cut: boolean): void {
    this.lines.finish(cut);
  }

  private line(b: Buffer, start: number, end: number): void {
    if (clientFieldStartsWith(b, start, end, this.prefix)) this.onLine(b, start, end);
  }
}
