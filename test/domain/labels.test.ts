/** ipvsadm's names for services and real servers, as the screen, `list` and the JSON write them. */
import { describe, expect, it } from 'vitest';
import { isOnePacket, isPersistent, schedulerFlagWords } from '../../src/domain/flags.js';
import { plural, serviceExtras, serviceExtrasShort, serviceLabel, serviceTarget } from '../../src/domain/labels.js';
import { endpoint, familyName, forwardName, protocolName, serviceProtocolName } from '../../src/domain/names.js';
import { dest, fwmarkService, service } from '../ui/fakes.js';

describe('labels', () => {
  it.each([
    ['TCP 192.0.2.1:80', service('192.0.2.1', 80)],
    ['UDP 192.0.2.1:53', service('192.0.2.1', 53, 1, 17)],
    ['SCTP 192.0.2.1:5060', service('192.0.2.1', 5060, 1, 132)],
    ['TCP [2001:db8::1]:443', { ...service('2001:db8::1', 443), af: 10 as const }],
    ['FWM 7', fwmarkService(7)],
    ['FWM 7 v6', { ...fwmarkService(7), af: 10 as const }],
  ])('names %s', (label, s) => {
    expect(serviceLabel(s)).toBe(label);
  });

  it('writes the extras as ipvsadm does, and short', () => {
    const p = { ...service('192.0.2.1'), flags: 1 | 4, timeout: 300, netmask: '255.255.255.0', peName: 'sip' };
    expect(isPersistent(p)).toBe(true);
    expect(serviceExtras(p)).toBe('persistent 300 mask 255.255.255.0 pe sip ops');
    expect(serviceExtrasShort(p)).toBe('p300 sip ops');
    expect(serviceExtras({ ...service('192.0.2.1'), scheduler: 'sh', flags: 0x8 | 0x10 })).toBe('sh-fallback sh-port');
    expect(serviceExtras({ ...service('192.0.2.1'), flags: 0x8 })).toBe('flag-1');
    expect(serviceExtras(service('192.0.2.1'))).toBe('');
    expect(endpoint(10, '::1', 80)).toBe('[::1]:80');
    expect(serviceTarget(service('192.0.2.1', 8080))).toBe('192.0.2.1:8080');
  });
});

describe('names', () => {
  it('names protocols as /proc and ipvsadm do, a fwmark service FWM', () => {
    expect([0, 6, 17, 132].map((p) => protocolName(p as 0 | 6 | 17 | 132))).toEqual(['IP', 'TCP', 'UDP', 'SCTP']);
    expect(serviceProtocolName(fwmarkService(7))).toBe('FWM');
    expect(serviceProtocolName(service('192.0.2.1', 53, 1, 17))).toBe('UDP');
  });

  it('names forwarding methods and families', () => {
    expect(forwardName(dest('198.51.100.1').forward)).toBe('Masq');
    expect(forwardName('route')).toBe('Route');
    expect([familyName(2), familyName(10)]).toEqual(['inet', 'inet6']);
  });

  it('brackets an address by its family, not by its text', () => {
    expect(endpoint(2, '192.0.2.1', 80)).toBe('192.0.2.1:80');
    expect(endpoint(10, '2001:db8::1', 443)).toBe('[2001:db8::1]:443');
    // A fwmark template's virtual address read as IPv6 (::7) is still bracketed; an IPv4 text never is.
    expect(endpoint(10, '::7', 0)).toBe('[::7]:0');
  });

  it('reads the flag bits', () => {
    expect(isPersistent({ flags: 0x1 | 0x2 })).toBe(true);
    expect(isPersistent({ flags: 0x2 })).toBe(false);
    expect(isOnePacket({ flags: 0x4 })).toBe(true);
    const all = schedulerFlagWords({ scheduler: 'mh', flags: 0x8 | 0x10 | 0x20 });
    expect(all).toEqual(['mh-fallback', 'mh-port', 'flag-3']);
    expect(schedulerFlagWords({ scheduler: 'wrr', flags: 0x10 })).toEqual(['flag-2']);
  });
});

describe('plural', () => {
  it('is singular for one only, given plurals included', () => {
    expect([0, 1, 2].map((n) => `${n} ${plural(n, 'template')}`)).toEqual(['0 templates', '1 template', '2 templates']);
    expect(`${1n} ${plural(1n, 'entry', 'entries')}`).toBe('1 entry');
    expect(`${3} ${plural(3, 'entry', 'entries')}`).toBe('3 entries');
  });
});
