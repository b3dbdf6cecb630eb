/**
 * The lines of the Connections pane's entry browser: a heading (whose entries, in what order,
 * which of how many), the columns of `ipvsadm -Lcn`, and the rows on screen. A persistence
 * template says so in its state column and names the real server it pins its client to; its
 * expiry is the time the pin has left.
 */
import type { EntrySort } from '../../ipvs/entryOrder.js';
import { endpoint } from '../../ipvs/names.js';
import type { ConnRow } from '../../kernel/proc/types.js';
import type { EntryWindow } from '../../state/types.js';
import { padEnd } from '../format/text.js';
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
}

/** Lines of the browser's heading and column names, before its rows. */
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

/** Column widths of the rows on screen: source and virtual as wide as the widest; virtual 0 when left out. */
interface EntryColumns {
  source: number;
  virtual: number;
}

function entryLine(r: ConnRow, c: EntryColumns): string {
  const client = endpoint(r.af, r.clientAddress, r.clientPort);
  const dest = endpoint(r.destAf, r.destAddress, r.destPort);
  const state = r.template ? 'template' : r.state;
  const virtual = c.virtual ? `${padEnd(virtualOf(r), c.virtual)} ` : '';
  return `${padEnd(r.protocol, 4)}${mmss(r.expires)}  ${padEnd(state, 12)}${padEnd(client, c.source)} ${virtual}${r.template ? 'pins ' : ''}${dest}`;
}

/**
 * Source and virtual 18 wide or as wide as the widest on screen. In a narrow pane the virtual
 * column goes first: the destination (the real server) is what the browser is read for.
 */
function columnsOf(rows: readonly ConnRow[], width: number): EntryColumns {
  const widest = (f: (r: ConnRow) => string): number => Math.max(18, ...rows.map((r) => f(r).length));
  const source = widest((r) => endpoint(r.af, r.clientAddress, r.clientPort));
  const virtual = widest(virtualOf);
  const dest = Math.max(
    0,
    ...rows.map((r) => endpoint(r.destAf, r.destAddress, r.destPort).length + (r.template ? 5 : 0)),
  );
  // The cursor's mark, protocol, expiry and state take 24 columns.
  return { source, virtual: 24 + source + 1 + virtual + 1 + dest <= width ? virtual : 0 };
}

function heading(e: EntriesShown, exact: boolean): string {
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
  return `${ignored ? '! ' : ''}Entries of ${e.scope}, ${order}${filter}: ${where}${ignored}`;
}

/** The heading (with the words the filter ignores), the column names and the rows on screen, for a pane `width` wide. */
export function entryLines(e: EntriesShown, exact: boolean, width: number): string[] {
  const rows = e.window?.rows.slice(e.top, e.top + e.rows) ?? [];
  const c = columnsOf(rows, width);
  const virtual = c.virtual ? `${padEnd('Virtual', c.virtual)} ` : '';
  return [
    heading(e, exact),
    ` ${padEnd('Pro', 4)}${padEnd('Expire', 7)}${padEnd('State', 12)}${padEnd('Source', c.source)} ${virtual}Destination`,
    ...rows.map((r, i) => `${i === e.cursor ? '>' : ' '}${entryLine(r, c)}`),
  ];
}
