/**
 * Every command of the monitor, one record each (keys, help, modes, footer, whether it is
 * dangerous, its handler), grouped by the help screen's sections in the help's order. Exhaustive
 * over `Command`: a command without a record, or a record without a handler, is a compile error.
 */
import type { Command } from '../commandList.js';
import { ACT } from './act.js';
import { DIALOG } from './dialog.js';
import { MOVE } from './move.js';
import type { CommandSpec } from './spec.js';
import { TIME } from './time.js';
import { VIEW } from './view.js';

export type { CommandSpec, Handler } from './spec.js';

/** Help sections, in order, with their commands. */
export const SECTION_SPECS = [
  ['Move', MOVE],
  ['View', { ...VIEW, ...TIME }],
  ['Act on the kernel (confirmed first)', ACT],
  ['In dialogs, the filter, help', DIALOG],
] as const;

export const COMMAND_SPECS = { ...MOVE, ...VIEW, ...TIME, ...ACT, ...DIALOG } satisfies Record<Command, CommandSpec>;

/** Each command's record, typed as the record it is. */
export const specOf = (c: Command): CommandSpec => COMMAND_SPECS[c];
