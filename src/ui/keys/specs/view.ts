/** Commands that change what is shown: expand, filter, sort, pause, zoom, look a client up, help, quit. */
import { entryAtCursor } from '../../../state/entries.js';
import { type CommandSpec, EVERY_MODE, event } from './spec.js';

export const VIEW = {
  expand: {
    keys: [{ name: 'return' }],
    short: 'Expand',
    help: "Expand; entry's client",
    modes: [],
    footer: 8,
    run: event({ type: 'toggleExpand' }),
  },
  lookUpEntry: {
    keys: [{ name: 'return' }],
    short: 'Client',
    help: "Expand; entry's client",
    modes: [],
    footer: 9,
    // Enter on an entry of the Connections pane: the lookup of its client, as `c` and the address would.
    run(x) {
      const row = entryAtCursor(x.d.getState());
      if (!row) return;
      x.open({ kind: 'client', value: row.clientAddress, reading: false });
      void x.lookUp(row.clientAddress);
    },
  },
  entriesScope: {
    keys: [{ input: 'a' }],
    short: 'All/selected',
    help: 'All entries, selected',
    modes: [],
    footer: 6,
    run: event({ type: 'entriesScope' }),
  },
  filter: {
    keys: [{ input: '/' }],
    short: 'Filter',
    help: 'Filter, clear filter',
    modes: [],
    footer: 4,
    run: event({ type: 'filterStart' }),
  },
  clearFilter: {
    keys: [{ name: 'escape' }],
    short: 'Unfilter',
    help: 'Filter, clear filter',
    modes: [],
    run: event({ type: 'filterClear' }),
  },
  sort: {
    keys: [{ input: 's' }],
    short: 'Sort',
    help: 'Sort column, reverse',
    modes: [],
    footer: 5,
    run: event({ type: 'sortNext' }),
  },
  sortReverse: {
    keys: [{ input: 'S' }],
    short: 'Reverse',
    help: 'Sort column, reverse',
    modes: [],
    run: event({ type: 'sortReverse' }),
  },
  pause: {
    keys: [{ input: ' ' }],
    short: 'Pause',
    help: 'Pause; rates Δ/kernel',
    modes: ['normal'],
    footer: 7,
    run: event({ type: 'togglePause' }),
  },
  rateMode: {
    keys: [{ input: 'r' }],
    short: 'Rates',
    help: 'Pause; rates Δ/kernel',
    modes: ['normal'],
    footer: 17,
    run: event({ type: 'toggleRateMode' }),
  },
  zoom: {
    keys: [{ input: 'o' }],
    short: 'Only',
    help: 'Zoom pane; find client',
    modes: ['normal'],
    footer: 18,
    run: event({ type: 'toggleZoom' }),
  },
  clientLookup: {
    keys: [{ input: 'c' }],
    short: 'Client',
    help: 'Zoom pane; find client',
    modes: ['normal'],
    run: (x) => x.open({ kind: 'client', value: '', reading: false }),
  },
  help: {
    keys: [{ input: '?' }],
    short: 'Help',
    help: 'This help',
    modes: ['normal'],
    footer: 1,
    run: event({ type: 'help', open: true }),
  },
  quit: {
    keys: [{ input: 'q' }],
    short: 'Quit',
    help: 'Quit; ^Z suspends',
    modes: ['normal'],
    footer: 2,
    run: (x) => x.d.exit(),
  },
  interrupt: {
    keys: [{ input: 'c', ctrl: true }],
    short: 'Quit',
    help: 'Quit; ^Z suspends',
    modes: EVERY_MODE,
    run: (x) => x.d.exit(),
  },
  suspend: {
    keys: [{ input: 'z', ctrl: true }],
    short: 'Suspend',
    help: 'Quit; ^Z suspends',
    modes: EVERY_MODE,
    run: (x) => x.d.suspend?.(),
  },
} satisfies Record<string, CommandSpec>;
