/**
 * Lines out of a byte stream from outside (a remote program's stdout), in bounded memory: a line
 * longer than the limit is dropped whole and counted, never kept growing; a last line without its
 * newline (the stream cut mid-document) is counted as partial, never handed on.
 */
export class BoundedLineReader {
  /** Lines dropped for being longer than the limit. */
  overlong = 0;
  /** A last line the stream ended in the middle of. */
  partial = 0;
  private parts: Buffer[] = [];
  private size = 0;
  private skipping = false;

  constructor(
    private readonly maxLineBytes: number,
    private readonly onLine: (line: string) => void,
  ) {}

  push(chunk: Buffer): void {
    for (let start = 0; ; ) {
      const newline = chunk.indexOf(0x0a, start);
      const piece = chunk.subarray(start, newline === -1 ? chunk.length : newline);
      if (!this.skipping && this.size + piece.length > this.maxLineBytes) {
        this.overlong++;
        this.skipping = true;
        this.clear();
      }
      if (!this.skipping && piece.length > 0) {
        this.parts.push(piece);
        this.size += piece.length;
      }
      if (newline === -1) return;
      if (!this.skipping) this.onLine(Buffer.concat(this.parts, this.size).toString('utf8'));
      this.skipping = false;
      this.clear();
      start = newline + 1;
    }
  }

  /** The stream ended: what is left is a partial line. */
  end(): void {
    if (this.size > 0 && !this.skipping) this.partial++;
    this.skipping = false;
    this.clear();
  }

  private clear(): void {
    this.parts = [];
    this.size = 0;
  }
}
