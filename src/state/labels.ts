/**
 * How services and real servers are named on screen and matched by the
 * filter: ipvsadm's words (TCP/UDP/SCTP/FWM, [v6]:port), shared by state and UI.
 */
import type { Service, ServiceId } from '../kernel/ipvs/types.js';

const PROTOCOL_NAMES: Record<number, string> = { 0: 'FWM', 6: 'TCP', 17: 'UDP', 132: 'SCTP' };

export function protocolName(s: ServiceId): string {
  return s.fwmark !== 0 ? 'FWM' : (PROTOCOL_NAMES[s.protocol] ?? String(s.protocol));
}

/** address:port with IPv6 in brackets, as ipvsadm prints it. */
export function endpoint(af: number, address: string, port: number): string {
  return af === 10 ? `[${address}]:${port}` : `${address}:${port}`;
}

/** `10.0.0.1:80`, `[2001:db8::1]:443`, or the fwmark (`7`, `7 v6`). */
export function serviceTarget(s: ServiceId): string {
  if (s.fwmark !== 0) return s.af === 10 ? `${s.fwmark} v6` : String(s.fwmark);
  return endpoint(s.af, s.address, s.port);
}

/** `TCP 10.0.0.1:80`. */
export function serviceLabel(s: ServiceId): string {
  return `${protocolName(s)} ${serviceTarget(s)}`;
}

const PERSISTENT = 0x0001; // IP_VS_SVC_F_PERSISTENT (uapi ip_vs.h)
const ONEPACKET = 0x0004; // IP_VS_SVC_F_ONEPACKET

export function isPersistent(s: Service): boolean {
  return (s.flags & PERSISTENT) !== 0;
}

/** Scheduler flags SCHED1..3 as ipvsadm names them: sh/mh have their own words, others flag-N. */
function schedulerFlags(s: Service): string[] {
  const named = s.scheduler === 'sh' || s.scheduler === 'mh';
  const words: string[] = [];
  if (s.flags & 0x8) words.push(named ? `${s.scheduler}-fallback` : 'flag-1');
  if (s.flags & 0x10) words.push(named ? `${s.scheduler}-port` : 'flag-2');
  if (s.flags & 0x20) words.push('flag-3');
  return words;
}

function hostMask(s: Service): boolean {
  return s.af === 10 ? s.netmask === '128' : s.netmask === '255.255.255.255';
}

/** What follows the scheduler on an ipvsadm service line: `persistent 300 mask 255.255.255.0 pe sip ops`. */
export function serviceExtras(s: Service): string {
  const parts = schedulerFlags(s);
  if (isPersistent(s)) {
    parts.push(`persistent ${s.timeout}`);
    if (!hostMask(s)) parts.push(`mask ${s.netmask}`);
  }
  if (s.peName) parts.push(`pe ${s.peName}`);
  if (s.flags & ONEPACKET) parts.push('ops');
  return parts.join(' ');
}

/** Short form for narrow columns: `p300 ops`. */
export function serviceExtrasShort(s: Service): string {
  const parts: string[] = [];
  if (isPersistent(s)) parts.push(`p${s.timeout}`);
  if (s.peName) parts.push(s.peName);
  if (s.flags & ONEPACKET) parts.push('ops');
  return parts.join(' ');
}
