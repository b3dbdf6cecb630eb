/**
 * What the fleet screen shows, as lines (pure; the Ink view only draws them): directors grouped
 * by pair, each group under its pairs' heads with their findings and drift, a director's row
 * followed by ssh's one-line reason while it is not read, and the directors in no pair last.
 * Directors in pairs that share a member (one director in two VRRP instances) are one group.
 */
import { printable } from '../errors.js';
import { FLEET_TEXT_COLUMNS, pairHead, pairNotes, rowCells } from './fleetRowCells.js';
import type { DirectorRow, FleetView, PairView } from './fleetView.js';

/**
 * The screen's columns: the table's, narrower to fit 80 columns (the doctor's CRIT and WARN as
 * one `C/W` cell), and DRIFT: how many differences the tables of the director's pairs have.
 */
export const SCREEN_HEADINGS = [
  'HOST',
  'READ',
  'HA',
  'VIP',
  'SVC',
  'RS',
  'ACT',
  'INACT',
  'CPS',
  'IN/s',
  'OUT/s',
  'DOC',
  'DRIFT',
];
/** A host name wider than this is cut on the screen: the numbers matter more at 80 columns. */
export const HOST_COLUMN_MAX = 10;
/** The READ column's words where the table's are long; the reason line under the row says why. */
const SCREEN_READ: Partial<Record<DirectorRow['state'], string>> = { unreachable: 'down', connecting: '...' };

/** The table's cells (fleetRowCells.ts) as the screen's columns. */
function screenCells(r: DirectorRow, short: (n: number) => string, drift: number | undefined): string[] {
  const c = rowCells(r, short);
  const doctor = c[11] === '-' ? '-' : `${c[11]}/${c[12]}`;
  const read = SCREEN_READ[r.state] ?? c[1]!;
  return [c[0]!, read, ...c.slice(2, 11), doctor, drift === undefined ? '-' : String(drift)];
}

export type FleetLine =
  | { kind: 'pair'; text: string; problem: boolean }
  | { kind: 'note'; label: 'CRIT' | 'WARN' | 'DRIFT'; text: string }
  | { kind: 'group'; text: string }
  | { kind: 'row'; row: number; host: string; state: DirectorRow['state']; cells: string[] }
  | { kind: 'reason'; row: number; text: string };

/** Indices of view.rows by group: the members of pairs that share a director together, in the order given. */
export function fleetGroups(view: FleetView): { pairs: PairView[]; rows: number[] }[] {
  const index = new Map(view.rows.map((r, i) => [r.host, i]));
  const groups: { pairs: PairView[]; hosts: Set<string> }[] = [];
  for (const p of view.pairs) {
    const joined = groups.filter((g) => p.members.some((m) => g.hosts.has(m.host)));
    const merged = { pairs: [...joined.flatMap((g) => g.pairs), p], hosts: new Set(p.members.map((m) => m.host)) };
    for (const g of joined) for (const h of g.hosts) merged.hosts.add(h);
    const at = joined.length > 0 ? groups.indexOf(joined[0]!) : groups.length;
    for (const g of joined.slice(1)) groups.splice(groups.indexOf(g), 1);
    groups.splice(at, joined.length > 0 ? 1 : 0, merged);
  }
  const paired = new Set(groups.flatMap((g) => [...g.hosts]));
  const out = groups.map((g) => ({
    pairs: g.pairs,
    rows: [...g.hosts].map((h) => index.get(h)!).sort((a, b) => a - b),
  }));
  const alone = view.rows.flatMap((r, i) => (paired.has(r.host) ? [] : [i]));
  if (alone.length > 0) out.push({ pairs: [], rows: alone });
  return out;
}

/** Differences in the tables of the pairs each director is in; `-` for a director in no pair. */
function driftCounts(view: FleetView): Map<string, number> {
  const n = new Map<string, number>();
  for (const p of view.pairs) for (const m of p.members) n.set(m.host, (n.get(m.host) ?? 0) + p.drift.length);
  return n;
}

/** Every line of the screen's body, top to bottom. `short` shortens the numbers. */
export function fleetLines(view: FleetView, short: (n: number) => string): FleetLine[] {
  const drift = driftCounts(view);
  const lines: FleetLine[] = [];
  const groups = fleetGroups(view);
  for (const g of groups) {
    if (g.pairs.length === 0 && groups.length > 1) lines.push({ kind: 'group', text: 'not in a pair' });
    for (const p of g.pairs) {
      const notes = pairNotes(p);
      lines.push({ kind: 'pair', text: printable(pairHead(p)), problem: notes.length > 0 });
      for (const n of notes) lines.push({ kind: 'note', label: n.label, text: printable(n.text) });
    }
    for (const i of g.rows) {
      const r = view.rows[i]!;
      const cells = screenCells(r, short, drift.get(r.host));
      lines.push({ kind: 'row', row: i, host: r.host, state: r.state, cells });
      if (r.reason !== null && r.state !== 'reachable')
        lines.push({ kind: 'reason', row: i, text: printable(r.reason) });
    }
  }
  return lines;
}

/** Each column as wide as its widest cell (the heading included), the host's at most HOST_COLUMN_MAX. */
export function columnWidths(lines: FleetLine[]): number[] {
  const widths = SCREEN_HEADINGS.map((h) => h.length);
  for (const l of lines) {
    if (l.kind !== 'row') continue;
    l.cells.forEach((c, i) => {
      widths[i] = Math.max(widths[i]!, [...c].length);
    });
  }
  widths[0] = Math.min(widths[0]!, HOST_COLUMN_MAX);
  return widths;
}

/** Cells joined one space apart: text columns left-aligned (the host cut with `~`), numbers right-aligned. */
export function rowText(cells: readonly string[], widths: readonly number[]): string {
  return cells
    .map((c, i) => {
      const w = widths[i]!;
      const chars = [...c];
      const fit = chars.length > w ? `${chars.slice(0, w - 1).join('')}~` : c;
      return i < FLEET_TEXT_COLUMNS ? fit.padEnd(w) : fit.padStart(w);
    })
    .join(' ')
    .trimEnd();
}

/** The header's counts: hosts read (reachable) of all, pairs, and pairs with a finding or drift. */
export interface FleetCounts {
  reachable: number;
  hosts: number;
  pairs: number;
  pairsWithProblems: number;
}

export function fleetCounts(view: FleetView): FleetCounts {
  return {
    reachable: view.rows.filter((r) => r.state === 'reachable').length,
    hosts: view.rows.length,
    pairs: view.pairs.length,
    pairsWithProblems: view.pairs.filter((p) => p.findings.length + p.drift.length > 0).length,
  };
}

/** `ipvstop fleet  2/3 hosts read  1 pair, 1 with problems`. */
export function headerText(c: FleetCounts): string {
  const pairs = `${c.pairs} pair${c.pairs === 1 ? '' : 's'}`;
  const problems = c.pairs === 0 ? '' : `, ${c.pairsWithProblems} with problems`;
  return `ipvstop fleet  ${c.reachable}/${c.hosts} hosts read  ${pairs}${problems}`;
}
