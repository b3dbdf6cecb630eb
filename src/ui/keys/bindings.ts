/**
 * Key bindings as data (gemini-cli's way): the commands, the default key
 * map and a description of each, all checked complete by the compiler
 * (Record<Command, …>). The footer, the help screen and the matcher are
 * generated from these tables; nothing else knows a key.
 */

export const COMMANDS = [
  'quit', 'help', 'up', 'down', 'pageUp', 'pageDown', 'home', 'end',
  'nextPane', 'prevPane', 'paneServices', 'paneConnections', 'paneTimeouts', 'paneArp',
  'expand', 'filter', 'sort', 'sortReverse', 'pause', 'rateMode',
  'zeroService', 'zeroAll', 'clearTable', 'setTimeouts', 'flushArp', 'gratuitousArp',
] as const;

/** Everything a key can ask for outside dialogs. */
export type Command = (typeof COMMANDS)[number];

/** Ink's named keys we bind. */
export type NamedKey = 'upArrow' | 'downArrow' | 'pageUp' | 'pageDown' | 'home' | 'end' | 'tab' | 'return' | 'escape';

/** One key: a typed character (`input`) or a named key, with modifiers that must match exactly. */
export interface KeySpec {
  input?: string;
  name?: NamedKey;
  ctrl?: boolean;
  shift?: boolean;
}

export const KEYMAP: Record<Command, readonly KeySpec[]> = {
  quit: [{ input: 'q' }, { input: 'c', ctrl: true }],
  help: [{ input: '?' }],
  up: [{ name: 'upArrow' }, { input: 'k' }],
  down: [{ name: 'downArrow' }, { input: 'j' }],
  pageUp: [{ name: 'pageUp' }],
  pageDown: [{ name: 'pageDown' }],
  home: [{ name: 'home' }],
  end: [{ name: 'end' }],
  nextPane: [{ name: 'tab' }],
  prevPane: [{ name: 'tab', shift: true }],
  paneServices: [{ input: '1' }],
  paneConnections: [{ input: '2' }],
  paneTimeouts: [{ input: '3' }],
  paneArp: [{ input: '4' }],
  expand: [{ name: 'return' }],
  filter: [{ input: '/' }],
  sort: [{ input: 's' }],
  sortReverse: [{ input: 'S' }],
  pause: [{ input: ' ' }],
  rateMode: [{ input: 'r' }],
  zeroService: [{ input: 'z' }],
  zeroAll: [{ input: 'Z' }],
  clearTable: [{ input: 'C' }],
  setTimeouts: [{ input: 't' }],
  flushArp: [{ input: 'f' }],
  gratuitousArp: [{ input: 'g' }],
};

/** Help sections, in order. */
export type Section = 'Move' | 'View' | 'Act on the kernel (confirmed first)';

/** `short` goes in the footer, `help` on the help screen. */
export interface Description {
  short: string;
  help: string;
  section: Section;
}

export const DESCRIPTIONS: Record<Command, Description> = {
  quit: { short: 'Quit', help: 'Quit', section: 'View' },
  help: { short: 'Help', help: 'Show or hide this help', section: 'View' },
  up: { short: 'Up', help: 'Select the row above', section: 'Move' },
  down: { short: 'Down', help: 'Select the row below', section: 'Move' },
  pageUp: { short: 'PgUp', help: 'One page up', section: 'Move' },
  pageDown: { short: 'PgDn', help: 'One page down', section: 'Move' },
  home: { short: 'First', help: 'First row', section: 'Move' },
  end: { short: 'Last', help: 'Last row', section: 'Move' },
  nextPane: { short: 'Pane', help: 'Next pane', section: 'Move' },
  prevPane: { short: 'Pane', help: 'Previous pane', section: 'Move' },
  paneServices: { short: 'Services', help: 'Services pane', section: 'Move' },
  paneConnections: { short: 'Conns', help: 'Connections pane', section: 'Move' },
  paneTimeouts: { short: 'Timeouts', help: 'Timeouts pane', section: 'Move' },
  paneArp: { short: 'ARP', help: 'ARP (neighbour) pane', section: 'Move' },
  expand: { short: 'Expand', help: 'Expand or collapse a service', section: 'View' },
  filter: { short: 'Filter', help: 'Filter (Enter keeps it, Esc clears it)', section: 'View' },
  sort: { short: 'Sort', help: 'Next sort column', section: 'View' },
  sortReverse: { short: 'Reverse', help: 'Reverse the sort', section: 'View' },
  pause: { short: 'Pause', help: 'Pause or resume polling', section: 'View' },
  rateMode: { short: 'Rates', help: 'Rates: our deltas or the kernel 8 s average', section: 'View' },
  zeroService: { short: 'Zero', help: "Zero the selected service's counters", section: 'Act on the kernel (confirmed first)' },
  zeroAll: { short: 'Zero all', help: 'Zero all counters', section: 'Act on the kernel (confirmed first)' },
  clearTable: { short: 'Clear', help: 'Clear the whole table (type "clear")', section: 'Act on the kernel (confirmed first)' },
  setTimeouts: { short: 'Timeouts', help: 'Set the tcp, tcpfin and udp timeouts', section: 'Act on the kernel (confirmed first)' },
  flushArp: { short: 'Flush ARP', help: 'Flush the neighbour table of an interface', section: 'Act on the kernel (confirmed first)' },
  gratuitousArp: { short: 'GARP', help: "Send gratuitous ARP for the selected service's VIP", section: 'Act on the kernel (confirmed first)' },
};

/** The commands that change the kernel: refused in read-only mode. */
export const ACTION_COMMANDS = ['zeroService', 'zeroAll', 'clearTable', 'setTimeouts', 'flushArp', 'gratuitousArp'] as const satisfies readonly Command[];
export type ActionCommand = (typeof ACTION_COMMANDS)[number];

/** Handled by the focused list pane (Services, Connections, ARP). */
export const LIST_COMMANDS = ['up', 'down', 'pageUp', 'pageDown', 'home', 'end', 'expand', 'filter', 'sort', 'sortReverse'] as const satisfies readonly Command[];

/** Handled by the app whatever pane has the focus. */
export const GLOBAL_COMMANDS = COMMANDS.filter((c) => !(LIST_COMMANDS as readonly Command[]).includes(c));

/** Footer order: what an on-call engineer needs first; the line is cut at the terminal width. */
export const FOOTER: readonly Command[] = [
  'help', 'quit', 'nextPane', 'filter', 'sort', 'pause', 'expand', 'zeroService', 'zeroAll', 'clearTable', 'setTimeouts', 'flushArp', 'gratuitousArp', 'rateMode',
];

const NAMED_LABELS: Record<NamedKey, string> = {
  upArrow: '↑', downArrow: '↓', pageUp: 'PgUp', pageDown: 'PgDn', home: 'Home', end: 'End', tab: 'Tab', return: 'Enter', escape: 'Esc',
};

/** How a key is written on screen: `q`, `^C`, `S-Tab`, `Space`. */
export function keyLabel(k: KeySpec): string {
  const base = k.name ? NAMED_LABELS[k.name] : k.input === ' ' ? 'Space' : (k.input ?? '');
  return `${k.ctrl ? '^' : ''}${k.shift && k.name ? 'S-' : ''}${k.ctrl ? base.toUpperCase() : base}`;
}

/** All keys of a command, e.g. `↑ k`. */
export const keysOf = (c: Command): string => KEYMAP[c].map(keyLabel).join(' ');
