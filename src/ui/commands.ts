/**
 * What keys ask for, turned into events and actions. Every kernel action
 * passes here: refused when actions are off or one is running, then shown
 * in a dialog, then run through KernelActions, its outcome reported, and
 * the table re-read at once. Each command's handler is in handlers/.
 */
import { plural } from '../domain/labels.js';
import { type CommandDeps, createContext } from './handlers/context.js';
import { HANDLERS } from './handlers/index.js';
import type { Command } from './keys/bindings.js';

export type { CommandDeps } from './handlers/context.js';
export { CLEAR_WORD } from './handlers/kernel.js';

/** Everything keys and pastes ask for; the key router (keys/router.ts) decides which command a key is. */
export interface Commands {
  /** Runs one command of the key map. */
  command(c: Command): void;
  /** Text typed into the filter or the open dialog's field. */
  type(text: string): void;
  /** The open dialog is on screen now: from the next read on, keys may answer it. */
  shown(): void;
  /** Text pasted into the terminal: taken as text by a field or the filter, never as keys. */
  paste(text: string): void;
}

/** Control characters (newlines included) never reach a field from a paste: a paste cannot press Enter. */
const pastable = (s: string): string => s.replace(/[\u0000-\u001f\u007f-\u009f]/g, '');

export function createCommands(d: CommandDeps): Commands {
  const x = createContext(d);
  return {
    command: (c) => HANDLERS[c](x),
    type: (text) => x.edit({ kind: 'insert', text }),
    shown: () => x.shown(),
    paste(text) {
      const s = d.getState();
      if (s.filterEdit || (s.dialog && s.dialog.kind !== 'confirm'))
        return x.edit({ kind: 'insert', text: pastable(text) });
      x.info(
        `ignored a paste of ${[...text].length} ${plural([...text].length, 'character')}: keys are typed, a paste is never taken as commands`,
      );
    },
  };
}
