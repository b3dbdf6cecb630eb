/**
 * Golden files: netlink payloads captured from a real kernel, stored as hex
 * next to the JSON of what the codec must make of them
 * (test/fixtures/netlink/README.md). Helpers shared by the capture tooling
 * and the golden tests.
 */

/**
 * JSON text of a parsed value with bigints as decimal strings (JSON has no
 * 64-bit integers) and undefined properties left out; 2-space indented,
 * newline-terminated.
 */
export function toGoldenJson(value: unknown): string {
  return `${JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2)}\n`;
}

/** The parsed value as golden JSON would read back (bigints become strings). */
export function toGoldenValue(value: unknown): unknown {
  return JSON.parse(toGoldenJson(value));
}

/** Bytes as lowercase hex, 16 bytes per line, for a `.hex` golden file. */
export function toHexFile(bytes: Buffer): string {
  const lines: string[] = [];
  for (let i = 0; i < bytes.length; i += 16) {
    lines.push([...bytes.subarray(i, i + 16)].map((b) => b.toString(16).padStart(2, '0')).join(' '));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Reads a `.hex` golden file: hex digits, whitespace ignored, `#` starts a
 * comment to the end of the line. Throws on an odd digit count or a stray
 * character.
 */
export function parseHexFile(text: string): Buffer {
  const digits = text.replace(/#.*$/gm, '').replace(/\s+/g, '');
  if (!/^([0-9a-fA-F]{2})*$/.test(digits)) throw new Error('hex file: expected pairs of hex digits');
  return Buffer.from(digits, 'hex');
}
