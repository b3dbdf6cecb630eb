/** TerminalInput: only bound keys reach Ink, pastes come out as text, reads are numbered. */

import { describe, expect, it } from 'vitest';
import { BOUND_SEQUENCES } from '../../src/ui/keys/bindings.js';
import { PASTE_MAX, TerminalInput } from '../../src/ui/screen/TerminalInput.js';
import { Prng } from '../kernel/prng.js';
import { FakeKeyboard } from './ink.js';

function setup() {
  const keyboard = new FakeKeyboard();
  const input = new TerminalInput(keyboard, BOUND_SEQUENCES);
  input.setRawMode(true);
  const pastes: string[] = [];
  input.onPaste((t) => pastes.push(t));
  /** Everything Ink would read now, one string per read, with the read's number. */
  const drain = (): [string, number][] => {
    const got: [string, number][] = [];
    for (let s = input.read(); s !== null; s = input.read()) got.push([s, input.current]);
    return got;
  };
  return { keyboard, input, pastes, drain };
}

const immediate = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('TerminalInput', () => {
  it('passes text, control keys and the sequences we bind; numbers each read', () => {
    const t = setup();
    t.keyboard.write('jk\r\t\x7f\x03');
    t.keyboard.write('\x1b[A\x1b[B\x1b[5~\x1b[6~\x1b[H\x1b[F\x1bOH\x1b[Z\x1b[3~');
    expect(t.drain()).toEqual([
      ['jk\r\t\x7f\x03', 1],
      ['\x1b[A\x1b[B\x1b[5~\x1b[6~\x1b[H\x1b[F\x1bOH\x1b[Z\x1b[3~', 2],
    ]);
    expect(t.input.last).toBe(2);
  });

  it.each([
    ['Ctrl+F1', '\x1b[1;5P'],
    ['Ctrl+F2', '\x1b[1;5Q'],
    ['a colour code', '\x1b[31m'],
    ['Ctrl+Up', '\x1b[1;5A'],
    ['F5', '\x1b[15~'],
    ['Alt-y', '\x1by'],
    ['Alt-Up', '\x1b\x1b[A'],
    ['an SS3 key we do not bind', '\x1bOP'],
    ['Right, which no command binds (the bound sequences come from the key records)', '\x1b[C'],
  ])('drops %s whole, keeping the keys around it', (_name, seq) => {
    const t = setup();
    t.keyboard.write(`a${seq}b`);
    expect(t.drain()).toEqual([['ab', 1]]);
  });

  it.each([
    ['an X10 mouse report of spaces (button 0 at 0,0)', '\x1b[M   '],
    ['an X10 mouse report whose bytes look like keys', '\x1b[M#pq'],
    ['a UTF-8 mode mouse report past column 95', '\x1b[M ŀ!'],
    ['an SGR mouse press', '\x1b[<0;12;5M'],
    ['an SGR mouse release', '\x1b[<0;12;5m'],
    ['an SGR wheel', '\x1b[<64;200;50M'],
    ['a urxvt mouse report', '\x1b[32;12;5M'],
  ])('drops %s whole: no byte of it is a key', (_name, seq) => {
    const t = setup();
    t.keyboard.write(`a${seq}b`);
    expect(t.drain()).toEqual([['ab', 1]]);
  });

  it('keeps an X10 mouse report split over reads together', () => {
    const t = setup();
    t.keyboard.write('x\x1b[M ');
    t.keyboard.write(' ');
    t.keyboard.write(' y');
    expect(
      t
        .drain()
        .map(([s]) => s)
        .join(''),
    ).toBe('xy');
  });

  it('keeps a sequence split over reads together: an arrow passes, Ctrl+F1 goes whole', () => {
    const t = setup();
    t.keyboard.write('x\x1b[');
    t.keyboard.write('A\x1b[1;');
    t.keyboard.write('5Py');
    expect(
      t
        .drain()
        .map(([s]) => s)
        .join(''),
    ).toBe('x\x1b[Ay');
  });

  it('a lone ESC is the Esc key once nothing follows at once', async () => {
    const t = setup();
    t.keyboard.write('\x1b');
    expect(t.drain()).toEqual([]);
    await immediate();
    expect(t.drain()).toEqual([['\x1b', 1]]);
  });

  it('takes a bracketed paste out of the keys, whole, even split over reads', () => {
    const t = setup();
    t.keyboard.write('a\x1b[200~Zy\r');
    t.keyboard.write('C\x1b[20');
    t.keyboard.write('1~b');
    expect(
      t
        .drain()
        .map(([s]) => s)
        .join(''),
    ).toBe('ab');
    expect(t.pastes).toEqual(['Zy\rC']);
  });

  it('cuts a runaway paste at its limit', () => {
    const t = setup();
    t.keyboard.write(`\x1b[200~${'x'.repeat(PASTE_MAX * 3)}\x1b[201~q`);
    expect(t.pastes).toEqual(['x'.repeat(PASTE_MAX)]);
    expect(t.drain()).toEqual([['q', 1]]);
  });

  it('decodes a UTF-8 character split over two reads', () => {
    const keyboard = new FakeKeyboard();
    const input = new TerminalInput(keyboard, BOUND_SEQUENCES);
    input.setRawMode(true);
    const bytes = Buffer.from('é', 'utf8');
    keyboard.emit('data', bytes.subarray(0, 1));
    keyboard.emit('data', bytes.subarray(1));
    const got: string[] = [];
    for (let s = input.read(); s !== null; s = input.read()) got.push(s);
    expect(got.join('')).toBe('é');
  });

  it('lets out only printable text, bound sequences and control bytes, whatever it is fed (seeded)', () => {
    const bound = /\x1b(\[[ABCDHFZ]|\[[1345678]~|O[ABCDHF])/g;
    for (let seed = 1; seed <= 200; seed++) {
      const rng = new Prng(seed);
      const t = setup();
      const alphabet = ['\x1b', '[', 'O', '1', ';', '5', 'P', 'A', '~', 'm', '2', '0', '\r', 'y', 'é', '\x00', '\x7f'];
      for (let read = 0; read < 20; read++) {
        let s = '';
        for (let i = rng.int(0, 12); i > 0; i--) s += alphabet[rng.int(0, alphabet.length - 1)];
        t.keyboard.write(s);
      }
      const out = t
        .drain()
        .map(([s]) => s)
        .join('');
      // Every ESC that reaches Ink starts a sequence we bind.
      expect(out.replace(bound, '').includes('\x1b'), `seed ${seed}: ${JSON.stringify(out)}`).toBe(false);
    }
  });
});
