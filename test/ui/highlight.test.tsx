/** Change highlighting as drawn: a changed value highlighted (or marked `*` without colour), new and gone rows. */
import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { Destination, Service } from '../../src/kernel/ipvs/types.js';
import { reducer } from '../../src/state/model.js';
import type { MonitorState } from '../../src/state/types.js';
import { serviceRows } from '../../src/state/view.js';
import { createCommands } from '../../src/ui/commands.js';
import { ACTION_COMMANDS } from '../../src/ui/keys/bindings.js';
import { changedSegments } from '../../src/ui/panes/ServiceRowLine.js';
import { ServicesPane } from '../../src/ui/panes/ServicesPane.js';
import { placeColumns } from '../../src/ui/panes/serviceColumns.js';
import { TimeoutsPane } from '../../src/ui/panes/TimeoutsPane.js';
import { COLOR_THEME, PLAIN_THEME, type Theme, ThemeContext } from '../../src/ui/theme.js';
import { poll, run, start } from '../state/build.js';
import { dest, FakeActions, FakeKernel, service } from './fakes.js';
import { show } from './ink.js';

afterEach(cleanup);

const WEB = service('192.0.2.1');
const FTP = service('192.0.2.21', 21);
const servers =
  (...web: Destination[]) =>
  (s: Service): Destination[] =>
    s.address === WEB.address ? web : [];

/**
 * Two refreshes: 198.51.100.11's weight 1 -> 5, 198.51.100.12 removed, 198.51.100.13 and a
 * service added.
 */
function changed(config = {}): MonitorState {
  const s = poll(start(config), 0, [WEB], servers(dest('198.51.100.11'), dest('198.51.100.12')));
  return poll(s, 1000, [WEB, FTP], servers(dest('198.51.100.11', 5), dest('198.51.100.13')));
}

function pane(s: MonitorState, theme: Theme) {
  const ctx = { exact: false, rateMode: s.rateMode, history: s.history };
  return show(
    <ThemeContext.Provider value={theme}>
      <ServicesPane
        rows={serviceRows(s)}
        selected={s.svc.selected}
        offset={0}
        width={100}
        height={12}
        focused
        tabs
        ctx={ctx}
        sort="address"
        reverse={false}
        filter=""
      />
    </ThemeContext.Provider>,
  );
}

const line = (frame: string, text: string): string => frame.split('\n').find((l) => l.includes(text)) ?? '';

describe('the Services pane', () => {
  it('without colour, marks the changed weight `*` and says new and gone in the State column', () => {
    const f = pane(changed(), PLAIN_THEME).frame();
    expect(line(f, '198.51.100.11:80')).toMatch(/-> 198\.51\.100\.11:80 +Masq +\*5 +2 +5 .* active$/);
    // Gone: no counts (they add up nowhere), its State says so.
    expect(line(f, '198.51.100.12:80')).toMatch(/-> 198\.51\.100\.12:80 +Masq +1 +gone$/);
    expect(line(f, '198.51.100.13:80')).toMatch(/-> 198\.51\.100\.13:80 +Masq +1 +2 +5 .* new$/);
    expect(line(f, 'TCP 192.0.2.21:21')).toMatch(/ new$/);
    expect(line(f, 'TCP 192.0.2.1:80')).not.toMatch(/new|gone|\*/);
  });

  it('in colour, highlights the changed value alone, with no `*`', () => {
    const s = changed();
    const f = pane(s, COLOR_THEME).frame();
    expect(line(f, '198.51.100.11:80')).toMatch(/Masq +5 +2/);
    const row = serviceRows(s).find((r) => r.id.endsWith('198.51.100.11 80'))!;
    const ctx = { exact: false, rateMode: s.rateMode, history: s.history };
    const parts = changedSegments(row, placeColumns([row], ctx, 100), ctx, '  ', {}, COLOR_THEME);
    const lit = parts.filter((p) => p.style?.backgroundColor === COLOR_THEME.changed.backgroundColor);
    expect(lit.map((p) => p.text)).toEqual(['5']);
    expect(parts.map((p) => p.text).join('')).toBe(`  ${line(f, '198.51.100.11:80').slice(2)}`.trimEnd());
  });

  it('says what a gone row is when it is selected', () => {
    let s = changed();
    s = run(s, { type: 'move', by: 2 }); // the service, 198.51.100.11, then 198.51.100.12
    expect(pane(s, PLAIN_THEME).frame()).toMatch(
      /-> 198\.51\.100\.12:80 {2}gone: no longer in the kernel table \(shown a few seconds, counted nowhere\)/,
    );
  });

  it('marks nothing with --no-highlight', () => {
    const f = pane(changed({ highlight: false }), PLAIN_THEME).frame();
    expect(f).not.toMatch(/\*|new|gone|198\.51\.100\.12/);
    expect(line(f, '198.51.100.11:80')).toMatch(/Masq +5 +2/);
  });
});

describe('the Timeouts pane', () => {
  const meta = poll(start(), 0, [WEB]).meta!;
  const timeouts = (theme: Theme, changed?: Map<'tcp' | 'tcpFin' | 'udp', number>) =>
    show(
      <ThemeContext.Provider value={theme}>
        <TimeoutsPane width={40} height={7} focused tabs meta={meta} changed={changed} />
      </ThemeContext.Provider>,
    ).frame();

  it('marks a changed timeout `*` without colour, and only that one', () => {
    const f = timeouts(PLAIN_THEME, new Map([['udp', 5000]]));
    expect(line(f, 'udp')).toMatch(/^udp +\d+ s .*\*$/);
    expect(line(f, 'tcp ')).not.toContain('*');
    expect(timeouts(COLOR_THEME, new Map([['udp', 5000]]))).not.toContain('*');
  });
});

describe('action keys on a gone row', () => {
  it.each(['setWeight', 'drain', 'undrain', 'zeroService', 'gratuitousArp', 'flushArp', 'drainHost'] as const)(
    '%s refuses, saying the server is gone',
    (command) => {
      expect(ACTION_COMMANDS).toContain(command);
      let state = run(changed(), { type: 'move', by: 2 });
      const kernel = new FakeKernel();
      const actions = new FakeActions();
      const commands = createCommands({
        actions,
        dispatch: (e) => {
          state = reducer(state, e);
        },
        getState: () => state,
        refresh: () => {},
        exit: () => {},
        reads: { current: 1, last: 1 },
        readConnRows: (keep, max) => kernel.readConnRows(keep, max),
      });
      commands.command(command);
      expect(state.dialog).toBeUndefined();
      expect(state.status).toMatchObject({ kind: 'error' });
      expect(state.status?.text).toMatch(
        /: 198\.51\.100\.12:80 is gone \(no longer in the kernel table\): nothing to act on$/,
      );
    },
  );
});
