/** Space-Saving over word keys: its guarantees hold whatever the stream, replacements included. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BoundedCounter } from '../../src/domain/boundedCounter.js';

describe('BoundedCounter', () => {
  it('every kept key is found, counts bound the truth (count - error <= true <= count) and sum to the adds', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 400 }),
        fc.integer({ min: 1, max: 24 }),
        (stream, capacity) => {
          const c = new BoundedCounter(2, capacity);
          const truth = new Map<number, number>();
          // Keys that collide in the index: the same second word, the first spread.
          const key = (n: number) => new Int32Array([n * 7919, 5]);
          for (const n of stream) {
            c.add(key(n));
            truth.set(n, (truth.get(n) ?? 0) + 1);
          }
          const kept = c.top(capacity, (w) => String(w[0]! / 7919));
          expect(kept.reduce((s, t) => s + t.count, 0)).toBe(stream.length);
          expect(kept.length).toBe(Math.min(capacity, truth.size));
          for (const t of kept) {
            const real = truth.get(Number(t.key)) ?? 0;
            expect(real).toBeLessThanOrEqual(t.count);
            expect(real).toBeGreaterThanOrEqual(t.count - t.error);
            expect(c.get(t.words, t.key)).toEqual({ key: t.key, count: t.count, error: t.error });
            if (truth.size <= capacity) expect(t).toMatchObject({ count: real, error: 0 });
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
