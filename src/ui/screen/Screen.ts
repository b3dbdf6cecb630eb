/**
 * The only writer to the terminal while the monitor runs. Ink renders in
 * debug mode into this stream (one whole frame per write, no cursor tricks);
 * the screen keeps what the terminal shows and writes only the difference.
 * Ink 6.8's own incremental mode draws each frame one line lower than the
 * last (seen here in tmux), and its standard mode rewrites the whole frame.
 */
import { EventEmitter } from 'node:events';
import type { Cell } from './cells.js';
import { diffFrames, FrameParser } from './frameDiff.js';

const CLEAR = '\x1b[H\x1b[2J';
/** cli-cursor and the like write lone private-mode switches; they are not frames. */
const MODE_SWITCH = /^\x1b\[\?\d+[hl]$/;

/** The subset of a tty write stream that Ink and our hooks use. */
export interface TerminalOut {
  columns: number;
  rows: number;
  isTTY?: boolean;
  write(s: string): unknown;
  on(event: 'resize', f: () => void): unknown;
  off(event: 'resize', f: () => void): unknown;
}

export class Screen extends EventEmitter {
  readonly isTTY = true;
  columns: number;
  rows: number;
  private shown: Cell[][] = [];
  private last: Cell[][] = [];
  private readonly frames = new FrameParser();
  /** Bytes written to the terminal (for benchmarks and tests). */
  bytesWritten = 0;

  constructor(private readonly out: TerminalOut) {
    super();
    this.columns = out.columns || 80;
    this.rows = out.rows || 24;
    out.on('resize', this.onResize);
  }

  /** Ink writes a whole frame per call. */
  write(chunk: string | Uint8Array, encoding?: unknown, cb?: () => void): boolean {
    const s = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    if (MODE_SWITCH.test(s)) this.emitBytes(s);
    else {
      this.last = this.fit(this.frames.parse(s));
      this.emitBytes(diffFrames(this.shown, this.last));
      this.shown = this.last;
    }
    const done = typeof encoding === 'function' ? encoding : cb;
    if (typeof done === 'function') (done as () => void)();
    return true;
  }

  /** A frame never wraps or scrolls the terminal: cut to its width and height. */
  private fit(frame: Cell[][]): Cell[][] {
    const rows = frame.length > this.rows ? frame.slice(0, this.rows) : frame;
    return rows.some((l) => l.length > this.columns)
      ? rows.map((l) => (l.length > this.columns ? l.slice(0, this.columns) : l))
      : rows;
  }

  /** Forget what is shown and draw the last frame again (cut to the current size) from a cleared screen. */
  redraw(): void {
    this.last = this.fit(this.last);
    this.shown = [];
    this.emitBytes(CLEAR + diffFrames([], this.last));
    this.shown = this.last;
  }

  detach(): void {
    this.out.off('resize', this.onResize);
  }

  private readonly onResize = (): void => {
    this.columns = this.out.columns || this.columns;
    this.rows = this.out.rows || this.rows;
    // The terminal may have cropped or moved what was drawn: start from a clean screen.
    this.redraw();
    this.emit('resize');
  };

  private emitBytes(s: string): void {
    if (s === '') return;
    this.bytesWritten += Buffer.byteLength(s);
    this.out.write(s);
  }
}
