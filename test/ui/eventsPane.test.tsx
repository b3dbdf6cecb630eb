/**
 * The Events pane: the monitor's log newest first, one event a line cut to the width, at 80x24;
 * a weight changed under the running monitor is its top line; the movement keys scroll it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { LoggedEvent } from '../../src/state/types.js';
import { App } from '../../src/ui/App.js';
import { width } from '../../src/ui/format/text.js';
import { EventsPane } from '../../src/ui/panes/EventsPane.js';
import { dest, FakeActions, FakeKernel, group, NO_HA_DAEMON, summary } from './fakes.js';
import { idle, plain, renderWithKeyboard, show, until } from './ink.js';

let unmount: (() => void) | undefined;
afterEach(() => unmount?.());

const TIME = /\d\d:\d\d:\d\d/;

/** The monitor over `k`, refreshing every 40 ms, at `size`. */
function renderMonitor(k: FakeKernel, size: { columns: number; rows: number }) {
  return renderWithKeyboard(
    (keyReads) => (
      <App
        sources={k}
        actions={new FakeActions()}
        host={{ hostname: 'lb1', kernelRelease: '6.1.0' }}
        config={{ intervalMs: 40, exact: false }}
        readOnly={false}
        keyReads={keyReads}
      />
    ),
    size,
  );
}

describe('the Events pane at 80x24', () => {
  it("shows a weight changed under it at the top, in the table's event words, nothing wider than 80", async () => {
    const k = new FakeKernel();
    const r = renderMonitor(k, { columns: 80, rows: 24 });
    unmount = r.unmount;
    const frame = (): string => plain(r.lastFrame());
    await until(() => frame().includes('198.51.100.13'), 5000);
    r.stdin.write('7');
    await until(() => frame().includes('[7 Events]'));
    expect(frame()).toContain('no events since the monitor started');
    k.dests.set('192.0.2.1', [dest('198.51.100.11', 5), dest('198.51.100.12'), dest('198.51.100.13', 0)]);
    await until(() => frame().includes('1 -> 5'), 5000);
    k.services = [...k.services, { ...k.services[0]!, address: '192.0.2.250', port: 8443, scheduler: 'wlc' }];
    await until(() => frame().includes('192.0.2.250'), 5000);
    await idle(() => r.frames.length);
    const lines = frame().split('\n');
    const tab = lines.findIndex((l) => l.includes('[7 Events]'));
    expect(lines[tab]).toMatch(/2 events {2}newest first$/);
    // Newest first: the service added after the weight change is above it.
    expect(lines[tab + 1]).toMatch(new RegExp(`^${TIME.source} {2}service -t 192\\.0\\.2\\.250:8443 added \\(wlc, `));
    expect(lines[tab + 2]).toMatch(
      new RegExp(`^${TIME.source} {2}weight of -t 192\\.0\\.2\\.1:80 -r 198\\.51\\.100\\.11:80: 1 -> 5$`),
    );
    expect(lines.length).toBeLessThanOrEqual(23);
    for (const l of lines) expect(width(l), l).toBeLessThanOrEqual(80);
  }, 15_000);
});

describe('one log, two panes', () => {
  it('the HA pane and syslog keep their HA and kernel-table lines; a SYN_RECV pile-up is in the Events pane only', async () => {
    const logged: string[] = [];
    const k = Object.assign(new FakeKernel(), {
      readHa: async () => NO_HA_DAEMON,
      logHaEvent: (line: string) => logged.push(line),
    });
    const r = renderMonitor(k, { columns: 120, rows: 40 });
    unmount = r.unmount;
    const frame = (): string => plain(r.lastFrame());
    await until(() => frame().includes('198.51.100.13') && k.reads.conn > 1, 5000);
    const states = { SYN_RECV: 30, ESTABLISHED: 10 };
    k.conn = { ...summary(states, {}, [group('192.0.2.1', 80, '198.51.100.11', 80, states)]), takenAt: Date.now() };
    k.dests.set('192.0.2.1', [dest('198.51.100.11', 5), dest('198.51.100.12'), dest('198.51.100.13', 0)]);
    r.stdin.write('7');
    await until(
      () => frame().includes('SYN_RECV piling up on -t 192.0.2.1:80: 30 of 40') && frame().includes('1 -> 5'),
      5000,
    );
    r.stdin.write('6');
    await until(() => frame().includes('[6 HA]') || frame().includes(' 6 HA'));
    await until(() => frame().includes('kernel: weight of -t 192.0.2.1:80 -r 198.51.100.11:80: 1 -> 5'));
    expect(frame()).toMatch(/\d\d:\d\d:\d\d kernel: weight of -t 192\.0\.2\.1:80 -r 198\.51\.100\.11:80: 1 -> 5/);
    expect(frame()).not.toContain('SYN_RECV piling');
    expect(logged).toEqual(['kernel: weight of -t 192.0.2.1:80 -r 198.51.100.11:80: 1 -> 5']);
  }, 15_000);
});

describe('EventsPane', () => {
  const ev = (i: number): LoggedEvent => ({
    at: Date.UTC(2026, 11, 5, 3, 0, i),
    from: 'table',
    text: `weight of -t 192.0.2.1:80 -r [2001:db8::${i}]:8080: 1 -> ${i} (and more words to cut at 80 columns)`,
  });
  const events = Array.from({ length: 40 }, (_, i) => ev(i));
  const pane = (top: number) => <EventsPane width={80} height={20} focused tabs={false} events={events} top={top} />;

  it('draws a page of events newest first, each on one line cut to the width, and which ones in its title', () => {
    const v = show(pane(0));
    const lines = v.lines();
    expect(lines[0]).toMatch(/ 7 Events +1-19 of 40 {2}newest first/);
    expect(lines).toHaveLength(20);
    expect(lines[1]).toMatch(/^\d\d:\d\d:39 {2}weight of .*::39\]:8080: 1 -> 39 \(and more/);
    expect(lines[19]).toMatch(/::21\]:8080: 1 -> 21 \(/);
    for (const l of lines) expect(width(l)).toBeLessThanOrEqual(80);
    expect(lines[1]!.endsWith('…')).toBe(true);
    v.unmount();
  });

  it('from its top when scrolled, never past the last full page', () => {
    const v = show(pane(30));
    const lines = v.lines();
    expect(lines[0]).toMatch(/22-40 of 40/);
    expect(lines[1]).toMatch(/::18\]:8080: 1 -> 18 \(/);
    expect(lines[19]).toMatch(/::0\]:8080: 1 -> 0 \(/);
    v.unmount();
  });
});
