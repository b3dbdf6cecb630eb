/**
 * The shell command equivalent to each action: what the confirmation dialog
 * shows and what syslog records, so an operator knows exactly what happens.
 * Every word is shell-quoted: pasted, the line runs that command and nothing else.
 */

import { endpoint } from '../domain/names.js';
import { arpingArgs } from '../kernel/arp/garp.js';
import { shellCommand } from '../kernel/exec/shellQuote.js';
import { AF_INET6, IPPROTO_SCTP, IPPROTO_UDP } from '../kernel/inet.js';
import { IP_VS_TUNNEL_ENCAP_FLAG_CSUM, IP_VS_TUNNEL_ENCAP_FLAG_REMCSUM } from '../kernel/ipvs/constants.js';
import type { Destination, ForwardMethod, ServiceId } from '../kernel/ipvs/types.js';
import { arpProbeCommand } from './arpProbe.js';
import type { Action, ServerId } from './types.js';

/** Gratuitous ARP frames sent per action, as keepalived does by default (5 would be its max). */
export const GARP_COUNT = 3;

/** ipvsadm's service arguments: `-t 10.0.0.1:80`, `-u [2001:db8::1]:53`, `-f 7`, as words. */
function ipvsadmServiceArgs(s: ServiceId): string[] {
  if (s.fwmark !== 0) return ['-f', String(s.fwmark), ...(s.af === AF_INET6 ? ['-6'] : [])];
  const flag = s.protocol === IPPROTO_UDP ? '-u' : s.protocol === IPPROTO_SCTP ? '--sctp-service' : '-t';
  return [flag, endpoint(s.af, s.address, s.port)];
}

/** ipvsadm's service argument as text (`-t 10.0.0.1:80`), for messages. */
export function ipvsadmServiceArg(s: ServiceId): string {
  return ipvsadmServiceArgs(s).join(' ');
}

/** ipvsadm's real server argument: `198.51.100.1:80`, `[2001:db8::1]:80` (always with a port: ipvsadm needs it). */
export const ipvsadmServerArg = (d: ServerId): string => endpoint(d.af, d.address, d.port);

/**
 * ipvsadm's forwarding options. The kernel reports "Local" for a server at one of the director's
 * own addresses whatever method it was given; any method gives Local there again.
 */
const FORWARD_OPTION: Record<ForwardMethod, string> = {
  masq: '-m',
  route: '-g',
  tunnel: '-i',
  local: '-g',
  bypass: '-g',
};

/** Tunnel options as ipvsadm takes them: ipip has no port or checksum, gre no port, gue both. */
function tunnelOptions(d: Destination): string[] {
  if (d.forward !== 'tunnel' || d.tunnelType === undefined) return [];
  const out = ['--tun-type', d.tunnelType];
  if (d.tunnelType === 'ipip') return out;
  if (d.tunnelType === 'gue') out.push('--tun-port', String(d.tunnelPort ?? 0));
  const flags = d.tunnelFlags ?? 0;
  if (flags === 0) out.push('--tun-nocsum');
  if (flags & IP_VS_TUNNEL_ENCAP_FLAG_CSUM) out.push('--tun-csum');
  if (flags & IP_VS_TUNNEL_ENCAP_FLAG_REMCSUM) out.push('--tun-remcsum');
  return out;
}

/**
 * `ipvsadm -e` with every option spelled out: ipvsadm fills an omitted one with its default
 * (an edit without -m turns a NAT server into a DR one, and drops thresholds and tunnel settings).
 */
export function editDestArgv(service: ServiceId, d: Destination, weight: number): string[] {
  return [
    'ipvsadm',
    '-e',
    ...ipvsadmServiceArgs(service),
    '-r',
    ipvsadmServerArg(d),
    FORWARD_OPTION[d.forward],
    '-w',
    String(weight),
    '-x',
    String(d.upperThreshold),
    '-y',
    String(d.lowerThreshold),
    ...tunnelOptions(d),
  ];
}

/** An action of one command (setWeights and arpProbe are several). */
export type OneCommandAction = Exclude<Action, { kind: 'setWeights' } | { kind: 'arpProbe' }>;

/** The argument list of the command equivalent to `a` (arping as iputils spells it). */
export function actionArgv(a: OneCommandAction): string[] {
  switch (a.kind) {
    case 'zeroService':
      return ['ipvsadm', '-Z', ...ipvsadmServiceArgs(a.service)];
    case 'zeroAll':
      return ['ipvsadm', '-Z'];
    case 'clearTable':
      return ['ipvsadm', '-C'];
    case 'setTimeouts':
      return ['ipvsadm', '--set', ...[a.timeouts.tcp, a.timeouts.tcpFin, a.timeouts.udp].map(String)];
    case 'flushNeighbours':
      return ['ip', 'neigh', 'flush', 'dev', a.iface];
    case 'gratuitousArp':
      return ['arping', ...arpingArgs('iputils', a.address, a.iface, GARP_COUNT)];
    case 'setWeight':
      return editDestArgv(a.service, a.dest, a.weight);
  }
}

/** The commands equivalent to `a`, shell-quoted, one per step. */
export function actionCommands(a: Action): string[] {
  if (a.kind === 'setWeights') return a.steps.map((s) => shellCommand(actionArgv(s)));
  if (a.kind === 'arpProbe') return a.targets.map(arpProbeCommand);
  return [shellCommand(actionArgv(a))];
}

/** The command equivalent to `a`, shell-quoted (steps joined by `&&`: each runs if the one before worked). */
export function describeAction(a: Action): string {
  return actionCommands(a).join(' && ');
}
