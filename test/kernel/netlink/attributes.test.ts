import { describe, expect, it } from 'vitest';
import {
  AttributeReader,
  CodecError,
  listAttributes,
  NLA_F_NESTED,
  parseAttributes,
  scratchFor,
} from '../../../src/kernel/netlink/attributes.js';
import {
  attr,
  be16Attr,
  nestedAttr,
  s32Attr,
  stringAttr,
  u8Attr,
  u16Attr,
  u32Attr,
  u64Attr,
} from '../../../src/kernel/netlink/attributeWriters.js';
import { hex, toHex } from '../hex.js';
import { Prng } from '../prng.js';

describe('attribute writers', () => {
  it('write header, payload and padding (little-endian host)', () => {
    expect(toHex(u8Attr(1, 0xab))).toBe(toHex(hex`05 00 01 00  ab 00 00 00`));
    expect(toHex(u16Attr(2, 0x1234))).toBe(toHex(hex`06 00 02 00  34 12 00 00`));
    expect(toHex(be16Attr(3, 0x1234))).toBe(toHex(hex`06 00 03 00  12 34 00 00`));
    expect(toHex(u32Attr(4, 0xdeadbeef))).toBe(toHex(hex`08 00 04 00  ef be ad de`));
    expect(toHex(s32Attr(4, -2))).toBe(toHex(hex`08 00 04 00  fe ff ff ff`));
    expect(toHex(u64Attr(5, 0x0102030405060708n))).toBe(toHex(hex`0c 00 05 00  08 07 06 05 04 03 02 01`));
    expect(toHex(stringAttr(6, 'abcd'))).toBe(toHex(hex`09 00 06 00  61 62 63 64 00 00 00 00`));
    expect(toHex(attr(7, Buffer.alloc(0)))).toBe(toHex(hex`04 00 07 00`));
  });

  it('nests, with NLA_F_NESTED only on request', () => {
    const inner = [u8Attr(1, 1), u16Attr(2, 2)];
    expect(toHex(nestedAttr(9, inner))).toBe(toHex(hex`14 00 09 00  05 00 01 00 01 00 00 00  06 00 02 00 02 00 00 00`));
    expect(toHex(nestedAttr(9, inner, { flagNested: true }).subarray(0, 4))).toBe(toHex(hex`14 00 09 80`));
  });
});

describe('attribute parsing', () => {
  it('lists attributes in order with flags masked off the type', () => {
    const list = listAttributes(hex`
      08 00 01 80  01 00 00 00     # type 1 | NLA_F_NESTED
      05 00 02 40  07              # type 2 | NLA_F_NET_BYTEORDER, last one unpadded`);
    expect(list.map((a) => [a.type, a.flags, toHex(a.value)])).toEqual([
      [1, NLA_F_NESTED, '01000000'],
      [2, 0x4000, '07'],
    ]);
  });

  it('keeps the last of repeated types, like nla_parse', () => {
    expect(parseAttributes(hex`05 00 01 00 01 00 00 00  05 00 01 00 02 00 00 00`).get(1)).toEqual(Buffer.from([2]));
  });

  it('throws CodecError on truncated or lying lengths', () => {
    for (const bad of [
      hex`05`,
      hex`05 00 01`,
      hex`03 00 01 00`,
      hex`09 00 01 00 00 00 00 00`,
      hex`08 00 01 00 00 00 00 00 01 00`,
    ]) {
      expect(() => listAttributes(bad)).toThrow(CodecError);
    }
  });

  it('reads typed values and checks their sizes', () => {
    const r = new AttributeReader(
      Buffer.concat([
        u8Attr(1, 200),
        u16Attr(2, 65535),
        be16Attr(3, 8080),
        u32Attr(4, 0xffffffff),
        s32Attr(5, -5),
        u64Attr(6, 2n ** 64n - 1n),
        stringAttr(7, 'eth0'),
        attr(8, Buffer.from('no-nul')),
        nestedAttr(9, [u32Attr(1, 42)]),
        u32Attr(99, 1),
      ]),
      'test',
      ['UNSPEC', 'A'],
    );
    expect([r.u8(1), r.u16(2), r.be16(3), r.u32(4), r.s32(5), r.u64(6)]).toEqual([
      200,
      65535,
      8080,
      0xffffffff,
      -5,
      2n ** 64n - 1n,
    ]);
    expect([r.string(7), r.string(8)]).toEqual(['eth0', 'no-nul']);
    expect(r.nested(9, 'inner').u32(1)).toBe(42);
    expect(r.has(99)).toBe(true); // unknown attributes stay available
    expect(r.maybe(50, (t) => r.u32(t))).toBeUndefined();
    expect(() => r.u32(1)).toThrow(/test: attribute A \(1\) has 1 bytes, expected 4/);
    expect(() => r.u8(50)).toThrow(/test: missing attribute 50/);
    expect(() => r.nested(9, 'inner').u8(1)).toThrow(/test > inner/);
  });

  it('reads a u64 exactly on both sides of 2^53, as a bigint and (below 2^53) as a number', () => {
    const values = [0n, 1n, 2n ** 32n - 1n, 2n ** 32n, 2n ** 53n - 1n, 2n ** 53n, 2n ** 53n + 1n, 2n ** 64n - 1n];
    const r = new AttributeReader(Buffer.concat(values.map((v, i) => u64Attr(i + 1, v))), 'test');
    expect(values.map((_, i) => r.u64(i + 1))).toEqual(values);
    expect(values.slice(0, 5).map((_, i) => r.u64Number(i + 1))).toEqual(values.slice(0, 5).map(Number));
  });

  it('given a scratch array, sees only the attributes of its own message', () => {
    const scratch = scratchFor(['UNSPEC', 'A', 'B']);
    const first = new AttributeReader(
      Buffer.concat([u32Attr(1, 1), u32Attr(2, 2), u32Attr(40, 3)]),
      'first',
      [],
      0,
      undefined,
      scratch,
    );
    expect([first.u32(1), first.u32(2), first.u32(40)]).toEqual([1, 2, 3]);
    const second = new AttributeReader(u32Attr(2, 20), 'second', [], 0, undefined, scratch);
    expect([second.has(1), second.u32(2), second.has(40)]).toEqual([false, 20, false]);
    expect(() => second.u32(40)).toThrow(/second: missing attribute 40/);
    const nested = new AttributeReader(nestedAttr(1, [u32Attr(3, 30)]), 'outer').nested(1, 'inner', [], scratch);
    expect([nested.has(2), nested.u32(3)]).toEqual([false, 30]);
  });

  it('round-trips random attribute lists and never throws anything but CodecError on garbage', () => {
    const g = new Prng(7);
    for (let i = 0; i < 300; i++) {
      const values = Array.from({ length: g.int(0, 6) }, () => ({
        type: g.int(1, 0x3fff),
        value: g.bytes(g.int(0, 20)),
      }));
      const wire = Buffer.concat(values.map((v) => attr(v.type, v.value)));
      expect(listAttributes(wire).map((a) => ({ type: a.type, value: a.value }))).toEqual(values);
      try {
        listAttributes(g.bytes(g.int(0, 40)));
      } catch (e) {
        expect(e).toBeInstanceOf(CodecError);
      }
    }
  });
});
