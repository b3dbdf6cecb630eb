import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClientFieldLines } from '../../../src/kernel/proc/clientFieldLines.js';

const TABLE = readFileSync(new URL('../../fixtures/proc/ip_vs_conn.lab', import.meta.url));

function linesIn(chunks: Buffer[], prefix: string): string[] {
  const found: string[] = [];
  const c = new ClientFieldLines(
    prefix,
    (b, s, e) => found.push(b.toString('latin1', s, e)),
    () => found.push('LONG'),
  );
  for (const chunk of chunks) c.push(Buffer.from(chunk)); // copies: the reader reuses its buffer
  c.finish(false);
  return found;
}

/** The lines whose second field (split on runs of spaces) starts with `prefix`. */
const want = (text: string, prefix: string): string[] =>
  text.split('\n').filter((l) => (l.split(' ').filter((f) => f !== '')[1] ?? '').startsWith(prefix));

describe('ClientFieldLines', () => {
  it('finds exactly the lines whose client field starts with the text, however the input is cut', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 40 }),
        fc.constantFrom('CB007104', 'CB0071', 'C', '2001:0db8:0203', '2001:0db8:0203:0000:0000:0000:0000:0002', 'none'),
        (cuts, prefix) => {
          const chunks: Buffer[] = [];
          let at = 0;
          for (let i = 0; at < TABLE.length; i++) {
            const n = cuts[i % cuts.length]!;
            chunks.push(TABLE.subarray(at, at + n));
            at += n;
          }
          const found = linesIn(chunks, prefix);
          expect(found).toEqual(want(TABLE.toString('latin1'), prefix));
          if (prefix !== 'none') expect(found.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('only the client field counts: the text elsewhere in a line, or after spaces, does not', () => {
    const lines = ['TCP C0000201 0050 CB007104 0050', '  SCTP  CB007104 0050', 'CB007104 X', 'TCP CB0071'];
    expect(linesIn([Buffer.from(`${lines.join('\n')}\n`)], 'CB007104')).toEqual([lines[1]]);
  });

  it('a last line without its newline counts; a line longer than any row is reported whatever it holds', () => {
    const long = `TCP x ${'x'.repeat(600)}\n`;
    expect(linesIn([Buffer.from(`a needle\n${long}b\nc needle`)], 'needle')).toEqual(['a needle', 'LONG', 'c needle']);
    expect(linesIn([Buffer.from(`a\n${long.slice(0, 300)}`), Buffer.from(`${long.slice(300)}b\n`)], 'needle')).toEqual([
      'LONG',
    ]);
  });
});
