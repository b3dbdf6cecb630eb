/** Commands that change what is shown: expand, filter, sort, pause, zoom, look a client up, help, quit. */
import { entryAtCursor } from '../../../state/entries.js';
import { HISTORY_HANDLERS } from '../../handlers/history.js';
import { type CommandSpec, EVERY_MODE, EXPAND_HELP, event, ZOOM_HELP } from './spec.js';
import { EVENT_MOMENT, SNAPSHOT } from './time.js';

/** README rows (`doc`) that two commands share. */
const EXPAND =
  'expand or collapse a service; in the Connections pane, look the client of the entry under the cursor up (as `c` would)';
const FILTER =
  "filter the list, or the Connections pane's entries (`Enter` keeps it, `Esc` clears it; `Esc` in the list clears a kept one)";
const SORT = 'next sort column / reverse (Services, Connections entries, ARP)';
const QUIT = 'quit; `Ctrl-C` quits from anywhere';

export const VIEW = {
  expand: {
    keys: [{ name: 'return' }],
    short: 'Expand',
    help: EXPAND_HELP,
    doc: EXPAND,
    modes: [],
    footer: 8,
    run: event({ type: 'toggleExpand' }),
  },
  lookUpEntry: {
    keys: [{ name: 'return' }],
    short: 'Client',
    help: EXPAND_HELP,
    doc: EXPAND,
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
  eventMoment: EVENT_MOMENT,
  entriesScope: {
    keys: [{ input: 'a' }],
    short: 'All/selected',
    help: 'All entries, selected',
    doc: 'in the Connections pane: the entries of the whole table, or of the selection again (see docs/monitor.md)',
    modes: [],
    footer: 6,
    run: event({ type: 'entriesScope' }),
  },
  filter: {
    keys: [{ input: '/' }],
    short: 'Filter',
    help: 'Filter, clear filter',
    doc: FILTER,
    modes: [],
    footer: 4,
    run: event({ type: 'filterStart' }),
  },
  clearFilter: {
    keys: [{ name: 'escape' }],
    short: 'Unfilter',
    help: 'Filter, clear filter',
    doc: FILTER,
    modes: [],
    run: event({ type: 'filterClear' }),
  },
  sort: {
    keys: [{ input: 's' }],
    short: 'Sort',
    help: 'Sort column, reverse',
    doc: SORT,
    modes: [],
    footer: 5,
    run: event({ type: 'sortNext' }),
  },
  sortReverse: {
    keys: [{ input: 'S' }],
    short: 'Reverse',
    help: 'Sort column, reverse',
    doc: SORT,
    modes: [],
    run: event({ type: 'sortReverse' }),
  },
  pause: {
    keys: [{ input: ' ' }],
    short: 'Pause',
    help: 'Pause; rates Δ/kernel',
    doc: 'pause or resume polling; looking back, live again',
    modes: ['normal'],
    footer: 7,
    run: HISTORY_HANDLERS.pauseOrLive,
  },
  rateMode: {
    keys: [{ input: 'r' }],
    short: 'Rates',
    help: 'Pause; rates Δ/kernel',
    doc: "rates from deltas or the kernel's 8 s average",
    modes: ['normal'],
    footer: 17,
    run: event({ type: 'toggleRateMode' }),
  },
  zoom: {
    keys: [{ input: 'o' }],
    short: 'Only',
    help: ZOOM_HELP,
    doc: 'only the focused pane, full screen (zoom); again to go back',
    modes: ['normal'],
    footer: 18,
    run: event({ type: 'toggleZoom' }),
  },
  clientLookup: {
    keys: [{ input: 'c' }],
    short: 'Client',
    help: ZOOM_HELP,
    doc: 'look a client up: type an address or prefix (IPv4 or IPv6, `203.0.113.7`, `2001:db8::/64`) and `Enter` (see docs/monitor.md)',
    modes: ['normal'],
    run: (x) => x.open({ kind: 'client', value: '', reading: false }),
  },
  snapshot: SNAPSHOT,
  help: {
    keys: [{ input: '?' }],
    short: 'Help',
    help: 'Help; quit; ^Z suspends',
    doc: 'help (`?`, `Esc`, `Enter` or `q` close it)',
    modes: ['normal'],
    footer: 1,
    run: event({ type: 'help', open: true }),
  },
  quit: {
    keys: [{ input: 'q' }],
    short: 'Quit',
    help: 'Help; quit; ^Z suspends',
    doc: QUIT,
    modes: ['normal'],
    footer: 2,
    run: (x) => x.d.exit(),
  },
  interrupt: {
    keys: [{ input: 'c', ctrl: true }],
    short: 'Quit',
    help: 'Help; quit; ^Z suspends',
    doc: QUIT,
    modes: EVERY_MODE,
    run: (x) => x.d.exit(),
  },
  suspend: {
    keys: [{ input: 'z', ctrl: true }],
    short: 'Suspend',
    help: 'Help; quit; ^Z suspends',
    doc: 'suspend: the terminal is given back as it was; `fg` resumes and redraws',
    modes: EVERY_MODE,
    run: (x) => x.d.suspend?.(),
  },
} satisfies Record<string, CommandSpec>;
