/**
 * Ink 6.8 kept every distinct text it measured or wrapped, for the life of the process
 * (ink#986): a monitor whose counters change draws new texts every refresh, so its heap grew
 * without end. patches/ink+6.8.0.patch bounds both caches; this fails if the patch is not applied.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { expect, it } from 'vitest';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const inkBuild = dirname(createRequire(import.meta.url).resolve('ink'));

async function inkModule<T>(file: string): Promise<T> {
  return ((await import(pathToFileURL(join(inkBuild, file)).href)) as { default: T }).default;
}

/** Heap growth, in MiB, after `n` distinct 200-character texts went through `f` and are dropped. */
function retainedMiB(f: (text: string) => unknown, n: number): number {
  gc();
  const before = process.memoryUsage().heapUsed;
  const pad = 'x'.repeat(190);
  for (let i = 0; i < n; i++) f(`${pad}${String(i).padStart(10, '0')}`);
  gc();
  return (process.memoryUsage().heapUsed - before) / 2 ** 20;
}

it("keeps a bounded number of Ink's measured and wrapped texts", async () => {
  const measureText = await inkModule<(text: string) => unknown>('measure-text.js');
  const wrapText = await inkModule<(text: string, width: number, wrap: string) => string>('wrap-text.js');
  // 20,000 texts of 200 characters are 4 MiB, and more with their entries, when kept.
  expect(retainedMiB(measureText, 20_000)).toBeLessThan(2);
  expect(retainedMiB((t) => wrapText(t, 80, 'truncate'), 20_000)).toBeLessThan(2);
}, 60_000);
