/**
 * The lines of the Connections pane's entry browser: a heading (whose entries, in what order,
 * which of how many), the columns of `ipvsadm -Lcn`, and the rows on screen. A persistence
 * template says so in its state column and names the real server it pins its client to; its
 * expiry is the time the pin has left.
 */
import type { EntrySort } from '../../domain/entryOrder.js';
import { endpoint } from '../../domain/names.js';
import type { ConnRow } from '../../kernel/proc/types.js';
import type { EntryWindow } from '../../state/types.js';
import { padEnd, wrap } from '../format/text.js';
import { count } from '../format/units.js';

/** What the pane needs to draw the browser. */
export interface EntriesShown {
  /** Whose entries: `all`, or the selected service or real server. */
  scope: string;
  sort: EntrySort;
  reverse: boolean;
  filter: string;
  /** Words of the filter it could not read (ignored). */
  bad: readonly string[];
  /** The window read for this scope, filter and order; undefined while it is read. */
  window?: EntryWindow;
  /** Index in the window of the row at the top. */
  top: number;
  /** The cursor's row on screen (marked `>`). */
  cursor: number;
  /** Rows on screen. */
  rows: number;
  /**
   * The view is on a past moment: the entries are still the live table's (they are never kept),
   * or, in a replay, there are none.
   */
  past?: 'live' | 'replay';
}

/** Lines of the browser's heading and column names, before its rows, when the heading fits one line. */
export const ENTRY_CHROME_LINES = 2;

/** Lines the browser takes at the bottom of a pane of `height` (title included): about half. */
export function entryRowsOf(height: number): number {
  return Math.max(1, Math.floor((height - 1) / 2) - ENTRY_CHROME_LINES);
}

const two = (n: number): string => String(n).padStart(2, '0');
const mmss = (s: number): string => `${two(Math.floor(s / 60))}:${two(s % 60)}`;

function virtualOf(r: ConnRow): string {
  // A fwmark template's virtual field holds the mark.
  return r.protocol === 'IP' ? `fwmark ${r.virtualAddress}` : endpoint(r.af, r.virtualAddressAsIp, r.virtualPort);
}

const sourceOf = (r: ConnRow): string => endpoint(r.af, r.clientAddress, r.clientPort);
const destOf = (r: ConnRow): string => `${r.template ? 'pins ' : ''}${endpoint(r.destAf, r.destAddress, r.destPort)}`;

/** The cursor's mark, protocol, expiry and state: the columns before the source. */
const LEAD = 24;
/** Source and virtual columns are at least this wide when the line has room: columns stay put as rows scroll. */
const MIN_ADDRESS = 18;

/** Column widths of one-line rows; undefined when the rows need two lines each at `width`. */
interface EntryColumns {
  source: number;
  virtual: number;
}

/**
 * Source and virtual 18 wide or as wide as the widest of `rows`; as wide as the widest only,
 * when that is what fits; undefined when even that does not fit: each row then takes two lines.
 */
function columnsOf(rows: readonly ConnRow[], width: number): EntryColumns | undefined {
  // At least as wide as their names, which head them.
  const widest = (f: (r: ConnRow) => string, name: string): number =>
    Math.max(name.length, ...rows.map((r) => f(r).length));
  const [source, virtual, dest] = [
    widest(sourceOf, 'Source'),
    widest(virtualOf, 'Virtual'),
    widest(destOf, 'Destination'),
  ];
  const padded = { source: Math.max(MIN_ADDRESS, source), virtual: Math.max(MIN_ADDRESS, virtual) };
  const fits = (c: EntryColumns): boolean => LEAD + c.source + 1 + c.virtual + 1 + dest <= width;
  return fits(padded) ? padded : fits({ source, virtual }) ? { source, virtual } : undefined;
}

function entryLine(r: ConnRow, c: EntryColumns): string {
  const lead = `${padEnd(r.protocol, 4)}${mmss(r.expires)}  ${padEnd(r.template ? 'template' : r.state, 12)}`;
  return `${lead}${padEnd(sourceOf(r), c.source)} ${padEnd(virtualOf(r), c.virtual)} ${destOf(r)}`;
}

const restOf = (r: ConnRow): string => `-> ${virtualOf(r)} ${r.template ? '' : '-> '}${destOf(r)}`;

/**
 * A row too long for one line: the source on the first, `-> virtual -> destination` under it,
 * `indent` columns in: nothing is dropped, nothing cut.
 */
function entryLinePair(r: ConnRow, indent: number): [string, string] {
  const lead = `${padEnd(r.protocol, 4)}${mmss(r.expires)}  ${padEnd(r.template ? 'template' : r.state, 12)}`;
  return [`${lead}${sourceOf(r)}`, `${' '.repeat(indent)}${restOf(r)}`];
}

/** The second lines start under the source, or as far in as the longest of them allows. */
const pairIndent = (rows: readonly ConnRow[], width: number): number =>
  Math.max(2, Math.min(LEAD - 1, ...rows.map((r) => width - restOf(r).length)));

/** Rows that could be on screen whatever their form: the same set in either, so the choice holds. */
function candidates(e: EntriesShown, lines: number): readonly ConnRow[] {
  const rows = e.window?.rows ?? [];
  const from = Math.max(0, Math.min(e.top, rows.length - lines));
  return rows.slice(from, from + lines);
}

/**
 * How many rows `lines` lines hold at `width` (under one line of column names), and whether
 * each takes two (the column names then take two as well).
 */
export function entryForm(e: EntriesShown, lines: number, width: number): { rows: number; twoLine: boolean } {
  const twoLine = columnsOf(candidates(e, lines), width) === undefined;
  return { rows: Math.max(1, twoLine ? Math.floor((lines - 1) / 2) : lines), twoLine };
}

function heading(e: EntriesShown, exact: boolean): string {
  if (e.past === 'replay') return 'Entries: not recorded (a recording keeps their counts only)';
  const order = `by ${e.sort}${e.reverse ? ' (reversed)' : ''}`;
  const filter = e.filter ? ` /${e.filter}` : '';
  const w = e.window;
  const where = !w
    ? 'reading…'
    : w.matched === 0
      ? 'none'
      : `${count(w.first + e.top + 1, exact)}-${count(Math.min(w.matched, w.first + e.top + e.rows), exact)} of ${count(w.matched, exact)}`;
  // Words that are no client, state, rs:ADDR[:PORT] or `templates`.
  const ignored = e.bad.length ? ` (ignored: ${e.bad.join(' ')})` : '';
  const now = e.past === 'live' ? ' now (not at the moment above)' : '';
  return `${ignored ? '! ' : ''}Entries of ${e.scope}${now}, ${order}${filter}: ${where}${ignored}`;
}

/** The heading, wrapped: the words the filter ignores are what it is read for. */
export const entryHeading = (e: EntriesShown, exact: boolean, width: number): string[] =>
  wrap(heading(e, exact), width, '  ');

/**
 * The heading (with the words the filter ignores), the column names and the rows on screen, for
 * a pane `width` wide; `twoLine` (entryForm) puts each row on two lines.
 */
export function entryLines(e: EntriesShown, exact: boolean, width: number, twoLine = false): string[] {
  if (e.past === 'replay') return entryHeading(e, exact, width);
  const rows = e.window?.rows.slice(e.top, e.top + e.rows) ?? [];
  const c = twoLine ? undefined : columnsOf(rows, width);
  const lead = ` ${padEnd('Pro', 4)}${padEnd('Expire', 7)}${padEnd('State', 12)}`;
  const mark = (i: number): string => (i === e.cursor ? '>' : ' ');
  const indent = pairIndent(rows, width - 1);
  const lines = c
    ? [
        `${lead}${padEnd('Source', c.source)} ${padEnd('Virtual', c.virtual)} Destination`,
        ...rows.map((r, i) => `${mark(i)}${entryLine(r, c)}`),
      ]
    : [
        `${lead}Source`,
        `${' '.repeat(indent + 1)}-> Virtual -> Destination`,
        ...rows.flatMap((r, i) => entryLinePair(r, indent).map((l, j) => (j === 0 ? mark(i) : ' ') + l)),
      ];
  return [...entryHeading(e, exact, width), ...lines];
}
