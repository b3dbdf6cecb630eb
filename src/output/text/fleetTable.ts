/**
 * `ipvstop fleet HOST...`: one row per director, then its pairs with their findings and the drift
 * between the pair's tables. Columns are as wide as their widest cell (as `kubectl get` does),
 * numbers shortened as ipvsadm shortens them. Remote words (names, ssh's reasons) arrive checked or are escaped: no control character
 * from another host reaches the terminal.
 */
import { printable } from '../../errors.js';
import { FLEET_HEADINGS, FLEET_TEXT_COLUMNS, pairHead, pairNotes, rowCells } from '../../state/fleetRowCells.js';
import type { FleetView, PairView } from '../../state/fleetView.js';
import { largeNumber } from './numbers.js';

const short = (n: number): string => largeNumber(Math.round(n), false).trim();

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) =>
    r
      .map((cell, c) => (c < FLEET_TEXT_COLUMNS ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
      .join('  ')
      .trimEnd(),
  );
}

function pairLines(p: PairView): string[] {
  return [pairHead(p), ...pairNotes(p).map((n) => `  ${n.label} ${n.text}`)];
}

/** The table, a blank line and the pairs (when there are some), then why a director was not read. */
export function fleetText(view: FleetView): string {
  const lines = table([[...FLEET_HEADINGS], ...view.rows.map((r) => rowCells(r, short))]);
  if (view.pairs.length > 0) lines.push('', ...view.pairs.flatMap(pairLines));
  const notRead = view.rows.filter((r) => r.reason !== null);
  if (notRead.length > 0) lines.push('', ...notRead.map((r) => `${printable(r.host)}: ${printable(r.reason!)}`));
  return `${lines.join('\n')}\n`;
}
