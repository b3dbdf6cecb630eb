/** Stable identities and ipvsadm's names for services and real servers. */
import { describe, expect, it } from 'vitest';
import { destKey, serviceKey, serviceOfRow } from '../../src/state/keys.js';
import { endpoint, isPersistent, serviceExtras, serviceExtrasShort, serviceLabel, serviceTarget } from '../../src/state/labels.js';
import { dest, fwmarkService, service } from '../ui/fakes.js';

describe('keys', () => {
  it('keys a service by family, protocol, address and port, or by its mark', () => {
    expect(serviceKey(service('192.0.2.1', 80))).toBe('2 6 192.0.2.1 80');
    expect(serviceKey(service('192.0.2.1', 80, 1, 17))).toBe('2 17 192.0.2.1 80');
    expect(serviceKey(fwmarkService(7))).toBe('2 fwm 7');
    // Stats and scheduler are not identity.
    expect(serviceKey({ ...service('192.0.2.1', 80, 5), scheduler: 'rr' } as Parameters<typeof serviceKey>[0])).toBe(serviceKey(service('192.0.2.1', 80, 9)));
  });

  it('keys real servers within their service and finds the service of any row', () => {
    const k = serviceKey(service('192.0.2.1'));
    const d = destKey(k, dest('198.51.100.1'));
    expect(d).toBe('2 6 192.0.2.1 80 > 2 198.51.100.1 80');
    expect(serviceOfRow(d)).toBe(k);
    expect(serviceOfRow(k)).toBe(k);
    expect(serviceOfRow(`${k} > …`)).toBe(k);
  });
});

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
