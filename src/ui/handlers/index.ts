/**
 * What every command does: one handler a command (`Record<Command, …>`: a command without one is
 * a compile error). Action keys (and the Doctor's ARP check) pass `guarded` first.
 */
import { entryAtCursor } from '../../state/entries.js';
import type { MonitorEvent } from '../../state/model.js';
import { PANES, type PaneId } from '../../state/types.js';
import { ACTION_PANES, actsIn, DESCRIPTIONS, keyOf } from '../keys/bindings.js';
import { type ActionCommand, type Command, type GoToCommand, goToCommand } from '../keys/commandList.js';
import { PANE_NAMES } from '../panes/registry.js';
import { recordOf } from '../record.js';
import { type CommandContext, failed, idle } from './context.js';
import { cancel, confirm, submit } from './dialogs.js';
import { ACTION_HANDLERS, arpCheck } from './kernel.js';

export type Handler = (x: CommandContext) => void;

/** Where an action key acts, said when it is pressed elsewhere: `w Weight acts in pane 1 Services`. */
function elsewhere(c: ActionCommand): string {
  const panes = ACTION_PANES[c].map((p) => `pane ${keyOf(goToCommand(p))} ${PANE_NAMES[p]}`);
  return `${keyOf(c)} ${DESCRIPTIONS[c].short} acts in ${panes.join(' or ')}`;
}

/** An action key's handler behind the checks every action passes: allowed, here, and none running. */
const guarded =
  (c: Command, go: Handler): Handler =>
  (x) => {
    const state = x.d.getState();
    if (state.config.refusal) {
      x.d.actions.refused?.(`monitor: ${c}`); // to syslog, with who tried
      return x.error(`refused: ${state.config.refusal}`);
    }
    if (!actsIn(c, state.focus)) return x.info(elsewhere(c as ActionCommand));
    if (idle(x)) go(x);
  };

/** A command that is one event of the reducer. */
const event =
  (e: MonitorEvent): Handler =>
  (x) =>
    x.d.dispatch(e);

const focus = (pane: PaneId | 'next' | 'prev'): Handler => event({ type: 'focus', pane });

const actions = recordOf(Object.keys(ACTION_HANDLERS) as ActionCommand[], (c) => guarded(c, ACTION_HANDLERS[c]));

export const HANDLERS: Record<Command, Handler> = {
  ...recordOf<GoToCommand, Handler>(PANES.map(goToCommand), (c) => focus(PANES.find((p) => goToCommand(p) === c)!)),
  ...actions,
  nextPane: focus('next'),
  prevPane: focus('prev'),
  up: event({ type: 'move', by: -1 }),
  down: event({ type: 'move', by: 1 }),
  pageUp: event({ type: 'page', dir: -1 }),
  pageDown: event({ type: 'page', dir: 1 }),
  home: event({ type: 'edge', to: 'first' }),
  end: event({ type: 'edge', to: 'last' }),
  expand: event({ type: 'toggleExpand' }),
  filter: event({ type: 'filterStart' }),
  clearFilter: event({ type: 'filterClear' }),
  sort: event({ type: 'sortNext' }),
  sortReverse: event({ type: 'sortReverse' }),
  pause: event({ type: 'togglePause' }),
  rateMode: event({ type: 'toggleRateMode' }),
  zoom: event({ type: 'toggleZoom' }),
  help: event({ type: 'help', open: true }),
  closeHelp: event({ type: 'help', open: false }),
  entriesScope: event({ type: 'entriesScope' }),
  nextField: event({ type: 'dialogField', dir: 1 }),
  prevField: event({ type: 'dialogField', dir: -1 }),
  quit: (x) => x.d.exit(),
  interrupt: (x) => x.d.exit(),
  suspend: (x) => x.d.suspend?.(),
  confirm,
  decline: cancel,
  cancel,
  submit,
  deleteBack: (x) => x.edit({ kind: 'deleteBack' }),
  clientLookup: (x) => x.open({ kind: 'client', value: '', reading: false }),
  lookUpEntry(x) {
    // Enter on an entry of the Connections pane: the lookup of its client, as `c` and the address would.
    const row = entryAtCursor(x.d.getState());
    if (!row) return;
    x.open({ kind: 'client', value: row.clientAddress, reading: false });
    void x.lookUp(row.clientAddress);
  },
  arpCheck: guarded('arpCheck', (x) => void arpCheck(x).catch(failed(x, 'ARP check'))),
};
