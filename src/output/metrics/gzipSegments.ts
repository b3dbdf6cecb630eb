/**
 * One gzip stream (RFC 1952) made of deflate segments (RFC 1951) compressed one by one, so that a segment
 * whose text has not changed since the last scrape is sent as it was compressed then, not compressed again.
 *
 * Each segment is raw deflate of its text alone, ended by a sync flush: its last block is not final, it ends
 * on a byte boundary, and it refers to nothing before it. Such segments follow each other in one deflate
 * stream; an empty final block ends it. The gzip trailer holds the CRC-32 of all the text, made from each
 * segment's CRC and length (crc32Combine), since a kept segment's text is not kept.
 */
import { constants, crc32, deflateRawSync } from 'node:zlib';

/** A piece of the stream: its text's deflate, that text's CRC-32 and its length in bytes. */
export interface Segment {
  deflated: Buffer;
  crc: number;
  length: number;
}

/** Level 1, as node_exporter and the stream before: the labels repeat, and it shrinks the text 20 times. */
const LEVEL = 1;

/** `text` as a segment. */
export function compressSegment(text: Buffer): Segment {
  const deflated = deflateRawSync(text, { level: LEVEL, finishFlush: constants.Z_SYNC_FLUSH });
  return { deflated, crc: crc32(text), length: text.length };
}

/** Magic, deflate, no flags, no time, no extra flags, OS unknown (RFC 1952, 2.3). */
export const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);

/** A final block with nothing in it, of the fixed codes: BFINAL 1, BTYPE 01, the end-of-block code. */
const FINAL_BLOCK = [0x03, 0x00];

/** The last block and the trailer: the text's CRC-32 and its length modulo 2^32, little-endian. */
export function gzipEnd(crc: number, length: number): Buffer {
  const end = Buffer.alloc(10);
  end.set(FINAL_BLOCK, 0);
  end.writeUInt32LE(crc >>> 0, 2);
  end.writeUInt32LE(length % 2 ** 32, 6);
  return end;
}

/** The CRC-32 polynomial, bits reflected. */
const POLY = 0xedb88320;

/** a(x) * b(x) modulo the polynomial, in CRC-32's reflected form (the top bit is x^0). */
function multModP(a: number, b: number): number {
  let product = 0;
  let factor = b;
  for (let m = 0x80000000; m !== 0; m >>>= 1) {
    if (a & m) product ^= factor;
    factor = factor & 1 ? (factor >>> 1) ^ POLY : factor >>> 1;
  }
  return product >>> 0;
}

/** x^(2^k) modulo the polynomial, for k from 0 to 31 (x^1 is 1 << 30 in the reflected form). */
const X2N: number[] = [0x40000000];
for (let k = 1; k < 32; k++) X2N.push(multModP(X2N[k - 1]!, X2N[k - 1]!));

/** x^(8n) modulo the polynomial: what n bytes of zeros do to a CRC. */
function x8nModP(bytes: number): number {
  let power = 0x80000000;
  let k = 3;
  for (let n = bytes; n > 0; n = Math.floor(n / 2), k++) {
    if (n % 2 === 1) power = multModP(X2N[k % 32]!, power);
  }
  return power;
}

/** The CRC-32 of A followed by B, from A's CRC, B's CRC and B's length. */
export function crc32Combine(crcA: number, crcB: number, lengthB: number): number {
  return (multModP(x8nModP(lengthB), crcA) ^ crcB) >>> 0;
}
