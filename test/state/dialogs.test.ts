/** Dialog edits in the reducer: typing, backspace, Tab between timeout fields, inline errors. */
import { describe, expect, it } from 'vitest';
import type { Dialog } from '../../src/state/types.js';
import { run, start } from './build.js';

const timeouts: Dialog = { kind: 'timeouts', fields: ['900', '120', '300'], field: 0 };
const open = (dialog: Dialog) => run(start(), { type: 'dialogOpen', dialog });

describe('dialog edits', () => {
  it('opening a dialog closes help and a filter being typed', () => {
    const s = run(start(), { type: 'help', open: true }, { type: 'dialogOpen', dialog: timeouts });
    expect(s).toMatchObject({ help: false, dialog: timeouts });
    const f = run(start(), { type: 'filterStart' }, { type: 'dialogOpen', dialog: timeouts });
    expect(f.filterEdit).toBeUndefined();
  });

  it('types into the current timeout field, backspace deletes, Tab and Shift-Tab move and wrap', () => {
    let s = run(
      open(timeouts),
      { type: 'dialogEdit', edit: { kind: 'deleteBack' } },
      { type: 'dialogEdit', edit: { kind: 'insert', text: '1' } },
    );
    expect(s.dialog).toMatchObject({ fields: ['901', '120', '300'], field: 0 });
    s = run(
      s,
      { type: 'dialogField', dir: 1 },
      { type: 'dialogEdit', edit: { kind: 'deleteBack' } },
      { type: 'dialogEdit', edit: { kind: 'deleteBack' } },
      { type: 'dialogEdit', edit: { kind: 'insert', text: '5' } },
    );
    expect(s.dialog).toMatchObject({ fields: ['901', '15', '300'], field: 1 });
    s = run(s, { type: 'dialogField', dir: 1 }, { type: 'dialogField', dir: 1 });
    expect(s.dialog).toMatchObject({ field: 0 });
    s = run(s, { type: 'dialogField', dir: -1 });
    expect(s.dialog).toMatchObject({ field: 2 });
    // Ctrl-U empties the current field only.
    s = run(
      s,
      { type: 'dialogEdit', edit: { kind: 'clear' } },
      { type: 'dialogEdit', edit: { kind: 'insert', text: '7' } },
    );
    expect(s.dialog).toMatchObject({ fields: ['901', '15', '7'], field: 2 });
    s = run(s, { type: 'dialogField', dir: -1 });
    expect(s.dialog).toMatchObject({ field: 1 });
  });

  it('keeps only printable characters (a pasted escape sequence loses its ESC)', () => {
    const s = run(
      open(timeouts),
      { type: 'dialogField', dir: 1 },
      { type: 'dialogEdit', edit: { kind: 'insert', text: '\x1b[A5\t\x7f' } },
    );
    expect(s.dialog).toMatchObject({ fields: ['900', '120[A5', '300'] });
  });

  it('backspace on an empty field leaves it empty', () => {
    const s = run(open({ kind: 'interface', value: '', choices: ['lo'] }), {
      type: 'dialogEdit',
      edit: { kind: 'deleteBack' },
    });
    expect(s.dialog).toMatchObject({ value: '' });
  });

  it('caps each field: timeouts 10 digits, interface names 15, the typed word 32', () => {
    const long = 'x'.repeat(50);
    expect(run(open(timeouts), { type: 'dialogEdit', edit: { kind: 'insert', text: long } }).dialog).toMatchObject({
      fields: [`900${'x'.repeat(7)}`, '120', '300'],
    });
    expect(
      run(open({ kind: 'interface', value: '', choices: [] }), {
        type: 'dialogEdit',
        edit: { kind: 'insert', text: long },
      }).dialog,
    ).toMatchObject({ value: 'x'.repeat(15) });
    const typed = run(open({ kind: 'typeToConfirm', action: { kind: 'clearTable' }, word: 'clear', typed: '' }), {
      type: 'dialogEdit',
      edit: { kind: 'insert', text: long },
    });
    expect(typed.dialog).toMatchObject({ typed: 'x'.repeat(32) });
  });

  it('Tab does nothing outside the timeouts dialog, typing nothing in a confirmation', () => {
    const s = open({ kind: 'interface', value: 'et', choices: [] });
    expect(run(s, { type: 'dialogField', dir: 1 })).toBe(s);
    const c = open({ kind: 'confirm', action: { kind: 'zeroAll' } });
    expect(run(c, { type: 'dialogEdit', edit: { kind: 'insert', text: 'y' } }).dialog).toEqual(c.dialog);
  });

  it('an error shows in the dialog and goes as soon as something is typed', () => {
    let s = run(open(timeouts), { type: 'dialogError', message: 'tcp: bad' });
    expect(s.dialog).toMatchObject({ error: 'tcp: bad' });
    s = run(s, { type: 'dialogEdit', edit: { kind: 'insert', text: '0' } });
    expect(s.dialog).toMatchObject({ error: undefined });
    s = run(s, { type: 'dialogError', message: 'again' }, { type: 'dialogEdit', edit: { kind: 'deleteBack' } });
    expect(s.dialog).toMatchObject({ error: undefined });
  });

  it('an error about a confirmation goes to the status line', () => {
    const s = run(open({ kind: 'confirm', action: { kind: 'zeroAll' } }), { type: 'dialogError', message: 'busy' });
    expect(s.status).toEqual({ kind: 'error', text: 'busy' });
    expect(s.dialog).toEqual({ kind: 'confirm', action: { kind: 'zeroAll' } });
  });

  it('closes; edits without a dialog change nothing', () => {
    expect(run(open(timeouts), { type: 'dialogClose' }).dialog).toBeUndefined();
    const s = start();
    for (const e of [
      { type: 'dialogEdit', edit: { kind: 'insert', text: 'x' } },
      { type: 'dialogEdit', edit: { kind: 'deleteBack' } },
      { type: 'dialogField', dir: 1 },
      { type: 'dialogError', message: 'x' },
    ] as const) {
      expect(run(s, e)).toBe(s);
    }
  });
});
