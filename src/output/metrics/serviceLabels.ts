/**
 * The labels that identify a service and a real server in every series of theirs.
 *
 * node_exporter's IPVS collector gave fwmark services colliding series (`local_address` "<nil>", port 0) and
 * failed on IPv6. Here a service is (family, protocol, address, port, fwmark): an address service has
 * fwmark="", a fwmark service has protocol, address and port "" and its mark (an empty label is left out when
 * written, as Prometheus takes it as absent: renderLabels), and the family keeps an IPv4 and an IPv6 fwmark
 * service of one mark apart. Addresses are written without brackets.
 */
import type { Destination, ServiceId } from '../../kernel/ipvs/types.js';
import { AF_INET6 } from '../../kernel/ipvs/types.js';
import { escapeLabelValue, type Labels } from './exposition.js';

const PROTOCOLS: Record<number, string> = { 6: 'tcp', 17: 'udp', 132: 'sctp' };

export function serviceLabels(s: ServiceId): Labels {
  const family = s.af === AF_INET6 ? 'ipv6' : 'ipv4';
  if (s.fwmark !== 0) return { family, protocol: '', address: '', port: '', fwmark: String(s.fwmark) };
  return {
    family,
    protocol: PROTOCOLS[s.protocol] ?? String(s.protocol),
    address: s.address,
    port: String(s.port),
    fwmark: '',
  };
}

export function backendLabels(s: ServiceId, d: Destination): Labels {
  return { ...serviceLabels(s), backend_address: d.address, backend_port: String(d.port) };
}

/** renderLabels(backendLabels(s, d)), from the service's labels rendered once (`serviceText`) for all its real servers. */
export const backendLabelText = (serviceText: string, d: Destination): string =>
  `${serviceText},backend_address="${escapeLabelValue(d.address)}",backend_port="${d.port}"`;
