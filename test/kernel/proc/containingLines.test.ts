import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ContainingLines } from '../../../src/kernel/proc/containingLines.js';

const TABLE = readFileSync(new URL('../../fixtures/proc/ip_vs_conn.lab', import.meta.url));

function linesIn(chunks: Buffer[], needle: string): string[] {
  const found: string[] = [];
  const c = new ContainingLines(
    needle,
    (b, s, e) => found.push(b.toString('latin1', s, e)),
    () => found.push('LONG'),
  );
  for (const chunk of chunks) c.push(Buffer.from(chunk)); // copies: the reader reuses its buffer
  c.finish(false);
  return found;
}

describe('ContainingLines', () => {
  it('finds exactly the lines holding the text, however the input is cut', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 40 }),
        fc.constantFrom('CB007104', 'CB0071', '2001:0db8:0203', 'TIME_WAIT', ' 0050 ', 'none-such'),
        (cuts, needle) => {
          const chunks: Buffer[] = [];
          let at = 0;
          for (let i = 0; at < TABLE.length; i++) {
            const n = cuts[i % cuts.length]!;
            chunks.push(TABLE.subarray(at, at + n));
            at += n;
          }
          const want = TABLE.toString('latin1')
            .split('\n')
            .filter((l) => l.includes(needle));
          expect(linesIn(chunks, needle)).toEqual(want);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a last line without its newline counts; a line longer than any row is reported, not matched', () => {
    const long = `${'x'.repeat(600)}needle\n`;
    expect(linesIn([Buffer.from(`a needle\n${long}b\nneedle c`)], 'needle')).toEqual(['a needle', 'LONG', 'needle c']);
    expect(linesIn([Buffer.from(`a\n${long.slice(0, 300)}`), Buffer.from(`${long.slice(300)}b\n`)], 'needle')).toEqual([
      'LONG',
    ]);
  });
});
