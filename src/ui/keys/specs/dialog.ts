/** Keys in a dialog, the filter being typed, and the help screen. */
import { cancel, confirm, submit } from '../../handlers/dialogs.js';
import { type CommandSpec, event } from './spec.js';

export const DIALOG = {
  confirm: {
    keys: [{ input: 'y' }, { input: 'Y' }],
    short: 'do it',
    help: 'Do it, cancel',
    modes: ['confirm'],
    run: confirm,
  },
  decline: {
    keys: [{ input: 'n' }, { input: 'N' }, { name: 'escape' }],
    short: 'cancel',
    help: 'Do it, cancel',
    modes: ['confirm'],
    run: cancel,
  },
  submit: { keys: [{ name: 'return' }], short: 'review', help: 'Review/keep, cancel', modes: ['field'], run: submit },
  cancel: { keys: [{ name: 'escape' }], short: 'cancel', help: 'Review/keep, cancel', modes: ['field'], run: cancel },
  nextField: {
    keys: [{ name: 'tab' }],
    short: 'next field',
    help: 'Next, previous field',
    modes: ['field'],
    run: event({ type: 'dialogField', dir: 1 }),
  },
  prevField: {
    keys: [{ name: 'tab', shift: true }],
    short: 'previous field',
    help: 'Next, previous field',
    modes: ['field'],
    run: event({ type: 'dialogField', dir: -1 }),
  },
  // Most terminals send DEL for the Backspace key (Ink: delete); the Delete key sends ESC[3~ (delete too).
  deleteBack: {
    keys: [{ name: 'backspace' }, { name: 'delete' }],
    short: 'delete',
    help: 'Delete char, field',
    modes: ['field'],
    run: (x) => x.edit({ kind: 'deleteBack' }),
  },
  // A field comes filled with the value it changes (a weight, the timeouts): Ctrl-U empties it, as in a shell.
  clearLine: {
    keys: [{ input: 'u', ctrl: true }],
    short: 'clear',
    help: 'Delete char, field',
    modes: ['field'],
    run: (x) => x.edit({ kind: 'clear' }),
  },
  closeHelp: {
    keys: [{ input: '?' }, { name: 'escape' }, { name: 'return' }, { input: 'q' }],
    short: 'close',
    help: 'Close this help',
    modes: ['help'],
    run: event({ type: 'help', open: false }),
  },
} satisfies Record<string, CommandSpec>;
