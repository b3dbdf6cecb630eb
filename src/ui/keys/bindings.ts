/**
 * Key bindings, derived from the command records (specs/): the key map, the footer's names and
 * order, the help screen's lines, the commands of each mode. The footer, the help screen, the
 * man page's KEYS and the matcher are generated from these; a key is written only in its record.
 */
import type { PaneId } from '../../state/types.js';
import { PANE_COMMANDS, panesOfAction } from '../panes/registry.js';
import { recordOf } from '../record.js';
import { ACTION_COMMANDS, type ActionCommand, COMMANDS, type Command, type KeyMode } from './commandList.js';
import { type KeySpec, keyLabel, sequencesOf } from './labels.js';
import { COMMAND_SPECS, SECTION_SPECS, specOf } from './specs/index.js';

export {
  ACTION_COMMANDS,
  type ActionCommand,
  COMMANDS,
  type Command,
  GO_TO_COMMANDS,
  type KeyMode,
  LIST_COMMANDS,
} from './commandList.js';
export { type KeySpec, keyLabel, type NamedKey } from './labels.js';
export { PANE_COMMANDS };

export const KEYMAP: Record<Command, readonly KeySpec[]> = recordOf(COMMANDS, (c) => specOf(c).keys);

/** What each command is called in the footer. */
export const DESCRIPTIONS: Record<Command, { short: string }> = recordOf(COMMANDS, (c) => ({ short: specOf(c).short }));

/** Help sections, in order. */
export const SECTIONS = SECTION_SPECS.map(([section]) => section);
export type Section = (typeof SECTION_SPECS)[number][0];

/** One line of the help: the keys of its commands and what they do, short enough for 80 columns in two columns. */
export interface HelpLine {
  section: Section;
  commands: readonly Command[];
  text: string;
}

/** The help screen, in order: a section's records one after another, those with the same text on one line. */
export const HELP: readonly HelpLine[] = SECTION_SPECS.flatMap(([section, specs]) => {
  const lines: { section: Section; commands: Command[]; text: string }[] = [];
  for (const c of Object.keys(specs) as Command[]) {
    const text = specOf(c).help;
    const last = lines.at(-1);
    if (last?.text === text) last.commands.push(c);
    else lines.push({ section, commands: [c], text });
  }
  return lines;
});

/**
 * Where each action key acts: the panes that show what it acts on (each pane's `actions` in the
 * registry). Elsewhere the key says where it acts (handlers/index.ts), and the footer leaves it
 * out: `z` in the ARP pane zeroed a service out of sight.
 */
export const ACTION_PANES: Record<ActionCommand, readonly PaneId[]> = recordOf(ACTION_COMMANDS, panesOfAction);

/** Whether `c` acts in `pane`: every command but an action key acts wherever the key map takes it. */
export const actsIn = (c: Command, pane: PaneId): boolean =>
  !(c in ACTION_PANES) || ACTION_PANES[c as ActionCommand].includes(pane);

/** The commands of `mode`, in record order. */
const inMode = (mode: KeyMode): Command[] =>
  (Object.keys(COMMAND_SPECS) as Command[]).filter((c) => specOf(c).modes.includes(mode));

/** Handled by the app whatever pane has the focus, while no dialog, filter or help takes the keys. */
export const GLOBAL_COMMANDS: readonly Command[] = inMode('normal');

/** The commands of each mode besides the focused pane's (normal) and typed text (field). */
export const MODE_COMMANDS: Record<KeyMode, readonly Command[]> = {
  normal: GLOBAL_COMMANDS,
  help: inMode('help'),
  confirm: inMode('confirm'),
  field: inMode('field'),
};

/** Guarded: refused in read-only mode (the action keys, and the ARP check, which sends ARP requests). */
export const DANGEROUS: readonly Command[] = COMMANDS.filter((c) => specOf(c).dangerous);

/** Footer order: what an on-call engineer needs first; the line is cut at the terminal width. */
export const FOOTER: readonly Command[] = COMMANDS.filter((c) => specOf(c).footer !== undefined).sort(
  (a, b) => specOf(a).footer! - specOf(b).footer!,
);

/** All keys of a command, e.g. `↑ k`. */
export const keysOf = (c: Command): string => KEYMAP[c].map(keyLabel).join(' ');

/** The keys of a command without a capital bound beside its small letter (`y`, not `y Y`). */
export function keyNames(c: Command): string {
  const labels = KEYMAP[c].map(keyLabel);
  return labels.filter((l) => l.length !== 1 || l === l.toLowerCase() || !labels.includes(l.toLowerCase())).join(' ');
}

/** The first key of a command, as the footer and dialogs name it. */
export const keyOf = (c: Command): string => keyLabel(KEYMAP[c][0]!);

/** The escape sequences of every bound key: the only ones the terminal reader lets through (TerminalInput). */
export const BOUND_SEQUENCES: ReadonlySet<string> = new Set(COMMANDS.flatMap((c) => KEYMAP[c].flatMap(sequencesOf)));
