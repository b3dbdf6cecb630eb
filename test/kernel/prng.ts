/**
 * A tiny seeded PRNG (xorshift32) for property tests: the same seed gives the
 * same cases, so a failure names its seed and iteration and can be replayed.
 */
export class Prng {
  private s: number;

  constructor(seed: number) {
    this.s = seed >>> 0 || 0x9e3779b9;
  }

  /** Uniform u32. */
  u32(): number {
    let x = this.s;
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    this.s = x >>> 0;
    return this.s;
  }

  /** Uniform integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor((this.u32() / 0x1_0000_0000) * (hi - lo + 1));
  }

  /** Uniform s32. */
  s32(): number {
    return this.u32() | 0;
  }

  /** Uniform u64, with a bias towards edge values. */
  u64(): bigint {
    const edge = this.int(0, 9);
    if (edge === 0) return 0n;
    if (edge === 1) return 0xffff_ffff_ffff_ffffn;
    return (BigInt(this.u32()) << 32n) | BigInt(this.u32());
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.u32() / 0x1_0000_0000 < p;
  }

  pick<T>(items: readonly T[]): T {
    const v = items[this.int(0, items.length - 1)];
    if (v === undefined) throw new Error('pick from an empty list');
    return v;
  }

  bytes(n: number): Buffer {
    return Buffer.from(Array.from({ length: n }, () => this.int(0, 255)));
  }
}
