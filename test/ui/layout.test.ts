/** Where everything goes from the terminal size alone; what the screen derives from the state. */
import { describe, expect, it } from 'vitest';
import { serviceKey } from '../../src/state/identity.js';
import { wantedDests } from '../../src/state/poll/plan.js';
import { serviceRows } from '../../src/state/view.js';
import { connColumns, headerTotals, knownAddresses } from '../../src/ui/derive.js';
import { totalsLine } from '../../src/ui/Header.js';
import { BOTTOM_LINES, bottomWidths, boxOf, computeLayout, HEADER_LINES } from '../../src/ui/layout.js';
import { noDests, poll, run, start } from '../state/build.js';
import { dest, group, service, summary, table } from './fakes.js';

describe('computeLayout', () => {
  it('shows one pane under tabs on a small terminal, one line short of its height', () => {
    const l = computeLayout(100, 24, 'connections');
    expect(l).toMatchObject({ mode: 'single', columns: 100, height: 23, bodyHeight: 23 - HEADER_LINES - BOTTOM_LINES });
    expect(l.grid).toEqual([[[{ pane: 'connections', width: 100, height: 19 }]]]);
    expect(boxOf(l, 'services')).toBeUndefined();
  });

  it.each([
    [160, 50],
    [120, 36],
    [200, 50],
  ])('shows all four panes at %dx%d: services on top, Connections beside ARP over Timeouts', (c, r) => {
    const l = computeLayout(c, r, 'arp');
    expect(l.mode).toBe('split');
    expect(l.grid.map((row) => row.map((stack) => stack.map((b) => b.pane)))).toEqual([
      [['services']],
      [['connections'], ['arp', 'timeouts']],
    ]);
    const bottom = l.grid[1]!;
    expect(bottom.reduce((w, stack) => w + stack[0]!.width, 0) + bottom.length - 1).toBe(c);
    expect(l.grid[0]![0]![0]!.height + bottom[0]![0]!.height).toBe(l.bodyHeight);
    expect(boxOf(l, 'arp')!.height + boxOf(l, 'timeouts')!.height).toBe(boxOf(l, 'connections')!.height);
    // Wide enough for what each pane owns: the connection counts, and an ARP row with an IPv6 link-local address.
    expect(boxOf(l, 'connections')!.width).toBeGreaterThanOrEqual(42);
    expect(boxOf(l, 'arp')!.width).toBeGreaterThanOrEqual(10 + 1 + 25 + 1 + 17 + 1 + 6 + 1 + 9);
    expect(boxOf(l, 'timeouts')!.height).toBeGreaterThanOrEqual(7);
  });

  it('gives Connections and ARP the widths their lines need, the spare to Connections', () => {
    // 200 columns: both fit; ARP gets its widest row, not a share with blank columns.
    const wide = computeLayout(200, 50, 'services', 0, false, { connections: 101, arp: 63 });
    expect([boxOf(wide, 'connections')!.width, boxOf(wide, 'arp')!.width]).toEqual([136, 63]);
    // 120 columns, short of room: the focused one of the two gets what it needs, the other the rest.
    const needs = { connections: 80, arp: 63 };
    expect(bottomWidths(119, needs, 'connections')).toEqual([80, 39]);
    expect(bottomWidths(119, needs, 'arp')).toEqual([56, 63]);
    // Neither focused: ARP's rows whole (Connections wraps its lines), while Connections keeps half.
    expect(bottomWidths(159, { connections: 100, arp: 63 }, 'services')).toEqual([96, 63]);
    expect(bottomWidths(119, needs, 'services')).toEqual([59, 60]);
    // Never below the least each needs: the connection counts, an ARP row's interface and address.
    expect(bottomWidths(119, { connections: 400, arp: 10 }, 'connections')).toEqual([83, 36]);
    expect(bottomWidths(119, { connections: 10, arp: 400 }, 'arp')).toEqual([42, 77]);
  });

  it('zoom shows the focused pane alone on a big terminal', () => {
    const l = computeLayout(200, 50, 'arp', 0, true);
    expect(l.mode).toBe('single');
    expect(l.grid).toEqual([[[{ pane: 'arp', width: 200, height: l.bodyHeight }]]]);
  });

  it.each([
    [119, 50],
    [160, 35],
  ])('stays single below 120x36 (%dx%d)', (c, r) => {
    expect(computeLayout(c, r, 'services').mode).toBe('single');
  });

  it('gives a dialog its lines and never goes below a usable minimum', () => {
    expect(computeLayout(100, 24, 'services', 6).bodyHeight).toBe(13);
    const tiny = computeLayout(5, 3, 'services', 10);
    expect(tiny).toMatchObject({ columns: 20, height: 6, bodyHeight: 1 });
  });
});

describe('derive', () => {
  it('totals the whole table; real servers marked incomplete while some are unread', () => {
    let s = poll(start(), 0, [service('192.0.2.1', 80, 100), service('192.0.2.2', 80, 10)], (x) =>
      x.address === '192.0.2.1' ? [dest('198.51.100.1')] : undefined,
    );
    // Polls a second apart: each change is one kernel tick's worth (2 s).
    const first = (x: { address: string }) => (x.address === '192.0.2.1' ? [dest('198.51.100.1')] : undefined);
    s = poll(s, 1000, [service('192.0.2.1', 80, 120), service('192.0.2.2', 80, 20)], first);
    s = run(s, { type: 'conn', summary: summary({ ESTABLISHED: 4 }, { NONE: 2 }) });
    expect(headerTotals(s)).toEqual({
      services: 2,
      dests: 1,
      destsComplete: false,
      conns: 4,
      templates: 2,
      rates: { cps: 15, inPps: 150, outPps: 135, inBps: 15_000, outBps: 75_000 },
    });
    expect(headerTotals(start())).toMatchObject({ services: 0, destsComplete: true, conns: undefined });
  });

  it("takes connections from the reading the rows show: the real servers' counts when every one was read", () => {
    // The rows: Act 2 + InAct 5 on each of two real servers, templates 3 on one; the table read says 114.
    const servers = () => [dest('198.51.100.11', 1, { persistentConns: 3 }), dest('198.51.100.12')];
    let s = poll(start(), 0, [service('192.0.2.1', 80, 100)], servers);
    s = run(s, { type: 'conn', summary: summary({ ESTABLISHED: 114 }) });
    expect(headerTotals(s)).toMatchObject({ conns: 14, templates: 3, connsAgeMs: undefined });
    // A large table reads only some services' real servers: the connection table's, with its age once it lags.
    const many = [service('192.0.2.1', 80, 100), service('192.0.2.2', 80, 10)];
    const some = (x: { address: string }) => (x.address === '192.0.2.1' ? servers() : undefined);
    const at = (takenAt: number) => ({ ...summary({ ESTABLISHED: 114 }), takenAt });
    let big = run(poll(start(), 0, many, some), { type: 'conn', summary: at(0) });
    expect(headerTotals(big)).toMatchObject({ conns: 114, connsAgeMs: undefined });
    big = poll(big, 1000, many, some, { table: { ...table(many), takenAt: 8000 } });
    expect(headerTotals(big)).toMatchObject({ conns: 114, connsAgeMs: 8000 });
    expect(totalsLine(headerTotals(big), false)).toMatch(/conn 114 \(8\.0s old\)/);
  });

  it("leaves the rates not known while a service's are not: no 0 beside rows of '-'", () => {
    let s = poll(start(), 0, [service('192.0.2.1', 80, 100)]);
    expect(headerTotals(s).rates).toBeUndefined();
    expect(totalsLine(headerTotals(s), false)).toMatch(/cps - {2}in - {2}out -$/);
    s = poll(s, 1000, [service('192.0.2.1', 80, 140), service('192.0.2.2', 80, 10)]);
    // A service new on the table has no rate yet: the total is not known either.
    expect(headerTotals(s).rates).toBeUndefined();
    s = poll(s, 2000, [service('192.0.2.1', 80, 140), service('192.0.2.2', 80, 10)]);
    s = poll(s, 3000, [service('192.0.2.1', 80, 180), service('192.0.2.2', 80, 20)]);
    expect(headerTotals(s).rates?.cps).toBe(25);
    // The kernel's estimates are always known.
    const kernelMode = run(poll(start(), 0, [service('192.0.2.1')]), { type: 'toggleRateMode' });
    expect(headerTotals(kernelMode).rates).toBeDefined();
  });

  it('connection columns: the whole table, then the selection', () => {
    const base = poll(start(), 0, [service('192.0.2.1')]);
    expect(connColumns(base)).toEqual({ columns: [{ label: 'all', counts: undefined }] });
    const s = run(
      base,
      {
        type: 'conn',
        summary: summary({ ESTABLISHED: 1 }, {}, [group('192.0.2.1', 80, '198.51.100.11', 80, { ESTABLISHED: 1 })]),
      },
      { type: 'move', by: 1 },
    );
    const { columns, unattributed } = connColumns(s);
    expect(columns.map((c) => c.label)).toEqual(['all', 'TCP 192.0.2.1:80', '-> 198.51.100.11:80']);
    expect(columns[2]!.counts).toEqual({ conns: { ESTABLISHED: 1 }, templates: {} });
    expect(unattributed).toBe(0);
  });

  it('knows VIPs and real-server addresses', () => {
    const s = poll(start(), 0, [service('192.0.2.1')]);
    const { vips, reals } = knownAddresses(s.services);
    expect([...vips]).toEqual(['192.0.2.1']);
    expect([...reals]).toEqual(['198.51.100.11', '198.51.100.12']);
  });

  it('wants real servers of the expanded services on screen, and of the selected one', () => {
    const many = Array.from({ length: 60 }, (_, i) => service(`198.18.0.${i}`));
    let s = poll(start(), 0, many, noDests);
    s = run(s, { type: 'viewport', servicesRows: 5, arpRows: 5 });
    expect([...wantedDests(serviceRows(s), s.svc.offset, s.svc.height, s.svc.selected)]).toEqual([
      serviceKey(many[0]!),
    ]);
    s = run(s, { type: 'move', by: 2 }, { type: 'toggleExpand' });
    const wanted = wantedDests(serviceRows(s), s.svc.offset, s.svc.height, s.svc.selected);
    expect(wanted).toEqual(new Set([serviceKey(many[2]!)]));
    s = run(s, { type: 'edge', to: 'first' });
    expect(wantedDests(serviceRows(s), s.svc.offset, s.svc.height, s.svc.selected)).toEqual(
      new Set([serviceKey(many[0]!), serviceKey(many[2]!)]),
    );
  });
});
