/** Numbers and text for narrow columns. */
import { describe, expect, it } from 'vitest';
import { sparkline } from '../../src/ui/format/sparkline.js';
import { clip, joinFitting, padEnd, padStart, visible, width, wrap } from '../../src/ui/format/text.js';
import { bytes, count, duration, rate, roughDuration, seconds } from '../../src/ui/format/units.js';

describe('units', () => {
  it.each<[number | bigint, string]>([
    [0, '0'],
    [999, '999'],
    [999.4, '999'],
    [999.5, '1.00K'],
    [1234, '1.23K'],
    [12_345, '12.3K'],
    [123_456, '123K'],
    [1_234_567, '1.23M'],
    [2n ** 64n - 1n, '18.4E'],
  ])('count(%s) = %s', (n, text) => {
    expect(count(n, false)).toBe(text);
  });

  it('writes every digit with --exact, bigints exactly', () => {
    expect(count(2n ** 64n - 1n, true)).toBe('18446744073709551615');
    expect(count(1234.6, true)).toBe('1235');
    expect(bytes(2n ** 60n, true)).toBe('1152921504606846976B');
    expect(rate(12345.4, true)).toBe('12345');
  });

  it.each<[number, string]>([
    [0, '0'],
    [-3, '0'],
    [Number.NaN, '0'],
    [Number.POSITIVE_INFINITY, '0'],
    [0.04, '0.0'],
    [0.25, '0.3'],
    [9.94, '9.9'],
    [9.96, '10'],
    [1500, '1.50K'],
  ])('rate(%d) = %s', (n, text) => {
    expect(rate(n, false)).toBe(text);
  });

  it.each<[number, string]>([
    [0, '0B'],
    [0.5, '0.5B'],
    [512, '512B'],
    [2_500_000, '2.50MB'],
  ])('bytes(%d) = %s', (n, text) => {
    expect(bytes(n, false)).toBe(text);
  });

  it.each<[number, string]>([
    [-5, '0ms'],
    [850, '850ms'],
    [1000, '1.0s'],
    [1234, '1.2s'],
    [12_000, '12s'],
    [185_000, '3m05s'],
    [7_800_000, '2h10m'],
  ])('duration(%d) = %s', (ms, text) => {
    expect(duration(ms)).toBe(text);
  });

  it.each<[number, string]>([
    [0.4, '0ms'],
    [4, '4ms'],
    [12, '10ms'],
    [45, '50ms'],
    [94, '90ms'],
    [96, '100ms'],
    [118, '100ms'],
    [297, '300ms'],
    [949, '900ms'],
    [951, '1.0s'],
    [2003, '2.0s'],
  ])('roughDuration(%d) = %s: poll-to-poll jitter does not change the screen', (ms, text) => {
    expect(roughDuration(ms)).toBe(text);
  });

  it('writes timeouts in seconds with a hint', () => {
    expect(seconds(30)).toBe('30 s');
    expect(seconds(900)).toBe('900 s (15m00s)');
  });
});

describe('text', () => {
  it('cuts with an ellipsis, pads to exact widths', () => {
    expect(clip('abcdef', 4)).toBe('abc…');
    expect(clip('abc', 3)).toBe('abc');
    expect(clip('abc', 1)).toBe('…');
    expect(clip('abc', 0)).toBe('');
    expect(padEnd('ab', 4)).toBe('ab  ');
    expect(padStart('ab', 4)).toBe('  ab');
    expect(padEnd('abcdef', 4)).toBe('abc…');
    expect(width('─▁█')).toBe(3);
  });

  it('drops whole parts rather than cutting one', () => {
    expect(joinFitting(['host', 'Linux 6.1', 'IPVS 1.2.1'], 15)).toBe('host  Linux 6.1');
    expect(joinFitting(['toolongpart'], 5)).toBe('');
  });

  it("wraps at spaces, keeps the first line's indent, splits a word longer than a line, loses nothing", () => {
    expect(wrap('  fix: set it in /etc/sysctl.d', 20, '       ')).toEqual(['  fix: set it in', '       /etc/sysctl.d']);
    expect(wrap('all      31 conns', 40)).toEqual(['all      31 conns']);
    expect(wrap('[2001:db8:1234:5678::abcd]:54321 x', 12, '  ')).toEqual([
      '[2001:db8:12',
      '  34:5678::a',
      '  bcd]:54321',
      '  x',
    ]);
    expect(wrap('', 10)).toEqual(['']);
  });
});

describe('sparkline', () => {
  it('scales to the largest value shown, right-aligned, zero as blank', () => {
    expect(sparkline([0, 1, 2, 4, 8], 5)).toBe(' ▁▂▄█');
    expect(sparkline([8], 4)).toBe('   █');
    expect(sparkline([], 3)).toBe('   ');
    expect(sparkline([0, 0], 2)).toBe('  ');
    expect(sparkline([1, 2, 3], 0)).toBe('');
  });

  it('shows a trickle beside a burst', () => {
    expect(sparkline([1000, 0.1], 2)).toBe('█▁');
  });

  it('keeps only the newest values that fit', () => {
    expect(sparkline([100, 1, 2], 2)).toBe('▄█');
  });
});

describe('visible', () => {
  it('shows each C0 control as its picture, DEL as ␡ and each C1 control as U+FFFD, one column each', () => {
    for (let c = 0; c < 0x20; c++)
      expect(visible(`a${String.fromCharCode(c)}b`)).toBe(`a${String.fromCharCode(0x2400 + c)}b`);
    expect(visible('a\x7fb')).toBe('a\u2421b');
    for (let c = 0x80; c < 0xa0; c++) expect(visible(`a${String.fromCharCode(c)}b`)).toBe('a\ufffdb');
    const all = Array.from({ length: 0xa0 }, (_, c) => String.fromCharCode(c)).join('');
    expect(width(visible(all))).toBe(width(all));
  });

  it('leaves printable text alone: ASCII, Latin-1 from 0xa0, box drawing', () => {
    const text = ' ~\u00a0é│█…';
    expect(visible(text)).toBe(text);
  });
});
