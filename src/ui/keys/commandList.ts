/**
 * The names of everything a key can ask for (what each does is its record in specs/). A pane's
 * go-to command (`paneServices`, key `1`) is made from its id, so a pane in PANES has one
 * without a line here.
 */
import { PANES, type PaneId } from '../../state/types.js';

/** The command that focuses `pane`: `paneServices`, `paneArp`. */
export type GoToCommand = `pane${Capitalize<PaneId>}`;

export const goToCommand = (pane: PaneId): GoToCommand =>
  `pane${pane[0]!.toUpperCase()}${pane.slice(1)}` as GoToCommand;

/** The commands that change the kernel: refused in read-only mode. */
export const ACTION_COMMANDS = [
  'zeroService',
  'zeroAll',
  'clearTable',
  'setTimeouts',
  'flushArp',
  'gratuitousArp',
  'setWeight',
  'drain',
  'undrain',
  'drainHost',
] as const;

const OTHER_COMMANDS = [
  'quit',
  'interrupt',
  'suspend',
  'help',
  'up',
  'down',
  'pageUp',
  'pageDown',
  'home',
  'end',
  'nextPane',
  'prevPane',
  'expand',
  'filter',
  'clearFilter',
  'sort',
  'sortReverse',
  'pause',
  'rateMode',
  'zoom',
  ...ACTION_COMMANDS,
  'confirm',
  'decline',
  'submit',
  'cancel',
  'deleteBack',
  'clearLine',
  'nextField',
  'prevField',
  'closeHelp',
  'clientLookup',
  'arpCheck',
  'entriesScope',
  'lookUpEntry',
  'stepBack',
  'stepForward',
  'eventBack',
  'eventForward',
  'eventMoment',
  'snapshot',
] as const;

/** The go-to commands, in pane order. */
export const GO_TO_COMMANDS: readonly GoToCommand[] = PANES.map(goToCommand);

/** Everything a key can ask for. */
export type Command = (typeof OTHER_COMMANDS)[number] | GoToCommand;

export const COMMANDS: readonly Command[] = [...OTHER_COMMANDS, ...GO_TO_COMMANDS];

/** An action key: one of ACTION_COMMANDS. */
export type ActionCommand = (typeof ACTION_COMMANDS)[number];

const MOVES = ['up', 'down', 'pageUp', 'pageDown', 'home', 'end'] as const satisfies readonly Command[];

/** Handled by a list pane when it has the focus (Services, ARP). */
export const LIST_COMMANDS = [
  ...MOVES,
  'expand',
  'filter',
  'clearFilter',
  'sort',
  'sortReverse',
] as const satisfies readonly Command[];

export { MOVES };

/**
 * Who takes the keys: the panes (normal), the help screen, a confirmation (y or n), or a line
 * being typed (a dialog's field, the filter), where every printable key is text. Ctrl-C quits in all.
 */
export type KeyMode = 'normal' | 'help' | 'confirm' | 'field';
