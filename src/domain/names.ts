/**
 * IPVS's numbers in the words ipvsadm and /proc/net/ip_vs_conn use: protocols,
 * forwarding methods, address families, and address:port. The screen, `list`
 * and the JSON all name things through here.
 */
import {
  type AddressFamily,
  AF_INET6,
  type ForwardMethod,
  type Protocol,
  type ServiceId,
} from '../kernel/ipvs/types.js';

/** As ipvsadm and /proc/net/ip_vs_conn print them; protocol 0 (a fwmark template's) is IP there. */
const PROTOCOL_NAMES: Record<Protocol, string> = { 0: 'IP', 6: 'TCP', 17: 'UDP', 132: 'SCTP' };

export const protocolName = (protocol: Protocol): string => PROTOCOL_NAMES[protocol];

/** The protocol column of a service: FWM for a fwmark service. */
export const serviceProtocolName = (s: ServiceId): string => (s.fwmark !== 0 ? 'FWM' : protocolName(s.protocol));

/** ipvsadm's Forward column. */
const FORWARD_NAMES: Record<ForwardMethod, string> = {
  masq: 'Masq',
  local: 'Local',
  tunnel: 'Tunnel',
  route: 'Route',
  bypass: 'Bypass',
};

export const forwardName = (method: ForwardMethod): string => FORWARD_NAMES[method];

/** `inet` or `inet6`, as ip(8) and the JSON name a family. */
export const familyName = (af: AddressFamily): 'inet' | 'inet6' => (af === AF_INET6 ? 'inet6' : 'inet');

/** address:port, an IPv6 address in brackets, as ipvsadm prints it. */
export function endpoint(af: AddressFamily, address: string, port: number): string {
  return af === AF_INET6 ? `[${address}]:${port}` : `${address}:${port}`;
}
