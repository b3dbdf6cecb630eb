/**
 * The lines of a chunked /proc/net/ip_vs_conn read that contain a given text, found with
 * Buffer.indexOf over whole chunks (what grep does) instead of line by line: looking one
 * client up in a million-row table then costs about what grep costs.
 */
import { LineSplitter, MAX_LINE_BYTES } from './connParser.js';

const NL = 0x0a;

export class ContainingLines {
  private readonly needle: Buffer;
  private readonly lines: LineSplitter;

  /**
   * @param needle the text a line must contain (latin1)
   * @param onLine a line that contains it, as b[start, end)
   * @param onLong a line longer than any row that contains it, or was cut by a chunk's end
   */
  constructor(
    needle: string,
    private readonly onLine: (b: Buffer, start: number, end: number) => void,
    private readonly onLong: () => void,
  ) {
    this.needle = Buffer.from(needle, 'latin1');
    this.lines = new LineSplitter((b, s, e) => {
      if (b.subarray(s, e).includes(this.needle)) onLine(b, s, e);
    }, onLong);
  }

  push(chunk: Buffer): void {
    const from = this.lines.resume(chunk);
    const last = chunk.lastIndexOf(NL);
    if (last < from) {
      this.lines.keep(chunk, from);
      return;
    }
    for (let at = chunk.indexOf(this.needle, from); at !== -1 && at < last; ) {
      const start = Math.max(from, chunk.lastIndexOf(NL, at) + 1);
      const end = chunk.indexOf(NL, at);
      if (end - start > MAX_LINE_BYTES) this.onLong();
      else this.onLine(chunk, start, end);
      at = chunk.indexOf(this.needle, end + 1);
    }
    this.lines.keep(chunk, last + 1);
  }

  finish(cut: boolean): void {
    this.lines.finish(cut);
  }
}
