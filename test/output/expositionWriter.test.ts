import { describe, expect, it } from 'vitest';
import { ExpositionWriter, formatValue, PIECE_BYTES, utf8 } from '../../src/output/metrics/expositionWriter.js';

const whole = (pieces: Buffer[]): string => Buffer.concat(pieces).toString('utf8');

describe('ExpositionWriter', () => {
  it('writes every kind of value as formatValue does', () => {
    const values: (number | bigint)[] = [
      0,
      -0,
      7,
      10,
      99,
      100,
      Number.MAX_SAFE_INTEGER,
      2 ** 53,
      2 ** 64,
      -1,
      -12345,
      1.5,
      0.000001,
      1e21,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      0n,
      9n,
      BigInt(Number.MAX_SAFE_INTEGER),
      2n ** 53n + 1n,
      2n ** 64n - 1n,
      -5n,
    ];
    const out = new ExpositionWriter();
    for (const v of values) out.series(utf8('m'), utf8(''), utf8(''), v);
    expect(whole(out.end())).toBe(values.map((v) => `m ${formatValue(v)}\n`).join(''));
  });

  it('puts braces and a comma only where there are labels', () => {
    const out = new ExpositionWriter();
    out.series(utf8('a'), utf8('x="1"'), utf8(''), 1);
    out.series(utf8('a'), utf8(''), utf8('y="2"'), 2);
    out.series(utf8('a'), utf8('x="1"'), utf8('y="2"'), 3);
    out.series(utf8('a'), utf8(''), utf8(''), 4);
    expect(whole(out.end())).toBe('a{x="1"} 1\na{y="2"} 2\na{x="1",y="2"} 3\na 4\n');
  });

  it('keeps the bytes whole and in order across pieces, UTF-8 and texts longer than a piece included', () => {
    const out = new ExpositionWriter();
    const pieces: Buffer[] = [];
    let expected = '';
    const long = `# HELP ${'é'.repeat(PIECE_BYTES)}\n`;
    const label = utf8('name="grüße → 北京"');
    for (let i = 0; i < 12_000; i++) {
      out.series(utf8('metric_total'), label, utf8(`i="${i}"`), BigInt(i) * 1_000_003n);
      expected += `metric_total{name="grüße → 北京",i="${i}"} ${BigInt(i) * 1_000_003n}\n`;
      if (i === 6_000) {
        out.text(long);
        expected += long;
      }
      pieces.push(...out.take());
    }
    pieces.push(...out.end());
    expect(pieces.length).toBeGreaterThan(3);
    // Only the text longer than a piece comes as a piece of its own size.
    const over = pieces.filter((p) => p.length > PIECE_BYTES);
    expect(over.length).toBe(1);
    expect(over[0]!.equals(Buffer.from(long))).toBe(true);
    expect(whole(pieces)).toBe(expected);
  });

  it('hands a piece over once: take() empties, end() gives what is left', () => {
    const out = new ExpositionWriter();
    out.text('x 1\n');
    expect(out.take()).toEqual([]);
    expect(whole(out.end())).toBe('x 1\n');
    expect(out.end()).toEqual([]);
  });
});
