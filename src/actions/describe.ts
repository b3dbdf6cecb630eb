/**
 * The shell command equivalent to each action: what the confirmation dialog
 * shows and what syslog records, so an operator knows exactly what happens.
 * Every word is shell-quoted: pasted, the line runs that command and nothing else.
 */

import { endpoint } from '../ipvs/names.js';
import { arpingArgs } from '../kernel/arp/garp.js';
import { shellCommand } from '../kernel/exec/shellQuote.js';
import type { ServiceId } from '../kernel/ipvs/types.js';
import type { Action } from './types.js';

/** Gratuitous ARP frames sent per action, as keepalived does by default (5 would be its max). */
export const GARP_COUNT = 3;

/** ipvsadm's service arguments: `-t 10.0.0.1:80`, `-u [2001:db8::1]:53`, `-f 7`, as words. */
function ipvsadmServiceArgs(s: ServiceId): string[] {
  if (s.fwmark !== 0) return ['-f', String(s.fwmark), ...(s.af === 10 ? ['-6'] : [])];
  const flag = s.protocol === 17 ? '-u' : s.protocol === 132 ? '--sctp-service' : '-t';
  return [flag, endpoint(s.af, s.address, s.port)];
}

/** ipvsadm's service argument as text (`-t 10.0.0.1:80`), for messages. */
export function ipvsadmServiceArg(s: ServiceId): string {
  return ipvsadmServiceArgs(s).join(' ');
}

/** The argument list of the command equivalent to `a` (arping as iputils spells it). */
export function actionArgv(a: Action): string[] {
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
  }
}

/** The command equivalent to `a`, shell-quoted. */
export function describeAction(a: Action): string {
  return shellCommand(actionArgv(a));
}
