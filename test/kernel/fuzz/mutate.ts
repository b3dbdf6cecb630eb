/**
 * fast-check arbitraries shared by the codec fuzz tests: captured golden
 * payloads, and mutations of bytes that keep them close enough to the
 * format to reach deep into a parser (a length that lies, an attribute
 * repeated or cut, bytes flipped), plus plain random bytes.
 */
import fc from 'fast-check';
import { CodecError } from '../../../src/kernel/netlink/attributes.js';
import { type GoldenCase, loadGoldenCases } from '../golden.js';

export const GOLDEN: readonly GoldenCase[] = loadGoldenCases();

type Mutation = (b: Buffer) => Buffer;
const at = (b: Buffer, i: number): number => (b.length ? i % b.length : 0);

/** One mutation of a buffer. */
export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  // A byte flipped, set to an edge value, or several bytes overwritten.
  fc.tuple(fc.nat(), fc.integer({ min: 0, max: 7 })).map(([i, bit]) => (b: Buffer) => {
    const out = Buffer.from(b);
    if (out.length) out[at(b, i)]! ^= 1 << bit;
    return out;
  }),
  fc.tuple(fc.nat(), fc.constantFrom(0x00, 0x01, 0x03, 0x04, 0x05, 0x7f, 0x80, 0xff)).map(([i, v]) => (b: Buffer) => {
    const out = Buffer.from(b);
    if (out.length) out[at(b, i)] = v;
    return out;
  }),
  // A 16-bit value (an nla_len or nla_type on a 4-byte boundary, little-endian) replaced.
  fc
    .tuple(fc.nat(), fc.constantFrom(0, 1, 3, 4, 5, 7, 8, 0x4000, 0x8000, 0xffff), fc.boolean())
    .map(([i, v, typeField]) => (b: Buffer) => {
      const out = Buffer.from(b);
      const off = ((at(b, i) >> 2) << 2) + (typeField ? 2 : 0);
      if (off + 2 <= out.length) out.writeUInt16LE(v, off);
      return out;
    }),
  // Cut short, bytes removed, bytes inserted, a stretch repeated.
  fc.nat().map((i) => (b: Buffer) => b.subarray(0, at(b, i))),
  fc.tuple(fc.nat(), fc.nat({ max: 16 })).map(
    ([i, n]) =>
      (b: Buffer) =>
        Buffer.concat([b.subarray(0, at(b, i)), b.subarray(at(b, i) + n)]),
  ),
  fc.tuple(fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 12 })).map(
    ([i, ins]) =>
      (b: Buffer) =>
        Buffer.concat([b.subarray(0, at(b, i)), Buffer.from(ins), b.subarray(at(b, i))]),
  ),
  fc.tuple(fc.nat(), fc.nat({ max: 64 })).map(
    ([i, n]) =>
      (b: Buffer) =>
        Buffer.concat([b.subarray(0, at(b, i) + n), b.subarray(at(b, i))]),
  ),
);

/** A buffer after up to `max` mutations. */
export function mutated(base: fc.Arbitrary<Buffer>, max = 4): fc.Arbitrary<Buffer> {
  return fc
    .tuple(base, fc.array(mutation, { minLength: 1, maxLength: max }))
    .map(([b, ms]) => ms.reduce((x, m) => m(x), b));
}

export const randomBytes: fc.Arbitrary<Buffer> = fc.uint8Array({ maxLength: 600 }).map((a) => Buffer.from(a));

/** A captured payload of one of `parsers`, with its case. */
export function goldenOf(...parsers: string[]): fc.Arbitrary<GoldenCase> {
  const cases = GOLDEN.filter((c) => parsers.includes(c.parser));
  if (cases.length === 0) throw new Error(`no golden payloads for ${parsers.join(', ')}`);
  return fc.constantFrom(...cases);
}

/** Runs `parse`: its value, or undefined for a CodecError; any other throw fails the property. */
export function valueOrCodecError<T>(parse: () => T): T | undefined {
  try {
    return parse();
  } catch (e) {
    if (e instanceof CodecError) return undefined;
    throw e;
  }
}
