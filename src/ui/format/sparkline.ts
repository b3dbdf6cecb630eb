/** A one-line history: eight block heights, scaled to the largest value shown. */

const BLOCKS = '▁▂▃▄▅▆▇█';

/**
 * The newest `width` values, right-aligned. Zero is a blank (nothing at all
 * happened), any positive value at least the lowest block, so a trickle
 * beside a burst still shows.
 */
export function sparkline(values: readonly number[], width: number): string {
  if (width <= 0) return '';
  const shown = values.slice(Math.max(0, values.length - width));
  const max = Math.max(0, ...shown);
  const chars = shown.map((v) => {
    if (!(v > 0) || max === 0) return ' ';
    return BLOCKS[Math.min(7, Math.max(0, Math.ceil((v / max) * 8) - 1))]!;
  });
  return chars.join('').padStart(width);
}
