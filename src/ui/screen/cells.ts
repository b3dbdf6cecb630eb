/**
 * A frame line as cells: one character and its normalised SGR style each.
 * Ink's output is text with SGR escapes (chalk); comparing cells instead of
 * whole lines lets the screen rewrite only the characters that changed.
 */
import { visibleControl } from '../format/text.js';

export interface Cell {
  ch: string;
  /** Normalised SGR parameters ('' = default), e.g. '1;36'. */
  style: string;
}

/** Style slots: which SGR codes set a slot, and which reset it. */
type Slot = 'fg' | 'bg' | 'bold' | 'dim' | 'italic' | 'underline' | 'blink' | 'inverse' | 'hidden' | 'strike';
const SLOT_ORDER: readonly Slot[] = [
  'bold',
  'dim',
  'italic',
  'underline',
  'blink',
  'inverse',
  'hidden',
  'strike',
  'fg',
  'bg',
];
const SET: Record<number, Slot> = {
  1: 'bold',
  2: 'dim',
  3: 'italic',
  4: 'underline',
  5: 'blink',
  7: 'inverse',
  8: 'hidden',
  9: 'strike',
};
const RESET: Record<number, Slot[]> = {
  22: ['bold', 'dim'],
  23: ['italic'],
  24: ['underline'],
  25: ['blink'],
  27: ['inverse'],
  28: ['hidden'],
  29: ['strike'],
  39: ['fg'],
  49: ['bg'],
};

type StyleState = Partial<Record<Slot, string>>;

function applySgr(state: StyleState, params: string): void {
  const codes = params === '' ? [0] : params.split(';').map(Number);
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    if (c === 0) for (const k of Object.keys(state)) delete state[k as Slot];
    else if (SET[c]) state[SET[c]] = String(c);
    else if (RESET[c]) for (const s of RESET[c]) delete state[s];
    else if (c === 38 || c === 48) {
      // 38;5;n or 38;2;r;g;b: the whole extended colour is one value.
      const n = codes[i + 1] === 5 ? 2 : codes[i + 1] === 2 ? 4 : 0;
      state[c === 38 ? 'fg' : 'bg'] = codes.slice(i, i + 1 + n).join(';');
      i += n;
    } else if ((c >= 30 && c <= 37) || (c >= 90 && c <= 97)) state.fg = String(c);
    else if ((c >= 40 && c <= 47) || (c >= 100 && c <= 107)) state.bg = String(c);
  }
}

const styleOf = (state: StyleState): string =>
  SLOT_ORDER.filter((s) => state[s] !== undefined)
    .map((s) => state[s])
    .join(';');

// CSI sequences (SGR among them) and OSC sequences; anything else escaped is dropped.
const ESCAPE = /\x1b\[([0-9;?]*)([@-~])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/y;

/** The cells of one line of Ink output (no newlines). */
export function parseCells(line: string): Cell[] {
  const cells: Cell[] = [];
  const state: StyleState = {};
  let style = '';
  let i = 0;
  while (i < line.length) {
    if (line.charCodeAt(i) === 0x1b) {
      ESCAPE.lastIndex = i;
      const m = ESCAPE.exec(line);
      if (m) {
        if (m[2] === 'm') {
          applySgr(state, m[1] ?? '');
          style = styleOf(state);
        }
        i = ESCAPE.lastIndex;
        continue;
      }
      i++;
      continue;
    }
    const cp = line.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    // The last guard: a control character that reached here (Line makes them visible before Ink) is never written raw.
    cells.push({ ch: cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) ? visibleControl(ch) : ch, style });
    i += ch.length;
  }
  return cells;
}
