/**
 * What every command does: its record's handler (keys/specs/), and for a dangerous one the
 * checks every action passes first: allowed, here, and none running.
 */
import { ACTION_PANES, actsIn, COMMANDS, type Command, DESCRIPTIONS, keyOf } from '../keys/bindings.js';
import { type ActionCommand, goToCommand } from '../keys/commandList.js';
import { type Handler, specOf } from '../keys/specs/index.js';
import { PANE_NAMES } from '../panes/registry.js';
import { recordOf } from '../record.js';
import { idle } from './context.js';
import { refuseOnGone } from './kernel.js';

/** Where an action key acts, said when it is pressed elsewhere: `w Weight acts in pane 1 Services`. */
function elsewhere(c: ActionCommand): string {
  const panes = ACTION_PANES[c].map((p) => `pane ${keyOf(goToCommand(p))} ${PANE_NAMES[p]}`);
  return `${keyOf(c)} ${DESCRIPTIONS[c].short} acts in ${panes.join(' or ')}`;
}

/** A dangerous command's handler behind the checks every action passes. */
const guarded =
  (c: Command, go: Handler): Handler =>
  (x) => {
    const state = x.d.getState();
    if (state.config.refusal) {
      x.d.actions.refused?.(`monitor: ${c}`); // to syslog, with who tried
      return x.error(`refused: ${state.config.refusal}`);
    }
    if (state.past) {
      const when = new Date(state.past.at).toTimeString().slice(0, 8);
      return x.error(
        `${keyOf(c)} ${DESCRIPTIONS[c].short}: the view is at ${when}, in the past; Space goes back to live`,
        {
          untilLive: true,
        },
      );
    }
    if (!actsIn(c, state.focus)) return x.info(elsewhere(c as ActionCommand));
    if (specOf(c).onSelection && refuseOnGone(x, `${keyOf(c)} ${DESCRIPTIONS[c].short}`)) return;
    if (idle(x)) go(x);
  };

export const HANDLERS: Record<Command, Handler> = recordOf(COMMANDS, (c) =>
  specOf(c).dangerous ? guarded(c, specOf(c).run) : specOf(c).run,
);
