/**
 * `ipvsadm -L -n` text: the version line, the title of each format, a line
 * per service and per real server. Widths and words are ipvsadm 1.31's.
 */

import { isHostMask, isOnePacket, isPersistent, schedulerFlagWords } from '../../domain/flags.js';
import { endpoint, forwardName, protocolName } from '../../domain/names.js';
import { compareDests, compareServices, glibcSort } from '../../domain/sort.js';
import {
  IP_VS_TUNNEL_ENCAP_FLAG_CSUM,
  IP_VS_TUNNEL_ENCAP_FLAG_NOCSUM,
  IP_VS_TUNNEL_ENCAP_FLAG_REMCSUM,
} from '../../kernel/ipvs/constants.js';
import {
  AF_INET6,
  type Destination,
  type IpvsInfo,
  type Service,
  type ServiceWithDests,
} from '../../kernel/ipvs/types.js';
import { largeNumber, left, right } from './numbers.js';

/** Which columns, as ipvsadm's mutually overriding listing flags choose them. */
export type ListFormat = 'default' | 'stats' | 'rate' | 'thresholds' | 'persistent-conn' | 'tun-info';

export interface ListOptions {
  format: ListFormat;
  exact: boolean;
  sort: boolean;
}

/** ipvsadm picks the first of these it was given. */
export function listFormat(f: {
  stats?: boolean;
  rate?: boolean;
  thresholds?: boolean;
  persistentConn?: boolean;
  tunInfo?: boolean;
}): ListFormat {
  if (f.stats) return 'stats';
  if (f.rate) return 'rate';
  if (f.thresholds) return 'thresholds';
  if (f.persistentConn) return 'persistent-conn';
  if (f.tunInfo) return 'tun-info';
  return 'default';
}

const PROT = 'Prot LocalAddress:Port';
const DEST = '  -> RemoteAddress:Port';

export function title(format: ListFormat): string {
  const cols = (names: string[], w: number[]): string =>
    names.map((n, i) => (w[i]! < 0 ? left(n, -w[i]!) : right(n, w[i]!))).join(' ');
  switch (format) {
    case 'stats':
      return `${left(PROT, 33)} ${cols(['Conns', 'InPkts', 'OutPkts', 'InBytes', 'OutBytes'], [8, 8, 8, 8, 8])}\n${DEST}\n`;
    case 'rate':
      return `${left(PROT, 33)} ${cols(['CPS', 'InPPS', 'OutPPS', 'InBPS', 'OutBPS'], [8, 8, 8, 8, 8])}\n${DEST}\n`;
    case 'thresholds':
      return `${left(PROT, 33)} ${cols(['Uthreshold', 'Lthreshold', 'ActiveConn', 'InActConn'], [-10, -10, -10, -10])}\n${DEST}\n`;
    case 'persistent-conn':
      return `${left(PROT, 33)} ${cols(['Weight', 'PersistConn', 'ActiveConn', 'InActConn'], [-9, -11, -10, -10])}\n${DEST}\n`;
    case 'tun-info':
      return `${PROT} Scheduler Flags\n${DEST}           Forward TunnelInfo    Weight ActiveConn InActConn\n`;
    default:
      return `${PROT} Scheduler Flags\n${DEST}           Forward Weight ActiveConn InActConn\n`;
  }
}

/** The service column: "TCP  192.0.2.1:80", "SCTP 192.0.2.1:80", "FWM  7"; IPv4 names cut at 33 characters as ipvsadm does. */
export function serviceName(s: Service): string {
  if (s.fwmark) return `FWM  ${s.fwmark | 0}${s.af === AF_INET6 ? ' IPv6' : ''}`;
  const name = `${left(protocolName(s.protocol), 4)} ${endpoint(s.af, s.address, s.port)}`;
  return s.af === AF_INET6 ? name : name.slice(0, 33);
}

/** Scheduler flags in parentheses, as ipvsadm prints them after the scheduler. */
function schedFlags(s: Service): string {
  const words = schedulerFlagWords(s);
  return words.length ? ` (${words.join(',')})` : '';
}

function serviceLine(s: Service, o: ListOptions): string {
  const name = serviceName(s);
  const st = s.stats;
  if (o.format === 'stats') {
    return `${left(name, 33)}${[st.connections, st.inPackets, st.outPackets, st.inBytes, st.outBytes].map((n) => largeNumber(n, o.exact)).join('')}\n`;
  }
  if (o.format === 'rate') {
    return `${left(name, 33)}${[st.cps, st.inPps, st.outPps, st.inBps, st.outBps].map((n) => largeNumber(n, o.exact)).join('')}\n`;
  }
  let line = `${name} ${s.scheduler}${schedFlags(s)}`;
  if (isPersistent(s)) {
    line += ` persistent ${s.timeout}`;
    if (!isHostMask(s)) line += ` mask ${s.netmask}`;
    if (s.peName) line += ` pe ${s.peName}`;
  }
  if (isOnePacket(s)) line += ' ops';
  return `${line}\n`;
}

/** ipvsadm's words for a tunnel's checksum flags. */
const TUNNEL_CSUM: Record<number, string> = {
  [IP_VS_TUNNEL_ENCAP_FLAG_NOCSUM]: '-c',
  [IP_VS_TUNNEL_ENCAP_FLAG_CSUM]: '+c',
  [IP_VS_TUNNEL_ENCAP_FLAG_REMCSUM]: 'r+c',
};

function tunnelInfo(d: Destination): string {
  if (d.forward !== 'tunnel' || d.tunnelType === undefined) return 'n/a';
  const csum = TUNNEL_CSUM[d.tunnelFlags ?? 0] ?? '';
  if (d.tunnelType === 'gue') return `gue:${d.tunnelPort ?? 0}:${csum}`;
  if (d.tunnelType === 'gre') return `gre:${csum}`;
  return 'ipip';
}

function destLine(d: Destination, o: ListOptions): string {
  const full = endpoint(d.af, d.address, d.port);
  const name = left(d.af === AF_INET6 ? full : full.slice(0, 28), 28);
  const st = d.stats;
  const fwd = forwardName(d.forward);
  switch (o.format) {
    case 'stats':
      return `  -> ${name}${[st.connections, st.inPackets, st.outPackets, st.inBytes, st.outBytes].map((n) => largeNumber(n, o.exact)).join('')}\n`;
    case 'rate':
      return `  -> ${name} ${right(st.cps, 8)} ${right(st.inPps, 8)} ${right(st.outPps, 8)}${largeNumber(st.inBps, o.exact)}${largeNumber(st.outBps, o.exact)}\n`;
    case 'thresholds':
      return `  -> ${name} ${left(d.upperThreshold, 10)} ${left(d.lowerThreshold, 10)} ${left(d.activeConns, 10)} ${left(d.inactiveConns, 10)}\n`;
    case 'persistent-conn':
      return `  -> ${name} ${left(d.weight >>> 0, 9)} ${left(d.persistentConns, 11)} ${left(d.activeConns, 10)} ${left(d.inactiveConns, 10)}\n`;
    case 'tun-info':
      return `  -> ${name} ${left(fwd, 7)} ${left(tunnelInfo(d), 13)} ${left(d.weight, 6)} ${left(d.activeConns, 10)} ${left(d.inactiveConns, 10)}\n`;
    default:
      return `  -> ${name} ${left(fwd, 7)} ${left(d.weight, 6)} ${left(d.activeConns, 10)} ${left(d.inactiveConns, 10)}\n`;
  }
}

/** The services (and their real servers) in ipvsadm's order, or the kernel's with sort off. */
export function orderServices(services: readonly ServiceWithDests[], sort: boolean): ServiceWithDests[] {
  if (!sort) return [...services];
  return glibcSort(services, (a, b) => compareServices(a.service, b.service)).map((s) => ({
    service: s.service,
    dests: glibcSort(s.dests, compareDests),
  }));
}

/** `ipvsadm -L -n [flags]`, or with `only` set, `ipvsadm -L -n -t ...` (no version line). */
export function formatServiceList(
  info: IpvsInfo,
  services: readonly ServiceWithDests[],
  o: ListOptions,
  only = false,
): string {
  let out = only ? '' : `IP Virtual Server version ${info.version} (size=${info.connTableSize})\n`;
  out += title(o.format);
  for (const { service, dests } of orderServices(services, o.sort)) {
    out += serviceLine(service, o);
    for (const d of dests) out += destLine(d, o);
  }
  return out;
}
