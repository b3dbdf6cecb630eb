/**
 * The shell command equivalent to each action: what the confirmation dialog
 * shows and what syslog records, so an operator knows exactly what happens.
 */
import type { ServiceId } from '../kernel/ipvs/types.js';
import { endpoint } from '../ipvs/names.js';
import type { Action } from './types.js';

/** Gratuitous ARP frames sent per action, as keepalived does by default (5 would be its max). */
export const GARP_COUNT = 3;

/** ipvsadm's service argument: `-t 10.0.0.1:80`, `-u [2001:db8::1]:53`, `-f 7`. */
export function ipvsadmServiceArg(s: ServiceId): string {
  if (s.fwmark !== 0) return `-f ${s.fwmark}${s.af === 10 ? ' -6' : ''}`;
  const flag = s.protocol === 17 ? '-u' : s.protocol === 132 ? '--sctp-service' : '-t';
  return `${flag} ${endpoint(s.af, s.address, s.port)}`;
}

export function describeAction(a: Action): string {
  switch (a.kind) {
    case 'zeroService':
      return `ipvsadm -Z ${ipvsadmServiceArg(a.service)}`;
    case 'zeroAll':
      return 'ipvsadm -Z';
    case 'clearTable':
      return 'ipvsadm -C';
    case 'setTimeouts':
      return `ipvsadm --set ${a.timeouts.tcp} ${a.timeouts.tcpFin} ${a.timeouts.udp}`;
    case 'flushNeighbours':
      return `ip neigh flush dev ${a.iface}`;
    case 'gratuitousArp':
      return `arping -U -c ${GARP_COUNT} -I ${a.iface} -s ${a.address} ${a.address}`;
  }
}
