/** `ipvstop doctor`: the summary line, then each finding in three lines; or one JSON document. */
import type { SeverityCounts, Status } from '../../doctor/diagnose.js';
import type { Finding } from '../../doctor/types.js';
import { printable } from '../../errors.js';

export interface DoctorReport {
  status: Status;
  exitStatus: number;
  summary: string;
  counts: SeverityCounts;
  findings: Finding[];
}

/** `WARNING  where: what  [rule]`, then why and the remedy, indented. */
export function formatFinding(f: Finding): string {
  const head = `${f.severity.toUpperCase().padEnd(8)} ${printable(f.where)}: ${printable(f.what)}  [${f.ruleId}]`;
  return `${head}\n         ${printable(f.why)}\n         fix: ${printable(f.remedy)}\n`;
}

export function formatDoctorText(r: DoctorReport): string {
  return `${r.summary}\n${r.findings.map(formatFinding).join('')}`;
}

/** Stable keys: scripts select findings by `ruleId`. */
export function formatDoctorJson(r: DoctorReport): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}
