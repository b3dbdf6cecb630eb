import { describe, expect, it } from 'vitest';
import { parseFwmark, parseServiceAddress } from '../../src/cli/serviceArg.js';

describe('service arguments', () => {
  it('parses IPv4 and IPv6 with and without a port', () => {
    expect(parseServiceAddress('192.0.2.1:80', 6)).toEqual({
      af: 2,
      protocol: 6,
      address: '192.0.2.1',
      port: 80,
      fwmark: 0,
    });
    expect(parseServiceAddress('192.0.2.1', 17)).toEqual({
      af: 2,
      protocol: 17,
      address: '192.0.2.1',
      port: 0,
      fwmark: 0,
    });
    expect(parseServiceAddress('[2001:DB8:0:0::1]:443', 132)).toEqual({
      af: 10,
      protocol: 132,
      address: '2001:db8::1',
      port: 443,
      fwmark: 0,
    });
  });

  it('reads an IPv4 address in brackets as ipvsadm 1.31 does: the port is dropped', () => {
    expect(parseServiceAddress('[10.1.0.100]:80', 6)).toEqual({
      af: 2,
      protocol: 6,
      address: '10.1.0.100',
      port: 0,
      fwmark: 0,
    });
  });

  it.each([
    '192.0.2:80',
    '2001:db8::1:80',
    '[2001:db8::1]:99999',
    'host:80',
    '',
    '192.0.2.1:',
    '[::1]',
    '[10.1.0.100]',
    '999.1.1.1:80',
    '1.2.3.4:99999',
    '[10.1.0.100]:99999',
  ])('refuses %j', (t) => {
    expect(() => parseServiceAddress(t, 6)).toThrow(/^invalid (service address|port)/);
  });

  it('parses fwmarks', () => {
    expect(parseFwmark('7', false)).toEqual({ af: 2, protocol: 0, address: '0.0.0.0', port: 0, fwmark: 7 });
    expect(parseFwmark('0xff', true)).toEqual({ af: 10, protocol: 0, address: '::', port: 0, fwmark: 255 });
    expect(parseFwmark('4294967295', false).fwmark).toBe(4294967295);
    for (const bad of ['0', '-1', '4294967296', 'x', ''])
      expect(() => parseFwmark(bad, false)).toThrow(/invalid fwmark/);
  });
});
