/**
 * patches/ink+6.8.0.patch keeps Ink's output caches from one frame to the next, shares one blank
 * cell, and reuses a row's text when the row is made of the very same cells as the last frame's
 * row at that place. Frames must come out exactly as Ink builds them, whatever came before.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

interface InkOutput {
  write(x: number, y: number, text: string, options: { transformers: ((s: string) => string)[] }): void;
  clip(c: { x1?: number; x2?: number; y1?: number; y2?: number }): void;
  unclip(): void;
  get(): { output: string; height: number };
  caches: { styledChars: Map<string, unknown> };
}
type OutputClass = new (o: { width: number; height: number }) => InkOutput;

const inkBuild = dirname(createRequire(import.meta.url).resolve('ink'));
const Output = ((await import(pathToFileURL(join(inkBuild, 'output.js')).href)) as { default: OutputClass }).default;

const cyan = (s: string): string => `\x1b[36m${s}\x1b[39m`;
const frame = (width: number, height: number, writes: [number, number, string][]): string => {
  const o = new Output({ width, height });
  for (const [x, y, text] of writes) o.write(x, y, text, { transformers: [] });
  return o.get().output;
};

describe("Ink's output with ipvstop's patch", () => {
  it('builds each frame as Ink does, whether its rows were built before or not', () => {
    expect(
      frame(8, 2, [
        [0, 0, cyan('ab')],
        [3, 1, 'x'],
      ]),
    ).toBe(`${cyan('ab')}\n   x`);
    // Row 0 changes, row 1 is the same cells again.
    expect(
      frame(8, 2, [
        [0, 0, cyan('ac')],
        [3, 1, 'x'],
      ]),
    ).toBe(`${cyan('ac')}\n   x`);
    // The same texts at other places, then a row with one more cell than the last frame's.
    expect(
      frame(8, 2, [
        [3, 0, 'x'],
        [0, 1, cyan('ac')],
      ]),
    ).toBe(`   x\n${cyan('ac')}`);
    expect(
      frame(8, 2, [
        [3, 0, 'x'],
        [0, 1, cyan('ac')],
        [5, 1, 'y'],
      ]),
    ).toBe(`   x\n${cyan('ac')}   y`);
    // A wider frame, then a narrower one: the blank cells past a row's text are not in its text.
    expect(frame(12, 1, [[0, 0, 'abc']])).toBe('abc');
    expect(frame(4, 1, [[0, 0, 'abc']])).toBe('abc');
    expect(frame(4, 2, [[0, 1, '全']])).toBe('\n全');
  });

  it('cuts a line at its clip, and leaves whole a line that fits in it', () => {
    const clipped = (x2: number): string => {
      const o = new Output({ width: 10, height: 1 });
      o.clip({ x1: 0, x2 });
      o.write(1, 0, `${cyan('abc')}de`, { transformers: [] });
      o.unclip();
      return o.get().output;
    };
    expect(clipped(10)).toBe(` ${cyan('abc')}de`);
    expect(clipped(6)).toBe(` ${cyan('abc')}de`);
    expect(clipped(3)).toBe(` ${cyan('ab')}`);
  });

  it('gives a frame the same text whatever frames came before it (the caches and rows kept are never stale)', () => {
    const styled = fc
      .tuple(fc.constantFrom('', '\x1b[36m', '\x1b[1m', '\x1b[7m'), fc.stringMatching(/^[a-c 0-9│全]{0,6}$/))
      .map(([style, text]) => (style ? `${style}${text}\x1b[0m` : text));
    type Op = [number, number, string[]] | ['clip', number, number];
    const write = fc.tuple(fc.nat(12), fc.nat(3), fc.array(styled, { minLength: 1, maxLength: 3 }));
    const clip = fc.tuple(fc.constant('clip' as const), fc.nat(12), fc.nat(14));
    const ops = fc.array<Op>(fc.oneof(write, clip), { maxLength: 6 });
    const draw = (frame: readonly Op[]): string => {
      const o = new Output({ width: 12, height: 3 });
      for (const op of frame) {
        if (op[0] === 'clip') o.clip({ x1: op[1], x2: op[2] });
        else o.write(op[0], op[1], op[2].join(''), { transformers: [] });
      }
      return o.get().output;
    };
    fc.assert(
      fc.property(ops, ops, ops, (frame, before, other) => {
        draw(before);
        const once = draw(frame);
        draw(other);
        draw(frame);
        expect(draw(frame)).toBe(once);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps at most a bounded number of lines from one frame to the next', () => {
    const o = new Output({ width: 20, height: 1 });
    for (let i = 0; i < 5000; i++) o.write(0, 0, `line ${i}`, { transformers: [] });
    o.get();
    expect(o.caches.styledChars.size).toBeLessThanOrEqual(2000);
    expect(o.caches.styledChars.size).toBeGreaterThan(0);
  });
});
