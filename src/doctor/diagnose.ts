/**
 * All the rules over one input, findings worst first, and the verdict as a
 * monitoring plugin states it (Nagios, Icinga, Sensu, Zabbix: 0 OK,
 * 1 WARNING, 2 CRITICAL, 3 UNKNOWN).
 */
import { ADDRESS_RULES } from './addressRules.js';
import { ARP_RULES } from './arpRules.js';
import { HA_RULES } from './haRules.js';
import { KERNEL_LOG_RULES } from './kernelLogRules.js';
import { LDIRECTORD_RULES } from './ldirectordRules.js';
import { OUTAGE_RULES } from './outageRules.js';
import { SYSCTL_RULES } from './sysctlRules.js';
import { TABLE_RULES } from './tableRules.js';
import type { DoctorInput, Finding, Severity } from './types.js';
import { applyRules, finding } from './where.js';

const RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

/** What could not be read is said, so a clean result is never a blind one. */
const unreadable = (input: DoctorInput): Finding[] =>
  input.unreadable.map((part) =>
    finding('doctor.unchecked', 'info')(
      part.split(':')[0]!,
      `not checked: ${part}`,
      'the rules that need it did not run.',
      'run as root (ipvstop doctor needs CAP_NET_ADMIN and reads /dev/kmsg)',
    ),
  );

const allRules = applyRules([
  ...SYSCTL_RULES,
  ...TABLE_RULES,
  ...OUTAGE_RULES,
  ...ADDRESS_RULES,
  ...KERNEL_LOG_RULES,
  ...ARP_RULES,
  ...HA_RULES,
  ...LDIRECTORD_RULES,
  unreadable,
]);

/** Critical first, the given order kept within a severity. */
const worstFirst = (findings: readonly Finding[]): Finding[] =>
  findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => RANK[a.f.severity] - RANK[b.f.severity] || a.i - b.i)
    .map(({ f }) => f);

/** Every finding, critical first (the order of the rules within a severity). */
export const diagnose = (input: DoctorInput): Finding[] => worstFirst(allRules(input));

/** The monitor's findings with those of its last ARP check (`a`) among them, critical first. */
export function withArpCheck(findings: readonly Finding[], check: Pick<DoctorInput, 'arp' | 'ownMacs'>): Finding[] {
  return worstFirst([...findings, ...ARP_RULES.flatMap((rule) => rule(check))]);
}

export type Status = 'OK' | 'WARNING' | 'CRITICAL' | 'UNKNOWN';

export const EXIT_STATUS: Record<Status, number> = { OK: 0, WARNING: 1, CRITICAL: 2, UNKNOWN: 3 };

export type SeverityCounts = Record<Severity, number>;

export function countBySeverity(findings: readonly Finding[]): SeverityCounts {
  const counts: SeverityCounts = { critical: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

/** The plugin status of a set of findings (UNKNOWN is for a check that could not run at all). */
export function statusOf(counts: SeverityCounts): Status {
  return counts.critical ? 'CRITICAL' : counts.warning ? 'WARNING' : 'OK';
}

/** The first line: `DOCTOR WARNING - 0 critical, 2 warning, 1 info`. */
export function summaryLine(status: Status, counts: SeverityCounts, detail?: string): string {
  const tail = detail ?? `${counts.critical} critical, ${counts.warning} warning, ${counts.info} info`;
  return `DOCTOR ${status} - ${tail}`;
}
