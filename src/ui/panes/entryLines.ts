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

export function entryLine(r: ConnRow, exactWidth: number): string {
  const client = endpoint(r.af, r.clientAddress, r.clientPort);
  const dest = endpoint(r.destAf, r.destAddress, r.destPort);
  const w = Math.max(18, exactWidth);
  const state = r.template ? 'template' : r.state;
  return `${padEnd(r.protocol, 4)}${mmss(r.expires)}  ${padEnd(state, 12)}${padEnd(client, w)} ${padEnd(virtualOf(r), w)} ${r.template ? 'pins ' : ''}${dest}`;
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

/** The heading (with the words the filter ignores), the column names and the rows on screen. */
export function entryLines(e: EntriesShown, exact: boolean): string[] {
  const rows = e.window?.rows.slice(e.top, e.top + e.rows) ?? [];
  const w = Math.max(18, ...rows.map((r) => endpoint(r.af, r.clientAddress, r.clientPort).length));
  return [
    heading(e, exact),
    `${padEnd('Pro', 4)}${padEnd('Expire', 7)}${padEnd('State', 12)}${padEnd('Source', w)} ${padEnd('Virtual', w)} Destination`,
    ...rows.map((r) => entryLine(r, w)),
  ];
}
