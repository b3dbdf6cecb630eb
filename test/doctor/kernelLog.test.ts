import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/doctor/diagnose.js';
import { serviceMessage } from '../../src/doctor/kernelLogRules.js';
import { parseKmsgRecord } from '../../src/kernel/kmsg.js';
import { ids, input } from './build.js';

describe('the doctor: the kernel log', () => {
  it('reads a /dev/kmsg record', () => {
    expect(
      parseKmsgRecord('3,812,5123456,-;IPVS: rr: TCP 192.0.2.1:80 - no destination available\n SUBSYSTEM=x\n'),
    ).toEqual({
      level: 3,
      seq: 812,
      usec: 5123456,
      message: 'IPVS: rr: TCP 192.0.2.1:80 - no destination available',
    });
    // The facility is in the high bits of the priority.
    expect(parseKmsgRecord('30,1,2,-;x')?.level).toBe(6);
    expect(parseKmsgRecord('garbage')).toBeUndefined();
  });

  it('names the service of a scheduler message, IPv4, IPv6 and fwmark', () => {
    expect(serviceMessage('IPVS: wlc: UDP 192.0.2.1:53 - no destination available')).toEqual({
      where: 'UDP 192.0.2.1:53',
      message: 'no destination available',
    });
    expect(serviceMessage('IPVS: rr: TCP [2001:db8::1]:80 - no destination available')?.where).toBe(
      'TCP [2001:db8::1]:80',
    );
    expect(serviceMessage('IPVS: mh: FWM 7 0x00000007 - no destination available')?.where).toBe('FWM 7');
    expect(serviceMessage('IPVS: [rr] scheduler registered.')).toBeUndefined();
  });

  it('counts messages by service with the last time seen: recent ones warn, old ones inform', () => {
    const now = input().now;
    const rec = (message: string, ago: number, level = 3) => ({ level, seq: 0, usec: 0, message, at: now - ago });
    const noDest = 'IPVS: rr: TCP 192.0.2.1:80 - no destination available';
    const kernelLog = [
      rec(noDest, 300_000),
      rec(noDest, 60_000),
      rec('IPVS: wrr: UDP 192.0.2.1:53 - no destination available', 5 * 3_600_000),
      rec('IPVS: [rr] scheduler registered.', 10, 6),
    ];
    const f = diagnose(input({ kernelLog }));
    expect(ids(f)).toEqual(['warning kernel-log.ipvs TCP 192.0.2.1:80', 'info kernel-log.ipvs UDP 192.0.2.1:53']);
    expect(f[0]?.what).toBe('kernel: "no destination available" 2 time(s), last 60 s ago (2026-01-01T11:59:00.000Z)');
  });
});
