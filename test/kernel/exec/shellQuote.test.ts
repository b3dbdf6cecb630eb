/**
 * Shown commands are shell-quoted: pasted into bash they give back exactly the
 * words they were made of, and nothing in them runs.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { shellCommand, shellWord } from '../../../src/kernel/exec/shellQuote.js';
import { Prng } from '../prng.js';

/** What bash makes of a pasted command line: the words printf receives. */
function bashWords(line: string): string[] {
  const out = execFileSync('/bin/bash', ['--norc', '-c', `printf '%s\\0' ${line}`], { encoding: 'utf8' });
  return out.split('\0').slice(0, -1);
}

describe('shellWord', () => {
  it.each([
    ['eth0', 'eth0'],
    ['192.0.2.1:80', '192.0.2.1:80'],
    ['-Z', '-Z'],
    ['', "''"],
    ['$(id>x)', "'$(id>x)'"],
    ['[2001:db8::1]:53', "'[2001:db8::1]:53'"],
    ["it's", "'it'\\''s'"],
    ['a b', "'a b'"],
    ['~root', "'~root'"],
    ['#x', "'#x'"],
    ['\x1b[31mred', "$'\\x1b[31mred'"],
    ["new\nline's", "$'new\\x0aline\\'s'"],
    ['\u202eevil', "$'\\u202eevil'"],
    ['\u009bc1', "$'\\u009bc1'"],
  ])('%j -> %s', (word, shown) => {
    expect(shellWord(word)).toBe(shown);
  });

  it('shows no control character raw', () => {
    for (let c = 0; c < 0xa0; c++) {
      const shown = shellWord(`a${String.fromCharCode(c)}b`);
      expect(shown).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    }
  });
});

describe('a shown command pasted into bash', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ipvstop-quote-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const canary = join(dir, 'ran');

  it('runs nothing of what it quotes', () => {
    const nasty = [
      `$(touch ${canary})`,
      `\`touch ${canary}\``,
      `; touch ${canary}`,
      `| touch ${canary}`,
      `&& touch ${canary}`,
      `$'\\x41'; touch ${canary}`,
      `'; touch ${canary}; '`,
      `\ntouch ${canary}`,
      `$(id>${canary})`,
      '-h',
      '*',
      '?',
      '[a]',
    ];
    expect(bashWords(shellCommand(nasty))).toEqual(nasty);
    expect(existsSync(canary)).toBe(false);
  });

  it('gives back every word (150 seeded random word lists)', () => {
    const g = new Prng(0x5e11);
    const alphabet = [
      ...'aZ09-_./:=@%+,',
      ...' \t\n\'"\\$`!*?[]{}()<>|&;#~^',
      '\x01',
      '\x1b',
      '\x7f',
      '\u0085',
      'é',
      '\u202e',
      '字',
    ];
    const word = (): string => Array.from({ length: g.int(0, 12) }, () => g.pick(alphabet)).join('');
    for (let i = 0; i < 150; i++) {
      const words = Array.from({ length: g.int(1, 4) }, word);
      expect(bashWords(shellCommand(words))).toEqual(words);
    }
    expect(existsSync(canary)).toBe(false);
  });
});
