/** Commands that look back through the monitor's history (handlers/history.ts). */
import { HISTORY_HANDLERS as H } from '../../handlers/history.js';
import { type CommandSpec, EXPAND_HELP, ZOOM_HELP } from './spec.js';

const STEP = 'one moment back, on (the monitor keeps `--history`, 15 minutes by default; see docs/history.md)';
const EVENT = "to the moment of the previous, next event of the log (the Events pane's)";

export const TIME = {
  stepBack: {
    keys: [{ input: '[' }],
    short: 'Back',
    help: 'Back, on: moment, event',
    doc: STEP,
    modes: ['normal'],
    run: H.stepBack,
  },
  stepForward: {
    keys: [{ input: ']' }],
    short: 'On',
    help: 'Back, on: moment, event',
    doc: STEP,
    modes: ['normal'],
    run: H.stepForward,
  },
  eventBack: {
    keys: [{ input: '{' }],
    short: 'Event back',
    help: 'Back, on: moment, event',
    doc: EVENT,
    modes: ['normal'],
    run: H.eventBack,
  },
  eventForward: {
    keys: [{ input: '}' }],
    short: 'Event on',
    help: 'Back, on: moment, event',
    doc: EVENT,
    modes: ['normal'],
    run: H.eventForward,
  },
} satisfies Record<string, CommandSpec>;

/** Enter in the Events pane (listed with the other Enter commands, in VIEW). */
export const EVENT_MOMENT: CommandSpec = {
  keys: [{ name: 'return' }],
  short: 'Moment',
  help: EXPAND_HELP,
  doc: 'in the Events pane: to the moment of the event under the cursor',
  modes: [],
  run: H.eventAtCursor,
};

/** X, on the help line of `o` and `c` (listed with them, in VIEW): the help screen fits 80x24. */
export const SNAPSHOT: CommandSpec = {
  keys: [{ input: 'X' }],
  short: 'Snapshot',
  help: ZOOM_HELP,
  doc: "write `ipvstop snapshot`'s archive into the current directory, with the monitor's history (`replay --dir` opens it) and its event log; root only (docs/snapshot.md)",
  modes: ['normal'],
  run: H.snapshot,
};
