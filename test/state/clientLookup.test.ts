/** The client lookup's prefilter: every row it takes has a client field starting with its needle. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePrefix } from '../../src/domain/prefix.js';
import { parseConnLine } from '../../src/kernel/proc/connParser.js';
import { lookupNeedle, lookupTest } from '../../src/state/clientLookup.js';
import type { ServiceEntry } from '../../src/state/types.js';
import { service } from '../ui/fakes.js';

const hex8 = (n: number): string => (n >>> 0).toString(16).toUpperCase().padStart(8, '0');
const maskOf = (len: number): number => (len === 0 ? 0 : (~0 << (32 - len)) >>> 0);
const dotted = (n: number): string => [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');

/** A persistent service 192.0.2.2:80 of netmask /len. */
const persistent = (len: number): ServiceEntry =>
  ({ service: { ...service('192.0.2.2'), flags: 3, timeout: 60, netmask: dotted(maskOf(len)) } }) as ServiceEntry;
/** An entry of the client to that service (a template: port 0, client masked by the netmask). */
const row = (client: number, template: boolean, len: number): string =>
  template
    ? `TCP ${hex8(client & maskOf(len))} 0000 C0000202 0050 C633640C 0050 ASSURED          42`
    : `TCP ${hex8(client)} 1F40 C0000202 0050 C633640C 0050 ESTABLISHED     900`;

describe('lookupNeedle', () => {
  it('is a prefix of the client field of every row the lookup takes, templates masked by any netmask included', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.integer({ min: 0, max: 32 }),
        fc.array(fc.integer({ min: 0, max: 32 }), { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.integer({ min: 0, max: 32 }),
        (address, len, netmasks, noise, kept) => {
          const prefix = parsePrefix(`${dotted(address)}/${len}`)!;
          const services = netmasks.map(persistent);
          const needle = lookupNeedle(prefix, services) ?? '';
          const bits = Math.min(len, ...netmasks);
          expect(needle.length).toBe(Math.floor(bits / 4));
          // A client sharing the address's first `kept` bits, so that many rows are taken.
          const client = ((address & maskOf(kept)) | (noise & ~maskOf(kept))) >>> 0;
          const take = lookupTest(prefix, services);
          for (const line of [row(client, false, 0), ...netmasks.map((m) => row(client, true, m))]) {
            if (take(parseConnLine(line)!)) expect(line.slice(4)).toMatch(new RegExp(`^${needle}`));
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('is the whole address without persistent services, and IPv6 in the full form', () => {
    expect(lookupNeedle(parsePrefix('203.0.113.7')!, [])).toBe('CB007107');
    expect(lookupNeedle(parsePrefix('2001:db8:203::/52')!, [])).toBe('2001:0db8:0203:0');
    expect(lookupNeedle(parsePrefix('203.0.113.7')!, [persistent(24)])).toBe('CB0071');
    expect(lookupNeedle(parsePrefix('203.0.113.7/3')!, [])).toBeUndefined();
  });
});
