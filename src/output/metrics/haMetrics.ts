/**
 * The HA side of the director as metric families, from the same reading as the monitor's and
 * `list --json`'s (domain/ha.ts): each VRRP instance's state (one series per state, 1 for the one it is
 * in: the enum pattern, so that `ipvs_vrrp_state{state="MASTER"} == 1` counts masters across a fleet),
 * its priorities, whether each of its VIPs is on this director, and each health check's up/down with the
 * labels of `ipvs_backend_weight`, so that an alert joins the two on identical label sets.
 * heartbeat's resource groups come in the same words (instances), ldirectord's checks as checks.
 * The instance's label is `vrrp_instance`, not `instance`: Prometheus gives every series its target's
 * `instance` label, and would rename ours to `exported_instance`.
 */
import type { HaStatus, VrrpState } from '../../domain/ha.js';
import { serviceLabel } from '../../domain/labels.js';
import { endpoint } from '../../domain/names.js';
import type { ServiceWithDests } from '../../kernel/ipvs/types.js';
import type { Labels, MetricFamily, Sample } from './exposition.js';
import { backendLabels } from './serviceLabels.js';

const VRRP_STATES: readonly VrrpState[] = ['INIT', 'BACKUP', 'MASTER', 'FAULT'];

const gauge = (name: string, help: string, samples: Sample[]): MetricFamily => ({ name, type: 'gauge', help, samples });

/** A checked server's labels from its text, when the kernel's table does not have it: `TCP 10.0.0.1:80`, `FWM 7`. */
function labelsFromText(service: string, server: string): Labels | undefined {
  const srv = /^\[?([0-9A-Fa-f:.]+)\]?:(\d+)$/.exec(server);
  if (!srv) return undefined;
  const family = srv[1]?.includes(':') ? 'ipv6' : 'ipv4';
  const backend = { backend_address: srv[1] ?? '', backend_port: srv[2] ?? '' };
  const fwm = /^FWM (\d+)(?: v6)?$/.exec(service);
  if (fwm) return { family, protocol: '', address: '', port: '', fwmark: fwm[1] ?? '', ...backend };
  const svc = /^(TCP|UDP|SCTP) \[?([0-9A-Fa-f:.]+)\]?:(\d+)$/.exec(service);
  if (!svc) return undefined;
  const protocol = svc[1]?.toLowerCase() ?? '';
  return { family, protocol, address: svc[2] ?? '', port: svc[3] ?? '', fwmark: '', ...backend };
}

/**
 * The kernel's labels of the real servers the checks name, by the checker's `service|server` words. Only those:
 * labels for every real server of the table cost about 90 ms a scrape at 1,000 x 10 in the lab, with no check.
 */
function kernelLabels(services: readonly ServiceWithDests[], wanted: ReadonlySet<string>): Map<string, Labels> {
  const byKey = new Map<string, Labels>();
  if (wanted.size === 0) return byKey;
  for (const { service, dests } of services) {
    const label = serviceLabel(service);
    for (const d of dests) {
      const key = `${label}|${endpoint(d.af, d.address, d.port)}`;
      if (wanted.has(key)) byKey.set(key, backendLabels(service, d));
    }
  }
  return byKey;
}

/** The address without its prefix length, as the kernel and `ip addr` write it. */
const bare = (vip: string): string => vip.split('/')[0] ?? vip;

export function haFamilies(ha: HaStatus, services: readonly ServiceWithDests[]): MetricFamily[] {
  const state: Sample[] = [];
  const priority: Sample[] = [];
  const effective: Sample[] = [];
  const vips: Sample[] = [];
  for (const i of ha.instances) {
    const instance = { vrrp_instance: i.name };
    for (const s of VRRP_STATES)
      state.push({ labels: { vrrp_instance: i.name, state: s }, value: s === i.state ? 1 : 0 });
    priority.push({ labels: instance, value: i.priority });
    effective.push({ labels: instance, value: i.effectivePriority });
    for (const v of i.vipPresence)
      vips.push({ labels: { vrrp_instance: i.name, address: bare(v.vip) }, value: v.present ? 1 : 0 });
  }
  const keys = ha.checks.map((c) => `${c.service}|${c.server}`);
  const byKey = kernelLabels(services, new Set(keys));
  const checks: Sample[] = [];
  for (const [i, c] of ha.checks.entries()) {
    const labels = byKey.get(keys[i]!) ?? labelsFromText(c.service, c.server);
    if (labels) checks.push({ labels, value: c.up ? 1 : 0 });
  }
  return [
    {
      name: 'ipvs_ha_daemon',
      type: 'info',
      help: 'The HA daemon running in this network namespace: keepalived, heartbeat, ldirectord, or none.',
      samples: [{ labels: { daemon: ha.daemon ?? 'none' }, value: 1 }],
    },
    gauge(
      'ipvs_vrrp_state',
      'State of the VRRP instance (heartbeat: resource group), 1 for the one it is in: INIT, BACKUP, MASTER, FAULT.',
      state,
    ),
    gauge('ipvs_vrrp_priority', 'Configured VRRP priority of the instance.', priority),
    gauge(
      'ipvs_vrrp_effective_priority',
      'VRRP priority of the instance now, after tracked scripts and interfaces.',
      effective,
    ),
    gauge(
      'ipvs_vip_present',
      "Whether the instance's virtual address is on this director's interfaces (a MASTER has it, a BACKUP must not).",
      vips,
    ),
    gauge(
      'ipvs_healthcheck_up',
      "The health checker's verdict on the real server (keepalived, ldirectord): 1 up, 0 down.",
      checks,
    ),
  ];
}
