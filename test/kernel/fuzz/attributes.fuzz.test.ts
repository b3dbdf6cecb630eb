/**
 * Fuzzing the netlink attribute codec with fast-check: on random bytes and
 * mutated captured payloads, splitting attributes either fails with a
 * CodecError or gives attributes that lie inside the input and write back to
 * the same bytes (bar padding); typed reads give a value of their size or a
 * CodecError; attributes written then split come back as they were.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AttributeReader,
  listAttributes,
  NLA_F_NESTED,
  NLA_F_NET_BYTEORDER,
  nlaAlign,
} from '../../../src/kernel/netlink/attributes.js';
import { attr } from '../../../src/kernel/netlink/attributeWriters.js';
import { GOLDEN, mutated, randomBytes, valueOrCodecError } from './mutate.js';

const RUNS = 1000;
const isUint =
  (bits: number) =>
  (v: unknown): boolean =>
    Number.isInteger(v) && (v as number) >= 0 && (v as number) < 2 ** bits;
const payloads = fc.oneof(randomBytes, mutated(fc.constantFrom(...GOLDEN.map((c) => c.payload))));

describe('netlink attributes, fuzzed', () => {
  it(`split: a CodecError, or attributes inside the input that write back to it (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(payloads, (b) => {
        const list = valueOrCodecError(() => listAttributes(b));
        if (!list) return;
        let off = 0;
        for (const a of list) {
          expect(a.value.buffer).toBe(b.buffer);
          expect(a.value.byteOffset).toBe(b.byteOffset + off + 4);
          expect(b.readUInt16LE(off)).toBe(a.value.length + 4);
          expect(b.readUInt16LE(off + 2)).toBe(a.type | a.flags);
          off += nlaAlign(a.value.length + 4);
        }
        // Every byte was taken; only the last attribute may lack its padding.
        expect(off - b.length).toBeGreaterThanOrEqual(0);
        expect(off - b.length).toBeLessThan(4);
        const rebuilt = Buffer.concat(list.map((a) => attr(a.type, a.value, a.flags)));
        expect(listAttributes(rebuilt)).toEqual(list.map((a) => ({ ...a, value: Buffer.from(a.value) })));
      }),
      { numRuns: RUNS },
    );
  });

  it(`typed reads: a value of the right size or a CodecError, at every level (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(payloads, fc.array(fc.nat({ max: 12 }), { maxLength: 3 }), (b, path) => {
        let r = valueOrCodecError(() => new AttributeReader(b, 'fuzz'));
        for (const type of path) {
          if (!r) return;
          const parent: AttributeReader = r;
          const reads: [() => unknown, (v: unknown) => boolean][] = [
            [() => parent.u8(type), isUint(8)],
            [() => parent.u16(type), isUint(16)],
            [() => parent.be16(type), isUint(16)],
            [() => parent.u32(type), isUint(32)],
            [() => parent.s32(type), (v) => Number.isInteger(v) && Math.abs(v as number) <= 2 ** 31],
            [() => parent.u64(type), (v) => typeof v === 'bigint' && v >= 0n && v < 2n ** 64n],
            [() => parent.string(type), (v) => typeof v === 'string' && !v.includes('\0')],
          ];
          for (const [read, check] of reads) {
            const v = valueOrCodecError(read);
            if (v !== undefined) expect(check(v)).toBe(true);
          }
          r = valueOrCodecError(() => parent.nested(type, 'nested'));
        }
      }),
      { numRuns: RUNS },
    );
  });

  it(`attributes written then split come back equal (${RUNS} cases)`, () => {
    const one = fc.record({
      type: fc.integer({ min: 0, max: 0x3fff }),
      flags: fc.constantFrom(0, NLA_F_NESTED, NLA_F_NET_BYTEORDER, NLA_F_NESTED | NLA_F_NET_BYTEORDER),
      value: fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
    });
    fc.assert(
      fc.property(fc.array(one, { maxLength: 20 }), fc.boolean(), (attrs, unpadded) => {
        let b = Buffer.concat(attrs.map((a) => attr(a.type, a.value, a.flags)));
        // The kernel may leave the last attribute's padding out.
        const last = attrs.at(-1);
        if (unpadded && last) b = b.subarray(0, b.length - (nlaAlign(last.value.length + 4) - last.value.length - 4));
        expect(listAttributes(b)).toEqual(attrs);
      }),
      { numRuns: RUNS },
    );
  });
});
