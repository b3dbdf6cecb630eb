/**
 * A director's row in words, one cell a column, the same for the text table (`fleet --once`) and
 * the fleet screen: how it was read, its HA role, VIPs held, services, usable real servers,
 * connections, rates, the doctor's counts. Numbers are shortened by the caller (ipvsadm's way in
 * the table, the monitor's units on the screen). Remote words are escaped here: no control
 * character from another host reaches a terminal.
 */
import { printable } from '../errors.js';
import type { DirectorFacts } from './directorFacts.js';
import type { DirectorRow, PairView } from './fleetView.js';

export const FLEET_HEADINGS = [
  'HOST',
  'READ',
  'HA',
  'VIPS',
  'SVC',
  'RS',
  'ACTIVE',
  'INACT',
  'CPS',
  'IN/s',
  'OUT/s',
  'CRIT',
  'WARN',
] as const;
/** Columns after the first three are numbers: right-aligned. */
export const FLEET_TEXT_COLUMNS = 3;

/** `ok`, `stale 12s`, `connecting` or `unreachable`. */
export function readWords(r: Pick<DirectorRow, 'state' | 'ageMs'>): string {
  if (r.state === 'stale' && r.ageMs !== null) return `stale ${Math.round(r.ageMs / 1000)}s`;
  return r.state === 'reachable' ? 'ok' : r.state;
}

/** `MASTER VI_1`, `MASTER VI_1 +1`, or `-` without instances; the director's first instance of its highest state. */
export function haWords(f: DirectorFacts): string {
  for (const state of ['FAULT', 'MASTER', 'BACKUP', 'INIT', 'STOP', 'UNKNOWN']) {
    const named = f.instances.filter((i) => i.state === state);
    if (named.length === 0) continue;
    const more = f.instances.length - 1;
    return `${state} ${named[0]!.name}${more > 0 ? ` +${more}` : ''}`;
  }
  return '-';
}

/** The row's cells under FLEET_HEADINGS; `-` for what a director not read cannot say. */
export function rowCells(r: DirectorRow, short: (n: number) => string): string[] {
  const f = r.facts;
  if (!f) return [printable(r.host), readWords(r), '-', ...FLEET_HEADINGS.slice(FLEET_TEXT_COLUMNS).map(() => '-')];
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

/** `VI_1 (vrid 51)  10.5.0.100  ha-a MASTER, ha-b BACKUP`: the instance, its VIPs and each member's state. */
export function pairHead(p: PairView): string {
  const label = p.vrid > 0 ? `${p.instance} (vrid ${p.vrid})` : p.instance;
  const members = p.members.map((m) => `${m.host} ${m.state}`).join(', ');
  const vips = p.vips.map((v) => v.split('/')[0]).join(' ');
  return `${label}  ${vips === '' ? 'no VIP' : vips}  ${members}`;
}

/** A line under a pair: a finding (CRIT, WARN) or a difference between its members' tables (DRIFT). */
export interface PairNote {
  label: 'CRIT' | 'WARN' | 'DRIFT';
  text: string;
}

/** The pair's findings, then its drift. */
export function pairNotes(p: PairView): PairNote[] {
  return [
    ...p.findings.map((f): PairNote => ({ label: f.severity === 'critical' ? 'CRIT' : 'WARN', text: f.message })),
    ...p.drift.map((d): PairNote => ({ label: 'DRIFT', text: d.line })),
  ];
}
