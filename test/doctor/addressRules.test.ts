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

  it('takes a route to cover exactly its prefix, at every length, IPv4 and IPv6', () => {
    const servers = ['10.9.9.9', '10.9.9.8', '10.9.8.255', '10.9.10.0', '11.0.0.1', '255.255.255.255', '0.0.0.1'];
    const v6 = ['2001:db8::9', '2001:db9::9'];
    const services = [
      {
        service: service('192.0.2.1'),
        dests: [...servers.map((a) => dest(a)), ...v6.map((a) => dest(a, 1, { af: 10 }))],
      },
    ];
    const uncovered = (...routes: ReturnType<typeof route>[]) =>
      diagnose(input({ services, routes: [...input().routes!, ...routes] }))
        .filter((f) => f.ruleId === 'address.nat-server-no-route')
        .map((f) => f.where.replace(/^.* -> /, '').replace(/:80$/, ''));
    const all = [...servers, ...v6.map((a) => `[${a}]`)];
    expect(uncovered()).toEqual(all);
    expect(uncovered(route('10.9.9.9', 32))).toEqual(all.filter((a) => a !== '10.9.9.9'));
    expect(uncovered(route('10.9.9.8', 31))).toEqual(all.filter((a) => a !== '10.9.9.9' && a !== '10.9.9.8'));
    expect(uncovered(route('10.9.9.0', 24))).toEqual(all.filter((a) => !a.startsWith('10.9.9.')));
    expect(uncovered(route('10.8.0.0', 15))).toEqual(all.filter((a) => !a.startsWith('10.9.')));
    expect(uncovered(route('0.0.0.0', 1), route('128.0.0.0', 1))).toEqual(all.filter((a) => a.startsWith('[')));
    expect(uncovered(route('2001:db8::', 32))).toEqual(all.filter((a) => a !== '[2001:db8::9]'));
  });

  it('says what it could not read instead of finding nothing there', () => {
    const f = diagnose(input({ services: elsewhere, addresses: undefined, unreadable: ['addresses: EPERM'] }));
    expect(ids(f)).toEqual(['info doctor.unchecked addresses']);
  });
});
