/** Stable identities of services and real servers. */
import { describe, expect, it } from 'vitest';
import { destKey, serviceKey, serviceOfRow } from '../../src/state/identity.js';
import { dest, fwmarkService, service } from '../ui/fakes.js';

describe('keys', () => {
  it('keys a service by family, protocol, address and port, or by its mark', () => {
    expect(serviceKey(service('192.0.2.1', 80))).toBe('2 6 192.0.2.1 80');
    expect(serviceKey(service('192.0.2.1', 80, 1, 17))).toBe('2 17 192.0.2.1 80');
    expect(serviceKey(fwmarkService(7))).toBe('2 fwm 7');
    // Stats and scheduler are not identity.
    expect(serviceKey({ ...service('192.0.2.1', 80, 5), scheduler: 'rr' } as Parameters<typeof serviceKey>[0])).toBe(
      serviceKey(service('192.0.2.1', 80, 9)),
    );
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
