/**
 * How services and real servers are named on screen, in dialogs and by the
 * filter: ipvsadm's words (TCP/UDP/SCTP/FWM, [v6]:port), written shorter.
 */
import { AF_INET6, type Service, type ServiceId } from '../kernel/ipvs/types.js';
import { isHostMask, isOnePacket, isPersistent, schedulerFlagWords } from './flags.js';
import { endpoint, serviceProtocolName } from './names.js';

/** `10.0.0.1:80`, `[2001:db8::1]:443`, or the fwmark (`7`, `7 v6`). */
export function serviceTarget(s: ServiceId): string {
  if (s.fwmark !== 0) return s.af === AF_INET6 ? `${s.fwmark} v6` : String(s.fwmark);
  return endpoint(s.af, s.address, s.port);
}

/** `TCP 10.0.0.1:80`. */
export function serviceLabel(s: ServiceId): string {
  return `${serviceProtocolName(s)} ${serviceTarget(s)}`;
}

/** What follows the scheduler on the screen's service line: `persistent 300 mask 255.255.255.0 pe sip ops`. */
export function serviceExtras(s: Service): string {
  const parts = schedulerFlagWords(s);
  if (isPersistent(s)) {
    parts.push(`persistent ${s.timeout}`);
    if (!isHostMask(s)) parts.push(`mask ${s.netmask}`);
  }
  if (s.peName) parts.push(`pe ${s.peName}`);
  if (isOnePacket(s)) parts.push('ops');
  return parts.join(' ');
}

/** Short form for narrow columns: `p300 ops`. */
export function serviceExtrasShort(s: Service): string {
  const parts: string[] = [];
  if (isPersistent(s)) parts.push(`p${s.timeout}`);
  if (s.peName) parts.push(s.peName);
  if (isOnePacket(s)) parts.push('ops');
  return parts.join(' ');
}

/** The word for `n` things: `1 template`, `2 templates`; `many` where the plural is not one + s (`entry`, `entries`). */
export const plural = (n: number | bigint, one: string, many = `${one}s`): string => (Number(n) === 1 ? one : many);
