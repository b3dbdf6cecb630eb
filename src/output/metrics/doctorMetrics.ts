/**
 * The doctor's findings as counts by rule and severity (`ipvs_doctor_findings`), and connection entries by
 * state per service and real server (the monitor's and `list --json`'s attribution of the connection table).
 */

import type { Finding, Severity } from '../../doctor/types.js';
import type { Attribution, ConnCounts } from '../../domain/attribution.js';
import type { ServiceWithDests } from '../../kernel/ipvs/types.js';
import { type MetricFamily, renderLabels, type Sample } from './exposition.js';
import { backendLabelText, serviceLabels } from './serviceLabels.js';

const SEVERITIES: readonly Severity[] = ['critical', 'warning', 'info'];

/**
 * One series per rule and severity that found something (an alert on `ipvs_doctor_findings{severity="critical"}
 * > 0` works per rule), and, in a family of their own, each severity's total, 0 included: a director with no
 * finding still shows it ran.
 */
export function doctorFamilies(findings: readonly Finding[]): MetricFamily[] {
  const counts = new Map<string, { rule: string; severity: Severity; n: number }>();
  for (const f of findings) {
    const k = `${f.ruleId} ${f.severity}`;
    const c = counts.get(k) ?? { rule: f.ruleId, severity: f.severity, n: 0 };
    c.n++;
    counts.set(k, c);
  }
  const samples: Sample[] = [...counts.values()]
    .sort((a, b) => a.rule.localeCompare(b.rule) || a.severity.localeCompare(b.severity))
    .map((c) => ({ labels: { rule: c.rule, severity: c.severity }, value: c.n }));
  const totals: Sample[] = SEVERITIES.map((severity) => ({
    labels: { severity },
    value: findings.filter((f) => f.severity === severity).length,
  }));
  return [
    {
      name: 'ipvs_doctor_findings',
      type: 'gauge',
      help: "Findings of ipvstop's doctor in this scrape, by rule and severity (critical, warning, info).",
      samples,
    },
    {
      name: 'ipvs_doctor_findings_by_severity',
      type: 'gauge',
      help: "Findings of ipvstop's doctor in this scrape by severity, every rule together (0 when none).",
      samples: totals,
    },
  ];
}

/** Entries by state, templates left out (persistence templates are ipvs_backend_connections_persistent). */
function stateSamples(prefix: string, c: ConnCounts | undefined): Sample[] {
  return Object.entries(c?.conns ?? {}).map(([state, n]) => ({ prefix, labels: { state }, value: n }));
}

export function connStateFamilies(
  services: readonly ServiceWithDests[],
  who: Attribution,
  backends: boolean,
): MetricFamily[] {
  const perService: Sample[] = [];
  const perBackend: Sample[] = [];
  for (const { service, dests } of services) {
    const labels = renderLabels(serviceLabels(service));
    perService.push(...stateSamples(labels, who.services.get(service)));
    if (backends)
      for (const d of dests) perBackend.push(...stateSamples(backendLabelText(labels, d), who.dests.get(d)));
  }
  const families: MetricFamily[] = [
    {
      name: 'ipvs_service_connection_entries',
      type: 'gauge',
      help: "Entries of the kernel's connection table of the service by state (ESTABLISHED, SYN_RECV, ...), templates left out.",
      samples: perService,
    },
  ];
  if (backends) {
    families.push({
      name: 'ipvs_backend_connection_entries',
      type: 'gauge',
      help: "Entries of the kernel's connection table of the real server by state, templates left out.",
      samples: perBackend,
    });
  }
  return families;
}
