/**
 * Fitting text to columns. Every line on screen is cut to the terminal width
 * here, before Ink sees it: Ink would otherwise wrap it onto the next row.
 * Widths count code points; everything we print is single-width (ASCII, box
 * and block characters), names from the kernel included.
 */

export const width = (s: string): number => [...s].length;

/** C0 controls, DEL and C1 controls: what a terminal acts on instead of showing. */
const CONTROL = /[\x00-\x1f\x7f-\x9f]/g;

/**
 * One control character made visible, in the one column it was counted as: C0 as its Control
 * Picture (U+2400 + code: SO is ␎, BEL ␇, CR ␍), DEL as ␡, C1 (0x80-0x9f, which has no pictures)
 * as U+FFFD. One column keeps every width computed from the raw text true; an escape such as
 * `\x0e` would be four.
 */
export function visibleControl(ch: string): string {
  const c = ch.charCodeAt(0);
  if (c < 0x20) return String.fromCharCode(0x2400 + c);
  return c === 0x7f ? '\u2421' : '\ufffd';
}

/**
 * `s` with its control characters made visible. Names from outside (interfaces, the host name,
 * keepalived's instances) may carry any byte, and a raw SO or BEL would switch the terminal's
 * character set or ring; a CR or BS would move the cursor over what is drawn.
 */
export const visible = (s: string): string => s.replace(CONTROL, visibleControl);

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
