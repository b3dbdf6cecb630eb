/**
 * The key router: the keys of each mode, checked as the dialogs, panes and help took them
 * when each handled its own keys (the assertions moved here with the handling).
 */
import type { Key } from 'ink';
import { describe, expect, it } from 'vitest';
import type { Dialog, MonitorState } from '../../src/state/types.js';
import type { Command } from '../../src/ui/keys/bindings.js';
import { PLAIN_KEY } from '../../src/ui/keys/match.js';
import { keyMode, routeKeys } from '../../src/ui/keys/router.js';
import { run, start } from '../state/build.js';

const k = (over: Partial<Key> = {}): Key => ({ ...PLAIN_KEY, ...over });

/** Keys as Ink reports them, by name. */
const PRESS = {
  enter: ['', k({ return: true })],
  escape: ['', k({ escape: true, meta: true })],
  backspace: ['', k({ delete: true })],
  tab: ['', k({ tab: true })],
  shiftTab: ['', k({ tab: true, shift: true })],
  ctrlC: ['c', k({ ctrl: true })],
  down: ['', k({ downArrow: true })],
  up: ['', k({ upArrow: true })],
  pageDown: ['', k({ pageDown: true })],
  home: ['', k({ home: true })],
} as const satisfies Record<string, [string, Key]>;
type Press = string | readonly [string, Key];

/** Routes the presses (one read each) against a fixed state; what reached the target, in order. */
function route(state: MonitorState, ...presses: Press[]): string[] {
  const got: string[] = [];
  for (const p of presses) {
    const [input, key] = typeof p === 'string' ? [p, k({ shift: p.length === 1 && p !== p.toLowerCase() })] : p;
    routeKeys(input, key, () => state, { command: (c: Command) => got.push(c), type: (t) => got.push(`in:${t}`) });
  }
  return got;
}

const withDialog = (dialog: Dialog): MonitorState => run(start(), { type: 'dialogOpen', dialog });

describe('a confirmation', () => {
  const s = withDialog({ kind: 'confirm', action: { kind: 'zeroAll' } });
  it('y confirms; n, N and Esc cancel; other keys do nothing; Ctrl-C quits', () => {
    expect(keyMode(s)).toBe('confirm');
    expect(route(s, 'x', PRESS.enter, 'q')).toEqual([]);
    expect(route(s, 'n', 'N', PRESS.escape)).toEqual(['decline', 'decline', 'decline']);
    expect(route(s, 'y', 'Y')).toEqual(['confirm', 'confirm']);
    expect(route(s, PRESS.ctrlC)).toEqual(['interrupt']);
  });
});

describe('a in the Doctor pane', () => {
  it('is the ARP check there and nothing in the other panes', () => {
    expect(route(run(start(), { type: 'focus', pane: 'doctor' }), 'a')).toEqual(['arpCheck']);
    for (const pane of ['services', 'timeouts', 'arp', 'ha'] as const)
      expect(route(run(start(), { type: 'focus', pane }), 'a')).toEqual([]);
    // In the Connections pane it switches the entries shown between the selection's and all.
    expect(route(run(start(), { type: 'focus', pane: 'connections' }), 'a')).toEqual(['entriesScope']);
  });
});

describe('a field', () => {
  const typed = withDialog({ kind: 'typeToConfirm', action: { kind: 'clearTable' }, word: 'clear', typed: '' });
  it('y and q are letters here; Enter submits, Esc cancels, backspace deletes', () => {
    expect(route(typed, 'y', 'q', PRESS.backspace, PRESS.enter, PRESS.escape)).toEqual([
      'in:y',
      'in:q',
      'deleteBack',
      'submit',
      'cancel',
    ]);
  });

  it('takes keys typed ahead in one read in order', () => {
    expect(route(typed, 'clx\x7fear\r')).toEqual([
      'in:c',
      'in:l',
      'in:x',
      'deleteBack',
      'in:e',
      'in:a',
      'in:r',
      'submit',
    ]);
  });

  it('Tab and Shift-Tab move between fields', () => {
    const s = withDialog({ kind: 'timeouts', fields: ['900', '120', '300'], field: 0 });
    expect(route(s, PRESS.tab, PRESS.shiftTab, '5', PRESS.backspace, PRESS.enter)).toEqual([
      'nextField',
      'prevField',
      'in:5',
      'deleteBack',
      'submit',
    ]);
    expect(route(s, '7', PRESS.tab, PRESS.backspace, PRESS.enter, PRESS.escape, PRESS.ctrlC)).toEqual([
      'in:7',
      'nextField',
      'deleteBack',
      'submit',
      'cancel',
      'interrupt',
    ]);
  });

  it('the filter is a field too', () => {
    const s = run(start(), { type: 'filterStart' });
    expect(route(s, 'j', 'q', PRESS.enter)).toEqual(['in:j', 'in:q', 'submit']);
  });
});

describe('the help', () => {
  it('closes on ?, Esc, Enter or q; quits on Ctrl-C; ignores other keys', () => {
    const s = run(start(), { type: 'help', open: true });
    expect(route(s, '?', PRESS.escape, PRESS.enter, 'q', 'x')).toEqual([
      'closeHelp',
      'closeHelp',
      'closeHelp',
      'closeHelp',
    ]);
    expect(route(s, PRESS.ctrlC)).toEqual(['interrupt']);
  });
});

describe('Ctrl-Z', () => {
  it('suspends from every mode', () => {
    const ctrlZ = ['z', k({ ctrl: true })] as const;
    expect(route(start(), ctrlZ)).toEqual(['suspend']);
    expect(route(run(start(), { type: 'help', open: true }), ctrlZ)).toEqual(['suspend']);
    expect(route(withDialog({ kind: 'confirm', action: { kind: 'zeroAll' } }), ctrlZ)).toEqual(['suspend']);
    expect(route(run(start(), { type: 'filterStart' }), ctrlZ)).toEqual(['suspend']);
  });
});

describe('the panes', () => {
  it('the focused list pane takes its list keys', () => {
    const s = start();
    expect(
      route(s, 'j', 'k', PRESS.down, PRESS.up, PRESS.enter, '/', 's', 'S', PRESS.pageDown, PRESS.home, 'x'),
    ).toEqual(['down', 'up', 'down', 'up', 'expand', 'filter', 'sort', 'sortReverse', 'pageDown', 'home']);
  });

  it("the Connections pane takes moves, filter and sort (its entries), Enter looks an entry's client up", () => {
    const conns = run(start(), { type: 'focus', pane: 'connections' });
    expect(route(conns, 'j', PRESS.enter, '/', 's', 'S')).toEqual([
      'down',
      'lookUpEntry',
      'filter',
      'sort',
      'sortReverse',
    ]);
    const timeouts = run(start(), { type: 'focus', pane: 'timeouts' });
    expect(route(timeouts, 'j', PRESS.enter, '/', 's')).toEqual([]);
  });

  it('a key that changes the mode drops the rest of its read', () => {
    const got: string[] = [];
    let s = start();
    routeKeys('zy', k(), () => s, {
      command: (c) => {
        got.push(c);
        if (c === 'zeroService') s = withDialog({ kind: 'confirm', action: { kind: 'zeroAll' } });
      },
      type: (t) => got.push(`in:${t}`),
    });
    expect(got).toEqual(['zeroService']);
  });
});
