/**
 * The only reader of the terminal while the monitor runs: what Ink reads
 * instead of stdin. Three jobs:
 *
 * - Only keys the monitor knows reach Ink. Ink 6.8 throws on some sequences
 *   it cannot name (Ctrl+F1 `ESC[1;5P`, or `ESC[31m` typed into the filter:
 *   "Cannot read properties of undefined (reading 'startsWith')"), which
 *   would end the monitor. Every escape sequence but the few we bind is
 *   dropped here, whole (the bound ones are given: the key records' BOUND_SEQUENCES), even when it arrives split over several reads;
 *   so are mouse reports (a terminal left in mouse mode by another program
 *   sends them), the three raw bytes of an X10 report included.
 * - Bracketed paste (`ESC[200~` ... `ESC[201~`, switched on by the screen)
 *   is taken out of the key stream and handed over as text: a paste is never
 *   a sequence of commands.
 * - Reads are numbered, so that a confirmation can tell a key pressed after
 *   it was drawn from one that arrived with it or before it.
 */
import { EventEmitter } from 'node:events';
import { StringDecoder } from 'node:string_decoder';

/** The part of a tty read stream we use. */
export interface TerminalSource {
  isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
  on(event: 'data', f: (chunk: Buffer | string) => void): unknown;
  off(event: 'data', f: (chunk: Buffer | string) => void): unknown;
  resume?(): unknown;
  pause?(): unknown;
  ref?(): unknown;
  unref?(): unknown;
}

/** What the monitor asks of the terminal's input besides keys. */
export interface KeyReads {
  /** Number of the read whose keys are being handled now. */
  readonly current: number;
  /** Number of the last read taken from the terminal. */
  readonly last: number;
  /** Pasted text (bracketed paste), in place of keys. Returns the unsubscribe function. */
  onPaste(f: (text: string) => void): () => void;
}

const ESC = '\x1b';
const PASTE_START = '\x1b[200~';
const PASTE_END = '\x1b[201~';
/** A paste longer than this is cut: no field takes more, and a runaway paste must not grow memory. */
export const PASTE_MAX = 4096;

type Token = { kind: 'text'; text: string } | { kind: 'sequence'; body: string } | { kind: 'partial' };

/** Bytes after `ESC[M` in an X10 mouse report. */
const MOUSE_REPORT_BYTES = 3;

/** The X10 mouse report at `i` whose three bytes start at `from`: a sequence, or partial until they have all come. */
function mouseReport(s: string, i: number, from: number): Token & { end: number } {
  // Code points, not UTF-16 units: with UTF-8 mouse mode (1005) a coordinate past 95 is one character of two bytes.
  let end = from;
  for (let n = 0; n < MOUSE_REPORT_BYTES; n++) {
    if (end >= s.length) return { kind: 'partial', end: s.length };
    end += s.codePointAt(end)! > 0xffff ? 2 : 1;
  }
  return { kind: 'sequence', body: s.slice(i + 1, end), end };
}

/** The token at `i`: plain text up to the next ESC, or one escape sequence (without its ESC). */
function tokenAt(s: string, i: number): Token & { end: number } {
  if (s[i] !== ESC) {
    const next = s.indexOf(ESC, i);
    const end = next < 0 ? s.length : next;
    return { kind: 'text', text: s.slice(i, end), end };
  }
  const kind = s[i + 1];
  if (kind === undefined) return { kind: 'partial', end: s.length };
  if (kind === '[') {
    // CSI: parameter and intermediate bytes (0x20-0x3f), then one final byte (0x40-0x7e).
    let j = i + 2;
    while (j < s.length && s.charCodeAt(j) >= 0x20 && s.charCodeAt(j) <= 0x3f) j++;
    if (j >= s.length) return { kind: 'partial', end: s.length };
    // An X10/normal mouse report is `ESC[M` and three raw bytes (button, column, row, each 32 + value),
    // which may look like any key: they belong to the report. (SGR `ESC[<b;x;yM` is a plain CSI.)
    if (j === i + 2 && s[j] === 'M') return mouseReport(s, i, j + 1);
    return { kind: 'sequence', body: s.slice(i + 1, j + 1), end: j + 1 };
  }
  if (kind === 'O') {
    if (i + 2 >= s.length) return { kind: 'partial', end: s.length };
    return { kind: 'sequence', body: s.slice(i + 1, i + 3), end: i + 3 };
  }
  // ESC ESC ...: Alt with a sequence; ESC x: Alt-x. Neither is bound: the pair goes whole.
  if (kind === ESC) {
    const inner = tokenAt(s, i + 1);
    if (inner.kind === 'partial') return { kind: 'partial', end: s.length };
    return {
      kind: 'sequence',
      body: ESC + (inner.kind === 'sequence' ? inner.body : ''),
      end: inner.kind === 'text' ? i + 2 : inner.end,
    };
  }
  return {
    kind: 'sequence',
    body: String.fromCodePoint(s.codePointAt(i + 1)!),
    end: i + 1 + (s.codePointAt(i + 1)! > 0xffff ? 2 : 1),
  };
}

export class TerminalInput extends EventEmitter implements KeyReads {
  readonly isTTY: boolean;
  private queue: { text: string; read: number }[] = [];
  private pending = '';
  private paste: string | undefined;
  /** A UTF-8 character may be split over two reads. */
  private readonly decoder = new StringDecoder('utf8');
  private flushTimer: NodeJS.Immediate | undefined;
  private listening = false;
  private reads = 0;
  private handling = 0;

  /** `bound`: the escape sequences (after ESC) of the keys the monitor binds. */
  constructor(
    private readonly source: TerminalSource,
    private readonly bound: ReadonlySet<string>,
  ) {
    super();
    this.isTTY = source.isTTY === true;
  }

  get current(): number {
    return this.handling;
  }

  get last(): number {
    return this.reads;
  }

  onPaste(f: (text: string) => void): () => void {
    this.on('paste', f);
    return () => this.off('paste', f);
  }

  // --- what Ink calls on its stdin ---

  setRawMode(mode: boolean): void {
    this.source.setRawMode?.(mode);
    if (mode && !this.listening) {
      this.source.on('data', this.onData);
      this.source.resume?.();
    } else if (!mode && this.listening) {
      this.source.off('data', this.onData);
      this.source.pause?.();
    }
    this.listening = mode;
  }

  setEncoding(): void {
    // Chunks are always handed over as strings.
  }

  ref(): void {
    this.source.ref?.();
  }

  unref(): void {
    this.source.unref?.();
  }

  read(): string | null {
    const next = this.queue.shift();
    if (!next) return null;
    this.handling = next.read;
    return next.text;
  }

  /** Stops reading the terminal (the monitor is leaving). */
  close(): void {
    if (this.flushTimer) clearImmediate(this.flushTimer);
    this.setRawMode(false);
  }

  // --- filtering ---

  private readonly onData = (chunk: Buffer | string): void => {
    const read = ++this.reads;
    if (this.flushTimer) clearImmediate(this.flushTimer);
    const keys = this.filter(this.pending + (typeof chunk === 'string' ? chunk : this.decoder.write(chunk)));
    if (keys) this.deliver(keys, read);
    // A lone ESC is the Esc key unless the rest of a sequence follows at once (Ink waits the same way).
    // Any other unfinished sequence waits for the read that completes it.
    if (this.pending === ESC && this.paste === undefined) this.flushTimer = setImmediate(this.flushEscape);
  };

  private readonly flushEscape = (): void => {
    this.flushTimer = undefined;
    this.pending = '';
    this.deliver(ESC, this.reads);
  };

  private deliver(text: string, read: number): void {
    this.queue.push({ text, read });
    this.emit('readable');
  }

  /** The keys of `s` that may reach Ink; keeps an unfinished sequence for the next read. */
  private filter(s: string): string {
    this.pending = '';
    let keys = '';
    let i = 0;
    while (i < s.length) {
      if (this.paste !== undefined) {
        i = this.takePaste(s, i);
        continue;
      }
      const t = tokenAt(s, i);
      if (t.kind === 'partial') {
        this.pending = s.slice(i);
        break;
      }
      if (t.kind === 'text') keys += t.text;
      else if (`${ESC}${t.body}` === PASTE_START) this.paste = '';
      else if (this.bound.has(t.body)) keys += ESC + t.body;
      i = t.end;
    }
    return keys;
  }

  /** Pasted text up to the end marker (which may come in a later read). */
  private takePaste(s: string, i: number): number {
    const end = s.indexOf(PASTE_END, i);
    const upTo = end < 0 ? s.length : end;
    // An end marker split over two reads: keep its beginning for the next read.
    let take = s.slice(i, upTo);
    if (end < 0) {
      for (let k = Math.min(PASTE_END.length - 1, take.length); k > 0; k--) {
        if (PASTE_END.startsWith(take.slice(-k))) {
          this.pending = take.slice(-k);
          take = take.slice(0, -k);
          break;
        }
      }
    }
    this.paste += take.slice(0, Math.max(0, PASTE_MAX - this.paste!.length));
    if (end < 0) return s.length;
    const text = this.paste!;
    this.paste = undefined;
    this.emit('paste', text);
    return end + PASTE_END.length;
  }
}
