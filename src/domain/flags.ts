/** What a service's IP_VS_SVC_F_* bits mean, in ipvsadm's words. */
import {
  IP_VS_SVC_F_ONEPACKET,
  IP_VS_SVC_F_PERSISTENT,
  IP_VS_SVC_F_SCHED1,
  IP_VS_SVC_F_SCHED2,
  IP_VS_SVC_F_SCHED3,
} from '../kernel/ipvs/constants.js';
import { AF_INET6, type Service } from '../kernel/ipvs/types.js';

export const isPersistent = (s: Pick<Service, 'flags'>): boolean => (s.flags & IP_VS_SVC_F_PERSISTENT) !== 0;

/** One-packet scheduling (ipvsadm's `ops`): every UDP datagram is scheduled on its own. */
export const isOnePacket = (s: Pick<Service, 'flags'>): boolean => (s.flags & IP_VS_SVC_F_ONEPACKET) !== 0;

/** Scheduler flags 1..3 as ipvsadm names them: sh and mh have their own words for the first two, others flag-N. */
export function schedulerFlagWords(s: Pick<Service, 'flags' | 'scheduler'>): string[] {
  const named = s.scheduler === 'sh' || s.scheduler === 'mh';
  const words: string[] = [];
  if (s.flags & IP_VS_SVC_F_SCHED1) words.push(named ? `${s.scheduler}-fallback` : 'flag-1');
  if (s.flags & IP_VS_SVC_F_SCHED2) words.push(named ? `${s.scheduler}-port` : 'flag-2');
  if (s.flags & IP_VS_SVC_F_SCHED3) words.push('flag-3');
  return words;
}

/** A persistence netmask of one host (/32, /128): ipvsadm then leaves `mask` out. */
export function isHostMask(s: Pick<Service, 'af' | 'netmask'>): boolean {
  return s.af === AF_INET6 ? s.netmask === '128' : s.netmask === '255.255.255.255';
}
