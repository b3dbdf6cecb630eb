/**
 * Fitting text to columns. Every line on screen is cut to the terminal width
 * here, before Ink sees it: Ink would otherwise wrap it onto the next row.
 * Widths count code points; everything we print is single-width (ASCII, box
 * and block characters), names from the kernel included.
 */

export const width = (s: string): number => [...s].length;

/** Cut to `w` columns, marking the cut with an ellipsis. */
export function clip(s: string, w: number): string {
  if (w <= 0) return '';
  const chars = [...s];
  if (chars.length <= w) return s;
  return w === 1 ? '…' : `${chars.slice(0, w - 1).join('')}…`;
}

/** Exactly `w` columns, left-aligned. */
export const padEnd = (s: string, w: number): string => {
  const c = clip(s, w);
  return c + ' '.repeat(Math.max(0, w - width(c)));
};

/** Exactly `w` columns, right-aligned. */
export const padStart = (s: string, w: number): string => {
  const c = clip(s, w);
  return ' '.repeat(Math.max(0, w - width(c))) + c;
};

/** Parts separated by two spaces, dropping whole parts from the end rather than cutting one. */
export function joinFitting(parts: readonly string[], w: number, sep = '  '): string {
  let out = '';
  for (const p of parts) {
    const next = out ? `${out}${sep}${p}` : p;
    if (width(next) > w) break;
    out = next;
  }
  return out;
}

/**
 * Lines of at most `w` columns, broken at spaces; lines after the first start with `indent`
 * (the first keeps its own leading spaces). A word longer than a line is split, never cut:
 * what must be read shows whole.
 */
export function wrap(s: string, w: number, indent = ''): string[] {
  const lead = /^ */.exec(s)![0];
  const lines: string[] = [];
  let start = lead;
  let line = lead;
  for (const word of s.slice(lead.length).split(' ')) {
    const fresh = line === start;
    let rest = fresh ? word : ` ${word}`;
    if (!fresh && width(line) + width(rest) > w) {
      lines.push(line.trimEnd());
      start = indent;
      line = indent;
      rest = word;
    }
    for (let room = w - width(line); width(rest) > room && room > 0; room = w - width(line)) {
      const chars = [...rest];
      lines.push(line + chars.slice(0, room).join(''));
      start = indent;
      line = indent;
      rest = chars.slice(room).join('');
    }
    line += rest;
  }
  return [...lines, line];
}
