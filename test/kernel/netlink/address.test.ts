import { SocketAddress } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  formatAddress,
  formatIPv4,
  formatIPv6,
  formatLinkLayer,
  ipv4Bits,
  parseAddress,
  parseIPv4,
  parseIPv6,
} from '../../../src/kernel/netlink/address.js';
import { CodecError } from '../../../src/kernel/netlink/attributes.js';
import { Prng } from '../prng.js';

const v6 = (text: string): string => formatIPv6(parseIPv6(text));

describe('IPv6 text (RFC 5952, inet_ntop mixed notation)', () => {
  it.each([
    ['2001:0DB8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['0:0:0:0:0:0:0:0', '::'],
    ['0:0:0:0:0:0:0:1', '::1'],
    ['1:0:0:0:0:0:0:0', '1::'],
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'], // a single zero group stays
    ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'], // the longest run
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'], // the first of equal runs
    ['fe80::0001:0:0:0', 'fe80::1:0:0:0'],
    ['::ffff:192.0.2.1', '::ffff:192.0.2.1'], // IPv4-mapped
    ['::ffff:c000:201', '::ffff:192.0.2.1'],
    ['::192.0.2.1', '::192.0.2.1'], // IPv4-compatible
    ['::ffff', '::ffff'],
    ['::2', '::2'],
    ['0:0:0:0:0:ffff:0:0', '::ffff:0.0.0.0'],
  ])('%s -> %s', (input, expected) => {
    expect(v6(input)).toBe(expected);
  });

  it('matches inet_ntop (node:net SocketAddress) on random addresses', () => {
    const g = new Prng(5952);
    for (let i = 0; i < 500; i++) {
      const b = Buffer.alloc(16);
      for (let w = 0; w < 8; w++) if (!g.chance(0.5)) b.writeUInt16BE(g.chance(0.2) ? 0xffff : g.int(0, 0xffff), w * 2);
      const text = formatIPv6(b);
      expect(text).toBe(new SocketAddress({ address: text, family: 'ipv6' }).address);
      expect(parseIPv6(text)).toEqual(b);
    }
  });

  it.each([
    '',
    ':',
    '1:2',
    '1::2::3',
    '12345::',
    'g::',
    '1:2:3:4:5:6:7:8:9',
    '1:2:3:4:5:6:7::8',
    '::1.2.3',
    '1.2.3.4::',
    'fe80::1%eth0',
  ])('refuses %j', (text) => {
    expect(() => parseIPv6(text)).toThrow(CodecError);
  });
});

describe('IPv4 and link-layer text', () => {
  it('formats and parses dotted quads', () => {
    expect(formatIPv4(Buffer.from([10, 0, 0, 1, 9, 9]))).toBe('10.0.0.1'); // the first 4 of a 16-byte ADDR
    expect(parseIPv4('192.0.2.255')).toEqual(Buffer.from([192, 0, 2, 255]));
    for (const bad of ['1.2.3', '1.2.3.256', '01.2.3.4', '1.2.3.4.5', 'a.b.c.d', ''])
      expect(() => parseIPv4(bad)).toThrow(CodecError);
  });

  it('dispatches on the family', () => {
    expect(formatAddress(10, parseAddress(10, '2001:db8::1'))).toBe('2001:db8::1');
    expect(formatAddress(2, parseAddress(2, '10.1.2.3'))).toBe('10.1.2.3');
    expect(() => parseAddress(7, '1.2.3.4')).toThrow(/unsupported address family 7/);
  });

  it('prints link-layer addresses as lowercase hex pairs', () => {
    expect(formatLinkLayer(Buffer.from([0x52, 0x54, 0, 0xab, 0xcd, 0xef]))).toBe('52:54:00:ab:cd:ef');
    expect(formatLinkLayer(Buffer.alloc(0))).toBe('');
  });

  it('gives a dotted quad as its 32 bits, and nothing for what parseIPv4 refuses', () => {
    for (const a of ['0.0.0.0', '10.9.8.7', '192.168.0.1', '255.255.255.255', '1.20.255.0'])
      expect(ipv4Bits(a)).toBe(parseIPv4(a).readUInt32BE(0));
    for (const a of [
      '',
      '1.2.3',
      '1.2.3.4.5',
      '1.2.3.256',
      '01.2.3.4',
      '1.2.3.',
      '.1.2.3',
      '1..2.3',
      '1.2.3.4 ',
      'a.b.c.d',
      '::1',
      '1.2.3.-4',
    ])
      expect([a, ipv4Bits(a)]).toEqual([a, undefined]);
  });
});
