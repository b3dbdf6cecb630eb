/**
 * bin/ipvstop's fast start (`npm run build` makes dist/ first): it reads the bundle as latin1, which is the
 * same string as UTF-8 only for ASCII, and hands V8 the code cache the build wrote, which V8 takes only for
 * the very text bin/ipvstop compiles.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Script } from 'node:vm';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../..', import.meta.url).pathname;
const BUNDLE = `${ROOT}dist/ipvstop.cjs`;
const { BUNDLE_WRAPPER } = createRequire(import.meta.url)(`${ROOT}bin/ipvstop`) as { BUNDLE_WRAPPER: string[] };

describe('bin/ipvstop and the bundle', () => {
  it('the bundle is ASCII, so its latin1 text is its UTF-8 text', () => {
    const bytes = readFileSync(BUNDLE);
    expect(bytes.findIndex((b) => b > 0x7f)).toBe(-1);
    expect(bytes.toString('latin1')).toBe(bytes.toString('utf8'));
  });

  it("V8 takes the build's code cache for the text bin/ipvstop compiles", () => {
    const source = BUNDLE_WRAPPER.join(readFileSync(BUNDLE, 'latin1'));
    const script = new Script(source, { filename: BUNDLE, cachedData: readFileSync(`${BUNDLE}.cache`) });
    expect(script.cachedDataRejected).toBe(false);
  });
});
