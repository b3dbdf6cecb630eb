import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatPrefix, parsePrefix, prefixContains, procFieldPrefix } from '../../src/domain/prefix.js';
import { decodeProcAddress } from '../../src/kernel/proc/connParser.js';

describe('client prefixes', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['203.0.113.7/24', '203.0.113.0/24'],
    ['203.0.113.7/0', '0.0.0.0/0'],
    ['2001:DB8::1', '2001:db8::1'],
    ['2001:db8:1:2:3::/64', '2001:db8:1:2::/64'],
    ['2001:db8::/33', '2001:db8::/33'],
  ])('%s reads as %s', (text, shown) => expect(formatPrefix(parsePrefix(text)!)).toBe(shown));

  it.each([['203.0.113.7/33'], ['2001:db8::/129'], ['203.0.113'], ['host'], ['203.0.113.7/'], ['::/1/2'], ['']])(
    '%j is refused',
    (text) => expect(parsePrefix(text)).toBeUndefined(),
  );

  it('contains the addresses of its family that share its first bits, and nothing else', () => {
    const p = parsePrefix('203.0.113.0/25')!;
    expect(prefixContains(p, 2, '203.0.113.127')).toBe(true);
    expect(prefixContains(p, 2, '203.0.113.128')).toBe(false);
    expect(prefixContains(p, 10, '::')).toBe(false);
    const q = parsePrefix('2001:db8:203::/64')!;
    expect(prefixContains(q, 10, '2001:db8:203::2')).toBe(true);
    expect(prefixContains(q, 10, '2001:db8:204::2')).toBe(false);
  });

  it("names text that starts every /proc field of an address inside it (the read's pre-filter)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.boolean(), fc.nat(128), (raw, v6, n) => {
        const bytes = Buffer.from(raw);
        const field = v6
          ? (bytes.toString('hex').match(/.{4}/g) ?? []).join(':')
          : bytes.subarray(0, 4).toString('hex').toUpperCase();
        const address = decodeProcAddress(field);
        const len = v6 ? n : n % 33;
        const p = parsePrefix(`${address}/${len}`)!;
        expect(prefixContains(p, v6 ? 10 : 2, address)).toBe(true);
        expect(field.startsWith(procFieldPrefix(p))).toBe(true);
      }),
    );
  });
});
