import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/doctor/diagnose.js';
import { dest, fwmarkService, service } from '../ui/fakes.js';
import { ids, input, route } from './build.js';

describe('the doctor: addresses and routes', () => {
  const elsewhere = [{ service: service('192.0.2.9'), dests: [dest('198.51.100.11')] }];

  it('calls a VIP on no local interface critical, information on an HA backup', () => {
    expect(ids(diagnose(input({ services: elsewhere })))).toEqual(['critical address.vip-not-local TCP 192.0.2.9:80']);
    expect(ids(diagnose(input({ services: elsewhere, haBackup: true })))).toEqual([
      'info address.vip-not-local TCP 192.0.2.9:80',
    ]);
  });

  it('takes a VIP covered by a local route as local, and skips fwmark services', () => {
    const anyIp = route('192.0.2.0', 24, 'local', 255);
    expect(ids(diagnose(input({ services: elsewhere, routes: [...input().routes!, anyIp] })))).toEqual([]);
    const fwm = [{ service: fwmarkService(7), dests: [dest('198.51.100.11')] }];
    expect(ids(diagnose(input({ services: fwm })))).toEqual([]);
  });

  it('warns of a NAT server reachable only through a default route; DR servers are not its concern', () => {
    const far = [
      { service: service('192.0.2.1'), dests: [dest('10.9.9.9'), dest('10.9.9.10', 1, { forward: 'route' })] },
    ];
    expect(ids(diagnose(input({ services: far })))).toEqual([
      'warning address.nat-server-no-route TCP 192.0.2.1:80 -> 10.9.9.9:80',
    ]);
    expect(ids(diagnose(input({ services: far, routes: [...input().routes!, route('10.9.0.0', 16)] })))).toEqual([]);
  });

  it('says what it could not read instead of finding nothing there', () => {
    const f = diagnose(input({ services: elsewhere, addresses: undefined, unreadable: ['addresses: EPERM'] }));
    expect(ids(f)).toEqual(['info doctor.unchecked addresses']);
  });
});
