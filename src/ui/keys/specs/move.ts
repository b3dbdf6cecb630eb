/** Commands that move: the selection in a list, and the focus between panes. */
import { PANES } from '../../../state/types.js';
import { PANE_SPECS } from '../../panes/registry.js';
import { recordOf } from '../../record.js';
import { GO_TO_COMMANDS } from '../commandList.js';
import { type CommandSpec, event } from './spec.js';

/** README rows (`doc`) that several commands share. */
const MOVE_SELECTION =
  'move the selection; in the Connections pane scroll its entries, in the Doctor pane its findings, in the Events pane its events';
const SWITCH_PANES = 'switch panes';

/** Each pane's go-to key, from the pane registry. */
const GO_TO = recordOf(GO_TO_COMMANDS, (c): CommandSpec => {
  const pane = PANES[GO_TO_COMMANDS.indexOf(c)]!;
  return {
    keys: [{ input: PANE_SPECS[pane].key }],
    short: PANE_SPECS[pane].short,
    help: 'Go to that pane',
    doc: SWITCH_PANES,
    modes: ['normal'],
    run: event({ type: 'focus', pane }),
  };
});

export const MOVE = {
  up: {
    keys: [{ name: 'upArrow' }, { input: 'k' }],
    short: 'Up',
    help: 'Row up, down',
    doc: MOVE_SELECTION,
    modes: [],
    run: event({ type: 'move', by: -1 }),
  },
  down: {
    keys: [{ name: 'downArrow' }, { input: 'j' }],
    short: 'Down',
    help: 'Row up, down',
    doc: MOVE_SELECTION,
    modes: [],
    run: event({ type: 'move', by: 1 }),
  },
  pageUp: {
    keys: [{ name: 'pageUp' }],
    short: 'PgUp',
    help: 'Page up, down',
    doc: MOVE_SELECTION,
    modes: [],
    run: event({ type: 'page', dir: -1 }),
  },
  pageDown: {
    keys: [{ name: 'pageDown' }],
    short: 'PgDn',
    help: 'Page up, down',
    doc: MOVE_SELECTION,
    modes: [],
    run: event({ type: 'page', dir: 1 }),
  },
  home: {
    keys: [{ name: 'home' }],
    short: 'First',
    help: 'First, last row',
    doc: MOVE_SELECTION,
    modes: [],
    run: event({ type: 'edge', to: 'first' }),
  },
  end: {
    keys: [{ name: 'end' }],
    short: 'Last',
    help: 'First, last row',
    doc: MOVE_SELECTION,
    modes: [],
    run: event({ type: 'edge', to: 'last' }),
  },
  nextPane: {
    keys: [{ name: 'tab' }],
    short: 'Pane',
    help: 'Next, previous pane',
    doc: SWITCH_PANES,
    modes: ['normal'],
    footer: 3,
    run: event({ type: 'focus', pane: 'next' }),
  },
  prevPane: {
    keys: [{ name: 'tab', shift: true }],
    short: 'Pane',
    help: 'Next, previous pane',
    doc: SWITCH_PANES,
    modes: ['normal'],
    run: event({ type: 'focus', pane: 'prev' }),
  },
  ...GO_TO,
} satisfies Record<string, CommandSpec>;
