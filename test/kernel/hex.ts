import { parseHexFile } from '../../src/kernel/netlink/golden.js';

/**
 * Hand-written bytes in tests: hex pairs, whitespace ignored, `#` comments to
 * the end of the line. Use as a tagged template: hex`06 00 01 00  # len 6, AF`.
 */
export function hex(strings: TemplateStringsArray, ...values: unknown[]): Buffer {
  return parseHexFile(String.raw({ raw: strings }, ...values));
}

/** Lowercase hex without separators, for readable failures. */
export function toHex(b: Buffer): string {
  return b.toString('hex');
}
