// The patches in patches/ give string-width (both copies), slice-ansi and @alcalzone/ansi-tokenize a fast
// path for text whose every character is one grapheme of width 1: no Intl.Segmenter, one character at a
// time. These tests hold the class to that claim, character by character, against the segmenter and each
// package's own width rules, and compare the fast path with the package's own path on generated text.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const modules = new URL('../../node_modules/', import.meta.url);
const file = (path: string): string => new URL(path, modules).pathname;
const PATCHED = [
  'string-width/index.js',
  'wrap-ansi/node_modules/string-width/index.js',
  'slice-ansi/tokenize-ansi.js',
  '@alcalzone/ansi-tokenize/build/tokenize.js',
];

/** The character class of NARROW_TEXT or NARROW_ANSI_TEXT in a patched file. */
function narrowClass(path: string): string {
  const m = /const NARROW(?:_ANSI)?_TEXT = \/\^(?:\(\?:)?(\[[^\]]+\])/.exec(readFileSync(file(path), 'utf8'));
  if (!m?.[1]) throw new Error(`${path}: no NARROW_TEXT (is its patch applied?)`);
  return m[1];
}

type Width = (text: string) => number;
const load = async <T>(path: string): Promise<T> => ((await import(file(path))) as { default: T }).default;

describe('the narrow-text class of the patched packages', () => {
  const cls = narrowClass(PATCHED[0]!);
  const narrow = new RegExp(`^${cls}$`);
  const chars = Array.from({ length: 0x10000 }, (_, cp) => String.fromCharCode(cp)).filter((c) => narrow.test(c));

  it('is the same in every patched file', () => {
    for (const path of PATCHED) expect(narrowClass(path), path).toBe(cls);
    expect(chars.length).toBeGreaterThan(600);
    for (const c of '…Δ↑↓→≤─▁█·é␍') expect(chars, c).toContain(c);
  });

  it('holds only characters that are each a grapheme of width 1, no emoji, no mark, none fullwidth', async () => {
    const { eastAsianWidth } = (await import(file('get-east-asian-width/index.js'))) as {
      eastAsianWidth: (cp: number) => number;
    };
    const isFullwidth = await load<(cp: number) => boolean>('is-fullwidth-code-point/index.js');
    const emoji = await load<() => RegExp>('emoji-regex/index.mjs');
    const segmenter = new Intl.Segmenter();
    const notNarrow =
      /[\p{Extended_Pictographic}\p{Emoji_Presentation}\p{Default_Ignorable_Code_Point}\p{Control}\p{Format}\p{Mark}\p{Surrogate}]/u;
    const bad = chars.filter((c) => {
      const cp = c.charCodeAt(0);
      const alone = [...segmenter.segment(`a${c}${c}a`)].length === 4;
      return !alone || eastAsianWidth(cp) !== 1 || isFullwidth(cp) || notNarrow.test(c) || emoji().test(c);
    });
    expect(bad.map((c) => c.charCodeAt(0).toString(16))).toEqual([]);
  });
});

describe('the fast paths agree with the packages’ own', () => {
  // A text of the class, with SGR codes between its characters, as Ink's lines are.
  const sgr = fc.constantFrom('\u001b[1m', '\u001b[22m', '\u001b[31m', '\u001b[39m', '\u001b[7m', '\u001b[38;5;208m');
  const narrowChar = fc.constantFrom(...'abz09 .:-|…Δ↑↓→≤─▁▄█·é␍×°');
  const line = fc.array(fc.oneof({ weight: 4, arbitrary: narrowChar }, { weight: 1, arbitrary: sgr }), {
    maxLength: 60,
  });
  // One wide character at the end sends the whole text down the package's own path.
  const WIDE = '\u{1F600}';

  it('string-width, both copies: the width of a text is its width with an emoji, less 2', async () => {
    for (const path of PATCHED.slice(0, 2)) {
      const width = await load<Width>(path);
      fc.assert(fc.property(line, (parts) => width(parts.join('')) === width(parts.join('') + WIDE) - 2));
    }
  });

  it('slice-ansi and @alcalzone/ansi-tokenize: the same tokens, but for the emoji', async () => {
    const slice = await load<(text: string, opts?: { endCharacter?: number }) => unknown[]>(PATCHED[2]!);
    const { tokenize } = (await import(file(PATCHED[3]!))) as { tokenize: (text: string, end?: number) => unknown[] };
    const withoutWide = (tokens: unknown[]): unknown[] =>
      tokens.filter((t) => (t as { value?: string }).value !== WIDE);
    fc.assert(
      fc.property(line, fc.nat(70), (parts, end) => {
        const text = parts.join('');
        expect(slice(text, { endCharacter: end })).toEqual(withoutWide(slice(text + WIDE, { endCharacter: end })));
        expect(tokenize(text, end)).toEqual(withoutWide(tokenize(text + WIDE, end)));
      }),
    );
  });
});
