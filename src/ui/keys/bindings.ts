/**
 * Key bindings as data (gemini-cli's way): the commands, the default key
 * map and a description of each, all checked complete by the compiler
 * (Record<Command, …>). The footer, the help screen and the matcher are
 * generated from these tables; nothing else knows a key.
 */
import { PANES, type PaneId } from '../../state/types.js';
import { PANE_COMMANDS, PANE_SPECS, panesOfAction } from '../panes/registry.js';
import { recordOf } from '../record.js';
import { ACTION_COMMANDS, type ActionCommand, type Command, GO_TO_COMMANDS, type GoToCommand } from './commandList.js';

export {
  ACTION_COMMANDS,
  type ActionCommand,
  COMMANDS,
  type Command,
  GO_TO_COMMANDS,
  LIST_COMMANDS,
} from './commandList.js';
export { PANE_COMMANDS };

/** Per pane, from the pane registry. */
const perPane = <T>(of: (p: PaneId) => T): Record<GoToCommand, T> =>
  recordOf(GO_TO_COMMANDS, (c) => of(PANES[GO_TO_COMMANDS.indexOf(c)]!));

/** Ink's named keys we bind. */
export type NamedKey =
  | 'upArrow'
  | 'downArrow'
  | 'pageUp'
  | 'pageDown'
  | 'home'
  | 'end'
  | 'tab'
  | 'return'
  | 'escape'
  | 'backspace'
  | 'delete';

/** One key: a typed character (`input`) or a named key, with modifiers that must match exactly. */
export interface KeySpec {
  input?: string;
  name?: NamedKey;
  ctrl?: boolean;
  shift?: boolean;
}

export const KEYMAP: Record<Command, readonly KeySpec[]> = {
  ...perPane((p): readonly KeySpec[] => [{ input: PANE_SPECS[p].key }]),
  quit: [{ input: 'q' }],
  interrupt: [{ input: 'c', ctrl: true }],
  suspend: [{ input: 'z', ctrl: true }],
  help: [{ input: '?' }],
  up: [{ name: 'upArrow' }, { input: 'k' }],
  down: [{ name: 'downArrow' }, { input: 'j' }],
  pageUp: [{ name: 'pageUp' }],
  pageDown: [{ name: 'pageDown' }],
  home: [{ name: 'home' }],
  end: [{ name: 'end' }],
  nextPane: [{ name: 'tab' }],
  prevPane: [{ name: 'tab', shift: true }],
  expand: [{ name: 'return' }],
  filter: [{ input: '/' }],
  clearFilter: [{ name: 'escape' }],
  sort: [{ input: 's' }],
  sortReverse: [{ input: 'S' }],
  pause: [{ input: ' ' }],
  rateMode: [{ input: 'r' }],
  zoom: [{ input: 'o' }],
  zeroService: [{ input: 'z' }],
  zeroAll: [{ input: 'Z' }],
  clearTable: [{ input: 'C' }],
  setTimeouts: [{ input: 't' }],
  flushArp: [{ input: 'f' }],
  gratuitousArp: [{ input: 'g' }],
  setWeight: [{ input: 'w' }],
  drain: [{ input: 'd' }],
  undrain: [{ input: 'u' }],
  drainHost: [{ input: 'D' }],
  confirm: [{ input: 'y' }, { input: 'Y' }],
  decline: [{ input: 'n' }, { input: 'N' }, { name: 'escape' }],
  submit: [{ name: 'return' }],
  cancel: [{ name: 'escape' }],
  // Most terminals send DEL for the Backspace key (Ink: delete); the Delete key sends ESC[3~ (delete too).
  deleteBack: [{ name: 'backspace' }, { name: 'delete' }],
  nextField: [{ name: 'tab' }],
  prevField: [{ name: 'tab', shift: true }],
  closeHelp: [{ input: '?' }, { name: 'escape' }, { name: 'return' }, { input: 'q' }],
  clientLookup: [{ input: 'c' }],
  arpCheck: [{ input: 'a' }],
  entriesScope: [{ input: 'a' }],
  lookUpEntry: [{ name: 'return' }],
};

/** What each command is called in the footer. */
export const DESCRIPTIONS: Record<Command, { short: string }> = {
  ...perPane((p) => ({ short: PANE_SPECS[p].short as string })),
  quit: { short: 'Quit' },
  interrupt: { short: 'Quit' },
  suspend: { short: 'Suspend' },
  help: { short: 'Help' },
  up: { short: 'Up' },
  down: { short: 'Down' },
  pageUp: { short: 'PgUp' },
  pageDown: { short: 'PgDn' },
  home: { short: 'First' },
  end: { short: 'Last' },
  nextPane: { short: 'Pane' },
  prevPane: { short: 'Pane' },
  expand: { short: 'Expand' },
  filter: { short: 'Filter' },
  clearFilter: { short: 'Unfilter' },
  sort: { short: 'Sort' },
  sortReverse: { short: 'Reverse' },
  pause: { short: 'Pause' },
  rateMode: { short: 'Rates' },
  zoom: { short: 'Only' },
  zeroService: { short: 'Zero' },
  zeroAll: { short: 'Zero all' },
  clearTable: { short: 'Clear' },
  setTimeouts: { short: 'Timeouts' },
  flushArp: { short: 'Flush ARP' },
  gratuitousArp: { short: 'GARP' },
  setWeight: { short: 'Weight' },
  drain: { short: 'Drain' },
  undrain: { short: 'Undrain' },
  drainHost: { short: 'Drain everywhere' },
  confirm: { short: 'do it' },
  decline: { short: 'cancel' },
  submit: { short: 'review' },
  cancel: { short: 'cancel' },
  deleteBack: { short: 'delete' },
  nextField: { short: 'next field' },
  prevField: { short: 'previous field' },
  closeHelp: { short: 'close' },
  clientLookup: { short: 'Client' },
  arpCheck: { short: 'ARP check' },
  entriesScope: { short: 'All/selected' },
  lookUpEntry: { short: 'Client' },
};

/** Help sections, in order. */
export const SECTIONS = [
  'Move',
  'View',
  'Act on the kernel (confirmed first)',
  'In dialogs, the filter, help',
] as const;
export type Section = (typeof SECTIONS)[number];

/** One line of the help: the keys of its commands (from KEYMAP) and what they do, short enough for 80 columns in two columns. */
export interface HelpLine {
  section: Section;
  commands: readonly Command[];
  text: string;
}

/** The help screen, in order; every command is on exactly one line (checked by a test). */
export const HELP: readonly HelpLine[] = [
  { section: 'Move', commands: ['up', 'down'], text: 'Row up, down' },
  { section: 'Move', commands: ['pageUp', 'pageDown'], text: 'Page up, down' },
  { section: 'Move', commands: ['home', 'end'], text: 'First, last row' },
  { section: 'Move', commands: ['nextPane', 'prevPane'], text: 'Next, previous pane' },
  {
    section: 'Move',
    commands: GO_TO_COMMANDS,
    text: 'Go to that pane',
  },
  { section: 'View', commands: ['expand', 'lookUpEntry'], text: "Expand; entry's client" },
  { section: 'View', commands: ['entriesScope'], text: 'All entries, selected' },
  { section: 'View', commands: ['filter', 'clearFilter'], text: 'Filter, clear filter' },
  { section: 'View', commands: ['sort', 'sortReverse'], text: 'Sort column, reverse' },
  { section: 'View', commands: ['pause', 'rateMode'], text: 'Pause; rates Δ/kernel' },
  { section: 'View', commands: ['zoom', 'clientLookup'], text: 'Zoom pane; find client' },
  { section: 'View', commands: ['help'], text: 'This help' },
  { section: 'View', commands: ['quit', 'interrupt', 'suspend'], text: 'Quit; ^Z suspends' },
  { section: 'Act on the kernel (confirmed first)', commands: ['zeroService', 'zeroAll'], text: 'Zero service, all' },
  { section: 'Act on the kernel (confirmed first)', commands: ['clearTable'], text: 'Clear table ("clear")' },
  { section: 'Act on the kernel (confirmed first)', commands: ['setTimeouts'], text: 'Set timeouts' },
  { section: 'Act on the kernel (confirmed first)', commands: ['flushArp'], text: 'Flush ARP of an iface' },
  { section: 'Act on the kernel (confirmed first)', commands: ['gratuitousArp'], text: 'Gratuitous ARP for VIP' },
  {
    section: 'Act on the kernel (confirmed first)',
    commands: ['setWeight', 'drain', 'undrain'],
    text: 'RS weight, drain, back',
  },
  { section: 'Act on the kernel (confirmed first)', commands: ['drainHost'], text: 'Drain RS everywhere' },
  { section: 'Act on the kernel (confirmed first)', commands: ['arpCheck'], text: 'ARP check (Doctor)' },
  { section: 'In dialogs, the filter, help', commands: ['confirm', 'decline'], text: 'Do it, cancel' },
  { section: 'In dialogs, the filter, help', commands: ['submit', 'cancel'], text: 'Review/keep, cancel' },
  { section: 'In dialogs, the filter, help', commands: ['nextField', 'prevField'], text: 'Next, previous field' },
  { section: 'In dialogs, the filter, help', commands: ['deleteBack'], text: 'Delete a character' },
  { section: 'In dialogs, the filter, help', commands: ['closeHelp'], text: 'Close this help' },
];

/**
 * Where each action key acts: the panes that show what it acts on (each pane's `actions` in the
 * registry). Elsewhere the key says where it acts (commands.ts), and the footer leaves it out:
 * `z` in the ARP pane zeroed a service out of sight.
 */
export const ACTION_PANES: Record<ActionCommand, readonly PaneId[]> = recordOf(ACTION_COMMANDS, panesOfAction);

/** Whether `c` acts in `pane`: every command but an action key acts wherever the key map takes it. */
export const actsIn = (c: Command, pane: PaneId): boolean =>
  !(c in ACTION_PANES) || ACTION_PANES[c as ActionCommand].includes(pane);

/** Handled by the app whatever pane has the focus, while no dialog, filter or help takes the keys. */
export const GLOBAL_COMMANDS = [
  'quit',
  'interrupt',
  'suspend',
  'help',
  'nextPane',
  'prevPane',
  ...GO_TO_COMMANDS,
  'pause',
  'rateMode',
  'zoom',
  'clientLookup',
  ...ACTION_COMMANDS,
] as const satisfies readonly Command[];

/**
 * Who takes the keys: the panes (normal), the help screen, a confirmation (y or n), or a line
 * being typed (a dialog's field, the filter), where every printable key is text. Ctrl-C quits in all.
 */
export type KeyMode = 'normal' | 'help' | 'confirm' | 'field';

/** The commands of each mode besides the focused pane's (normal) and typed text (field). */
export const MODE_COMMANDS: Record<KeyMode, readonly Command[]> = {
  normal: GLOBAL_COMMANDS,
  help: ['interrupt', 'suspend', 'closeHelp'],
  confirm: ['interrupt', 'suspend', 'confirm', 'decline'],
  field: ['interrupt', 'suspend', 'submit', 'cancel', 'deleteBack', 'nextField', 'prevField'],
};

/** Footer order: what an on-call engineer needs first; the line is cut at the terminal width. */
export const FOOTER: readonly Command[] = [
  'help',
  'quit',
  'nextPane',
  'filter',
  'sort',
  'entriesScope',
  'pause',
  'expand',
  'lookUpEntry',
  'arpCheck',
  'zeroService',
  'zeroAll',
  'clearTable',
  'setTimeouts',
  'flushArp',
  'gratuitousArp',
  'rateMode',
  'zoom',
  'setWeight',
  'drain',
  'undrain',
  'drainHost',
];

const NAMED_LABELS: Record<NamedKey, string> = {
  upArrow: '↑',
  downArrow: '↓',
  pageUp: 'PgUp',
  pageDown: 'PgDn',
  home: 'Home',
  end: 'End',
  tab: 'Tab',
  return: 'Enter',
  escape: 'Esc',
  backspace: 'Backspace',
  delete: 'Del',
};

/** How a key is written on screen: `q`, `^C`, `S-Tab`, `Space`. */
export function keyLabel(k: KeySpec): string {
  const base = k.name ? NAMED_LABELS[k.name] : k.input === ' ' ? 'Space' : (k.input ?? '');
  return `${k.ctrl ? '^' : ''}${k.shift && k.name ? 'S-' : ''}${k.ctrl ? base.toUpperCase() : base}`;
}

/** All keys of a command, e.g. `↑ k`. */
export const keysOf = (c: Command): string => KEYMAP[c].map(keyLabel).join(' ');

/** The keys of a command without a capital bound beside its small letter (`y`, not `y Y`). */
export function keyNames(c: Command): string {
  const labels = KEYMAP[c].map(keyLabel);
  return labels.filter((l) => l.length !== 1 || l === l.toLowerCase() || !labels.includes(l.toLowerCase())).join(' ');
}

/** The first key of a command, as the footer and dialogs name it. */
export const keyOf = (c: Command): string => keyLabel(KEYMAP[c][0]!);
