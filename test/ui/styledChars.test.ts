// patches/@alcalzone+ansi-tokenize gives styledCharsToString a short way between two characters with the same
// codes in the same order: no codes between them, without the diff. Here the patched function is held to
// the package's own rule, the diff between every two characters, on generated styled text.
import {
  ansiCodesToString,
  diffAnsiCodes,
  styledCharsFromTokens,
  styledCharsToString,
  tokenize,
} from '@alcalzone/ansi-tokenize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

type StyledChar = ReturnType<typeof styledCharsFromTokens>[number];

/** The package's styledCharsToString as published: a diff of the codes between every two characters. */
function byDiff(chars: StyledChar[]): string {
  let ret = '';
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i]!;
    ret += ansiCodesToString(i === 0 ? char.styles : diffAnsiCodes(chars[i - 1]!.styles, char.styles));
    ret += char.value;
    if (i === chars.length - 1) ret += ansiCodesToString(diffAnsiCodes(char.styles, []));
  }
  return ret;
}

/** SGR codes Ink and chalk write: intensity, inverse, underline, colours (16, 256, true colour), resets. */
const SGR = ['1', '2', '22', '7', '27', '4', '24', '31', '32', '39', '38;5;208', '38;2;1;2;3', '44', '49', '0'];
const piece = fc.oneof(
  fc.constantFrom(...SGR).map((c) => `\x1b[${c}m`),
  fc.string({ minLength: 1, maxLength: 6, unit: fc.constantFrom('a', 'B', ' ', '-', '│', '▁', '9') }),
);

describe('styledCharsToString (patched)', () => {
  it('writes what the diff between every two characters writes', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const chars = styledCharsFromTokens(tokenize(pieces.join('')));
        expect(styledCharsToString(chars)).toBe(byDiff(chars));
      }),
      { numRuns: 2000 },
    );
  });

  it('writes no codes between characters of one style, and each change once', () => {
    const chars = styledCharsFromTokens(tokenize('\x1b[1mab\x1b[31mcd\x1b[0mef'));
    expect(styledCharsToString(chars)).toBe('\x1b[1mab\x1b[31mcd\x1b[39m\x1b[22mef');
  });
});
