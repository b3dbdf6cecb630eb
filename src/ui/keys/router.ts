/**
 * The one place keys are handled: which mode takes them (the panes, help, a confirmation,
 * a line being typed), which command of the key map a press is in that mode, and typed
 * text. Components only draw.
 */
import type { Key } from 'ink';
import type { MonitorState } from '../../state/types.js';
import { type Command, type KeyMode, MODE_COMMANDS, PANE_COMMANDS } from './bindings.js';
import { matchCommand, splitKeys } from './match.js';

export function keyMode(s: MonitorState): KeyMode {
  if (s.help) return 'help';
  if (s.dialog) return s.dialog.kind === 'confirm' ? 'confirm' : 'field';
  return s.filterEdit ? 'field' : 'normal';
}

/** The commands a key can mean now: the mode's, and in normal mode the focused pane's. */
export function commandsNow(s: MonitorState): readonly Command[] {
  const mode = keyMode(s);
  return mode === 'normal' ? [...MODE_COMMANDS.normal, ...PANE_COMMANDS[s.focus]] : MODE_COMMANDS[mode];
}

/** What keys act on. */
export interface KeyTarget {
  command(c: Command): void;
  type(text: string): void;
}

/**
 * The keys of one read, in order. A key that changes the mode (opens a dialog, the filter or
 * help, or closes one) drops the rest of its read: keys typed ahead are not passed to another
 * mode, so a `y` that came with `z` never confirms the dialog `z` opened.
 */
export function routeKeys(input: string, key: Key, state: () => MonitorState, target: KeyTarget): void {
  for (const [one, k] of splitKeys(input, key)) {
    const now = state();
    const mode = keyMode(now);
    const c = matchCommand(one, k, commandsNow(now));
    if (c) target.command(c);
    else if (mode === 'field' && one !== '' && !k.ctrl && !k.meta) target.type(one);
    else continue;
    if (keyMode(state()) !== mode) return;
  }
}
