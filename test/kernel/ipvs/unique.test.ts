import { describe, expect, it } from 'vitest';
import { uniqueDests } from '../../../src/kernel/ipvs/unique.js';

const server = (address: string, port = 80, af: 2 | 10 = 2, weight = 1) => ({ af, address, port, weight });

describe('uniqueDests', () => {
  it('gives back the same array when no real server repeats (same address on another port or family is another)', () => {
    const few = [server('10.0.0.1'), server('10.0.0.1', 8080), server('10.0.0.2'), server('::ffff:10.0.0.1', 80, 10)];
    expect(uniqueDests(few)).toBe(few);
    const many = Array.from({ length: 40 }, (_, i) => server(`10.0.1.${i}`));
    expect(uniqueDests(many)).toBe(many);
  });

  it('keeps the first of a real server read twice, in a short dump and in a long one', () => {
    const few = [server('10.0.0.1', 80, 2, 3), server('10.0.0.2'), server('10.0.0.1', 80, 2, 9)];
    expect(uniqueDests(few).map((d) => [d.address, d.weight])).toEqual([
      ['10.0.0.1', 3],
      ['10.0.0.2', 1],
    ]);
    const many = [...Array.from({ length: 30 }, (_, i) => server(`10.0.1.${i}`)), server('10.0.1.7', 80, 2, 5)];
    const unique = uniqueDests(many);
    expect(unique).toHaveLength(30);
    expect(unique[7]!.weight).toBe(1);
  });
});
