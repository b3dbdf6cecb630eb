/** Key bindings as data: tables of presses that must and must not match, labels, typed-ahead splitting. */
import type { Key } from 'ink';
import { describe, expect, it } from 'vitest';
import {
  ACTION_COMMANDS,
  COMMANDS,
  type Command,
  DESCRIPTIONS,
  FOOTER,
  GLOBAL_COMMANDS,
  KEYMAP,
  keyLabel,
  keysOf,
  LIST_COMMANDS,
  MODE_COMMANDS,
  PANE_COMMANDS,
} from '../../src/ui/keys/bindings.js';
import { keyMatches, matchCommand, PLAIN_KEY, splitKeys } from '../../src/ui/keys/match.js';

const k = (over: Partial<Key> = {}): Key => ({ ...PLAIN_KEY, ...over });

describe('matchCommand', () => {
  it.each<[string, string, Key, Command]>([
    ['q', 'q', k(), 'quit'],
    ['Ctrl-C', 'c', k({ ctrl: true }), 'interrupt'],
    ['?', '?', k(), 'help'],
    ['Tab', '', k({ tab: true }), 'nextPane'],
    ['Shift-Tab', '', k({ tab: true, shift: true }), 'prevPane'],
    ['1', '1', k(), 'paneServices'],
    ['4', '4', k(), 'paneArp'],
    ['Space', ' ', k(), 'pause'],
    ['r', 'r', k(), 'rateMode'],
    ['z', 'z', k(), 'zeroService'],
    ['Z (shift)', 'Z', k({ shift: true }), 'zeroAll'],
    ['C (shift)', 'C', k({ shift: true }), 'clearTable'],
    ['t', 't', k(), 'setTimeouts'],
    ['f', 'f', k(), 'flushArp'],
    ['g', 'g', k(), 'gratuitousArp'],
  ])('%s is %s among the global commands', (_name, input, key, command) => {
    expect(matchCommand(input, key, GLOBAL_COMMANDS)).toBe(command);
  });

  it.each<[string, string, Key, Command]>([
    ['↑', '', k({ upArrow: true }), 'up'],
    ['k', 'k', k(), 'up'],
    ['↓', '', k({ downArrow: true }), 'down'],
    ['j', 'j', k(), 'down'],
    ['PgUp', '', k({ pageUp: true }), 'pageUp'],
    ['PgDn', '', k({ pageDown: true }), 'pageDown'],
    ['Home', '', k({ home: true }), 'home'],
    ['End', '', k({ end: true }), 'end'],
    ['Enter', '', k({ return: true }), 'expand'],
    ['/', '/', k(), 'filter'],
    ['s', 's', k(), 'sort'],
    ['S', 'S', k({ shift: true }), 'sortReverse'],
  ])('%s is %s among the list commands', (_name, input, key, command) => {
    expect(matchCommand(input, key, LIST_COMMANDS)).toBe(command);
  });

  it.each<[string, string, Key]>([
    ['Ctrl-Q', 'q', k({ ctrl: true })],
    ['Alt-q', 'q', k({ meta: true })],
    ['Esc', '', k({ escape: true, meta: true })],
    ['Ctrl-Tab-ish', '', k({ tab: true, ctrl: true })],
    ['x', 'x', k()],
    ['"qq" typed ahead', 'qq', k()],
    ['Backspace', '', k({ backspace: true })],
  ])('%s matches no global command', (_name, input, key) => {
    expect(matchCommand(input, key, GLOBAL_COMMANDS)).toBeUndefined();
  });

  it('plain c is the client lookup, never Ctrl-C', () => {
    expect(matchCommand('c', k(), GLOBAL_COMMANDS)).toBe('clientLookup');
    expect(matchCommand('c', k({ ctrl: true }), GLOBAL_COMMANDS)).toBe('interrupt');
  });

  it('Tab is not Shift-Tab, and Shift-Tab is not Tab', () => {
    expect(keyMatches({ name: 'tab' }, '', k({ tab: true, shift: true }))).toBe(false);
    expect(keyMatches({ name: 'tab', shift: true }, '', k({ tab: true }))).toBe(false);
  });

  it('only looks among the commands given', () => {
    expect(matchCommand('j', k(), GLOBAL_COMMANDS)).toBeUndefined();
    expect(matchCommand('q', k(), LIST_COMMANDS)).toBeUndefined();
  });
});

describe('bindings', () => {
  it('every command has keys and a description, and some mode or pane takes it', () => {
    for (const c of COMMANDS) {
      expect(KEYMAP[c].length).toBeGreaterThan(0);
      expect(DESCRIPTIONS[c].short).not.toBe('');
    }
    const taken = new Set([...Object.values(MODE_COMMANDS).flat(), ...Object.values(PANE_COMMANDS).flat()]);
    expect([...taken].sort()).toEqual([...COMMANDS].sort());
    for (const c of ACTION_COMMANDS) expect(GLOBAL_COMMANDS).toContain(c);
    for (const c of FOOTER) expect(COMMANDS).toContain(c);
  });

  it('no key is bound twice where keys are taken together (a mode, with the focused pane in normal mode)', () => {
    const groups = [
      ...(['help', 'confirm', 'field'] as const).map((m) => MODE_COMMANDS[m]),
      ...Object.values(PANE_COMMANDS).map((p) => [...MODE_COMMANDS.normal, ...p]),
    ];
    for (const group of groups) {
      const seen = new Map<string, Command>();
      for (const c of group) {
        for (const spec of KEYMAP[c]) {
          const id = JSON.stringify([spec.input ?? '', spec.name ?? '', !!spec.ctrl, !!spec.shift]);
          expect(seen.get(id), `${id} bound to ${seen.get(id)} and ${c}`).toBeUndefined();
          seen.set(id, c);
        }
      }
    }
  });

  it.each<[Command, string]>([
    ['quit', 'q'],
    ['interrupt', '^C'],
    ['up', '↑ k'],
    ['prevPane', 'S-Tab'],
    ['pause', 'Space'],
    ['expand', 'Enter'],
    ['pageDown', 'PgDn'],
    ['sortReverse', 'S'],
  ])('writes the keys of %s as %s', (c, label) => {
    expect(keysOf(c)).toBe(label);
  });

  it('labels one key', () => {
    expect(keyLabel({ input: 'c', ctrl: true })).toBe('^C');
    expect(keyLabel({ name: 'escape' })).toBe('Esc');
  });
});

describe('splitKeys', () => {
  const names = (input: string): string[] =>
    splitKeys(input, k()).map(([i, key]) => (key.return ? '⏎' : key.delete || key.backspace ? '⌫' : key.tab ? '⇥' : i));
  it.each<[string, string[]]>([
    ['clear\r', ['c', 'l', 'e', 'a', 'r', '⏎']],
    ['\x7f\x7f5', ['⌫', '⌫', '5']],
    ['a\bb', ['a', '⌫', 'b']],
    ['a\x01b', ['a', 'b']],
    ['x\ny', ['x', '⏎', 'y']],
    ['é€', ['é', '€']],
    ['2j', ['2', 'j']],
    ['a\tb', ['a', '⇥', 'b']],
  ])('splits %j', (input, keys) => {
    expect(names(input)).toEqual(keys);
  });

  it('leaves one key, and Ctrl or Alt chords, as Ink gave them', () => {
    expect(splitKeys('', k({ return: true }))).toEqual([['', k({ return: true })]]);
    expect(splitKeys('c', k({ ctrl: true }))).toEqual([['c', k({ ctrl: true })]]);
  });

  it('a capital typed ahead is a shifted key, as alone', () => {
    expect(splitKeys('zZ', k())[1]).toEqual(['Z', k({ shift: true })]);
  });
});
