/**
 * `ipvstop fleet HOST...`: one row per director, then its pairs with their findings and the drift
 * between the pair's tables. Columns are as wide as their widest cell (as `kubectl get` does),
 * numbers shortened as ipvsadm shortens them. Remote words (names, ssh's reasons) arrive checked or are escaped: no control character
 * from another host reaches the terminal.
 */
import { printable } from '../../errors.js';
import type { DirectorFacts } from '../../state/directorFacts.js';
import type { DirectorRow, FleetView, PairView } from '../../state/fleetView.js';
import { largeNumber } from './numbers.js';

const HEADINGS = ['HOST', 'READ', 'HA', 'VIPS', 'SVC', 'RS', 'ACTIVE', 'INACT', 'CPS', 'IN/s', 'OUT/s', 'CRIT', 'WARN'];
/** Columns after the first three are numbers: right-aligned. */
const TEXT_COLUMNS = 3;

const short = (n: number): string => largeNumber(Math.round(n), false).trim();

function readWords(r: DirectorRow): string {
  if (r.state === 'stale' && r.ageMs !== null) return `stale ${Math.round(r.ageMs / 1000)}s`;
  return r.state === 'reachable' ? 'ok' : r.state;
}

/** `MASTER VI_1`, `MASTER VI_1 +1`, or `-` without instances; the director's first instance of its highest state. */
function haWords(f: DirectorFacts): string {
  for (const state of ['FAULT', 'MASTER', 'BACKUP', 'INIT', 'STOP', 'UNKNOWN']) {
    const named = f.instances.filter((i) => i.state === state);
    if (named.length === 0) continue;
    const more = f.instances.length - 1;
    return `${state} ${named[0]!.name}${more > 0 ? ` +${more}` : ''}`;
  }
  return '-';
}

function cells(r: DirectorRow): string[] {
  const f = r.facts;
  if (!f) return [printable(r.host), readWords(r), '-', ...HEADINGS.slice(TEXT_COLUMNS).map(() => '-')];
  const doctor = f.doctor ? [String(f.doctor.critical), String(f.doctor.warning)] : ['-', '-'];
  return [
    printable(r.host),
    readWords(r),
    haWords(f),
    String(f.instances.reduce((n, i) => n + i.held.length, 0)),
    String(f.services),
    `${f.usable}/${f.servers}`,
    short(f.activeConns),
    short(f.inactiveConns),
    short(f.cps),
    short(f.inBps),
    short(f.outBps),
    ...doctor,
  ];
}

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) =>
    r
      .map((cell, c) => (c < TEXT_COLUMNS ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
      .join('  ')
      .trimEnd(),
  );
}

function pairLines(p: PairView): string[] {
  const label = p.vrid > 0 ? `${p.instance} (vrid ${p.vrid})` : p.instance;
  const members = p.members.map((m) => `${m.host} ${m.state}`).join(', ');
  const vips = p.vips.map((v) => v.split('/')[0]).join(' ');
  const head = `${label}  ${vips === '' ? 'no VIP' : vips}  ${members}`;
  return [
    head,
    ...p.findings.map((f) => `  ${f.severity === 'critical' ? 'CRIT' : 'WARN'} ${f.message}`),
    ...p.drift.map((d) => `  DRIFT ${d.line}`),
  ];
}

/** The table, a blank line and the pairs (when there are some), then why a director was not read. */
export function fleetText(view: FleetView): string {
  const lines = table([HEADINGS, ...view.rows.map(cells)]);
  if (view.pairs.length > 0) lines.push('', ...view.pairs.flatMap(pairLines));
  const notRead = view.rows.filter((r) => r.reason !== null);
  if (notRead.length > 0) lines.push('', ...notRead.map((r) => `${printable(r.host)}: ${printable(r.reason!)}`));
  return `${lines.join('\n')}\n`;
}
