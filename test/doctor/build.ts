/** A clean director's doctor input (nothing found in it), to change one fact at a time. */
import type { DoctorInput, Finding } from '../../src/doctor/types.js';
import { attributeConnections } from '../../src/domain/attribution.js';
import type { ServiceWithDests } from '../../src/kernel/ipvs/types.js';
import type { Route } from '../../src/kernel/net/routes.js';
import type { ConnGroup, ConnTableSummary } from '../../src/kernel/proc/types.js';
import { dest, service } from '../ui/fakes.js';

export const CLEAN_SYSCTLS: Record<string, number> = {
  'net.ipv4.vs.conn_reuse_mode': 1,
  'net.ipv4.vs.conntrack': 0,
  'net.ipv4.vs.expire_nodest_conn': 1,
  'net.ipv4.vs.expire_quiescent_template': 1,
  'net.ipv4.vs.drop_entry': 0,
  'net.ipv4.vs.drop_packet': 0,
  'net.ipv4.vs.secure_tcp': 0,
  'net.ipv4.vs.run_estimation': 1,
  'net.ipv4.ip_forward': 1,
  'net.ipv6.conf.all.forwarding': 1,
};

export const route = (destination: string, prefixLength: number, type = 'unicast', table = 254): Route => ({
  af: destination.includes(':') ? 10 : 2,
  destination,
  prefixLength,
  table,
  type,
  interface: 'eth0',
});

/** One NAT service 192.0.2.1:80 (wrr) with two servers of weight 1 in 198.51.100.0/24. */
export const cleanServices = (): ServiceWithDests[] => [
  { service: service('192.0.2.1'), dests: [dest('198.51.100.11'), dest('198.51.100.12')] },
];

/** Counted connection groups to the table's services (virtual 192.0.2.1:80 unless given). */
export function conns(services: ServiceWithDests[], groups: Partial<ConnGroup>[]): DoctorInput['conns'] {
  const all = new Map<string, ConnGroup>();
  groups.forEach((g, i) => {
    const group: ConnGroup = {
      protocol: 'TCP',
      af: 2,
      virtualAddress: '192.0.2.1',
      virtualPort: 80,
      destAddress: '198.51.100.11',
      destPort: 80,
      states: {},
      templates: {},
      maxExpires: 0,
      ...g,
    };
    all.set(String(i), group);
  });
  const summary: ConnTableSummary = {
    rows: 0,
    states: {},
    templates: {},
    groups: all,
    takenAt: 0,
    durationMs: 0,
    malformed: 0,
  };
  return attributeConnections(services, summary);
}

export function input(over: Partial<DoctorInput> = {}): DoctorInput {
  const services = over.services ?? cleanServices();
  return {
    now: Date.parse('2026-01-01T12:00:00Z'),
    kernelRelease: '6.1.0-13-amd64',
    sysctl: { ...CLEAN_SYSCTLS },
    sysctlFiles: [],
    services,
    conns: conns(services, []),
    addresses: [{ af: 2, address: '192.0.2.1', prefixLength: 32, interface: 'eth0' }],
    routes: [route('198.51.100.0', 24), route('192.0.2.1', 32, 'local', 255), route('0.0.0.0', 0)],
    kernelLog: [],
    unreadable: [],
    notReadYet: [],
    ...over,
  };
}

export const ids = (findings: Finding[]): string[] => findings.map((f) => `${f.severity} ${f.ruleId} ${f.where}`);
