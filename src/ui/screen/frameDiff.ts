/**
 * The bytes that turn one frame into the next on a full-screen terminal:
 * changed cells only, each run placed with an absolute cursor move, lines
 * that got shorter cleared to their end. What curses does for watch(1), and
 * why an unchanged screen costs 0 bytes and one changed counter a few dozen.
 */
import { type Cell, parseCells } from './cells.js';

const CSI = '\x1b[';
const RESET = `${CSI}0m`;
/** Unchanged cells between two changed ones are rewritten rather than jumped over when cheaper than a cursor move. */
const MERGE_GAP = 6;

const moveTo = (row: number, col: number): string => `${CSI}${row + 1};${col + 1}H`;
const sgr = (style: string): string => (style === '' ? RESET : `${CSI}0;${style}m`);
/** Beyond a line's end the screen is blank (cleared on start and resize, erased when a line shrinks). */
const BLANK: Cell = Object.freeze({ ch: ' ', style: '' });
const sameCell = (a: Cell | undefined, b: Cell): boolean => {
  const c = a ?? BLANK;
  return c.ch === b.ch && c.style === b.style;
};

/** A frame's lines; Ink frames end with a newline, which is not a line. */
function linesOf(frame: string): string[] {
  const lines = frame.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** A frame split into lines of cells. */
export function parseFrame(frame: string): Cell[][] {
  return linesOf(frame).map(parseCells);
}

/**
 * Frames split into lines of cells, one after another: a line the same as the last frame's at the
 * same place is that line's cells again, not parsed anew (most lines of a frame are unchanged, and
 * diffFrames passes over a line that is the very same cells).
 */
export class FrameParser {
  private lines: string[] = [];
  private rows: Cell[][] = [];

  parse(frame: string): Cell[][] {
    const lines = linesOf(frame);
    const rows = lines.map((line, i) => (line === this.lines[i] ? this.rows[i]! : parseCells(line)));
    this.lines = lines;
    this.rows = rows;
    return rows;
  }
}

function writeRun(cells: readonly Cell[], from: number, to: number, out: string[]): void {
  let style: string | undefined;
  for (let i = from; i < to; i++) {
    const c = cells[i]!;
    if (c.style !== style) {
      out.push(sgr(c.style));
      style = c.style;
    }
    out.push(c.ch);
  }
}

/** Bytes that change row `row` from `prev` to `next`. */
function diffLine(row: number, prev: readonly Cell[], next: readonly Cell[], out: string[]): void {
  const changed: number[] = [];
  for (let i = 0; i < next.length; i++) if (!sameCell(prev[i], next[i]!)) changed.push(i);
  let i = 0;
  while (i < changed.length) {
    const from = changed[i]!;
    let to = from + 1;
    while (i + 1 < changed.length && changed[i + 1]! - to <= MERGE_GAP) to = changed[++i]! + 1;
    i++;
    out.push(moveTo(row, from));
    writeRun(next, from, to, out);
  }
  if (prev.length > next.length) out.push(moveTo(row, next.length), RESET, `${CSI}K`);
}

/** Bytes that change the screen from `prev` to `next` (both full frames from the top-left corner); '' when equal. */
export function diffFrames(prev: readonly (readonly Cell[])[], next: readonly (readonly Cell[])[]): string {
  const out: string[] = [];
  const rows = Math.max(prev.length, next.length);
  for (let r = 0; r < rows; r++) if (prev[r] !== next[r]) diffLine(r, prev[r] ?? [], next[r] ?? [], out);
  if (out.length === 0) return '';
  out.push(RESET);
  return out.join('');
}
