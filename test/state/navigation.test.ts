/** Keys as reducer events: movement, panes, expansion, sorting, the `/` filter, pause, rates, help. */
import { describe, expect, it } from 'vitest';
import { serviceKey } from '../../src/state/identity.js';
import { isNavEvent } from '../../src/state/navigation.js';
import { ARP_SORTS, type MonitorState, SERVICE_SORTS } from '../../src/state/types.js';
import { arpRows, serviceRows } from '../../src/state/view.js';
import { dest, neighbour, service, stats } from '../ui/fakes.js';
import { noDests, poll, run, start } from './build.js';

const two = () => poll(start(), 0, [service('192.0.2.1'), service('192.0.2.2')]); // 6 rows: svc, rs, rs, svc, rs, rs
const withNeighbours = (s: MonitorState) =>
  run(s, {
    type: 'neighbours',
    neighbours: [
      neighbour('198.51.100.11', 'eth1'),
      neighbour('192.0.2.1', 'eth0'),
      neighbour('10.0.0.9', 'eth0', { states: ['FAILED'] }),
    ],
  });

describe('movement', () => {
  it('moves within bounds, pages by the viewport, jumps to the edges', () => {
    let s = run(two(), { type: 'viewport', servicesRows: 2, arpRows: 2 }, { type: 'move', by: -1 });
    expect(s.svc.index).toBe(0);
    s = run(s, { type: 'page', dir: 1 });
    expect(s.svc.index).toBe(2);
    expect(s.svc.offset).toBe(1);
    s = run(s, { type: 'move', by: 100 });
    expect(s.svc.index).toBe(5);
    expect(s.svc.offset).toBe(4);
    s = run(s, { type: 'page', dir: -1 });
    expect(s.svc.index).toBe(3);
    s = run(s, { type: 'edge', to: 'first' });
    expect(s.svc).toMatchObject({ index: 0, offset: 0, selected: serviceKey(service('192.0.2.1')) });
    s = run(s, { type: 'edge', to: 'last' });
    expect(s.svc.selected).toBe(serviceRows(s)[5]!.id);
  });

  it('moves nothing of the services list from the Connections pane (its entries move) or Timeouts', () => {
    let s = run(two(), { type: 'focus', pane: 'connections' }, { type: 'move', by: 1 });
    expect(s.svc.index).toBe(0);
    s = run(s, { type: 'focus', pane: 'timeouts' });
    expect(run(s, { type: 'move', by: 1 })).toBe(s);
  });

  it('moves the neighbour selection in the ARP pane', () => {
    let s = withNeighbours(run(two(), { type: 'focus', pane: 'arp' }));
    expect(s.arp.index).toBe(0);
    s = run(s, { type: 'move', by: 1 });
    expect(s.arp.index).toBe(1);
    expect(s.arp.selected).toBe('3 192.0.2.1');
    expect(s.svc.index).toBe(0);
  });

  it('scrolls the Doctor pane by findings, within the list', () => {
    const finding = { severity: 'info', ruleId: 'x', where: 'w', what: 'w', why: 'y', remedy: 'r' } as const;
    let s = run(
      two(),
      { type: 'doctor', findings: [finding, finding, finding], notReadYet: [], at: 0 },
      { type: 'focus', pane: 'doctor' },
    );
    s = run(s, { type: 'move', by: 1 });
    expect(s.doctorTop).toBe(1);
    expect(s.svc.index).toBe(0);
    expect(run(s, { type: 'page', dir: 1 }).doctorTop).toBe(2);
    expect(run(s, { type: 'edge', to: 'first' }).doctorTop).toBe(0);
    expect(run(s, { type: 'move', by: -5 }).doctorTop).toBe(0);
  });

  it('does nothing on an empty list', () => {
    const s = start();
    expect(run(s, { type: 'move', by: 1 })).toBe(s);
  });
});

describe('panes', () => {
  it('Tab and Shift-Tab cycle the panes both ways; a number goes straight there', () => {
    let s = start();
    const seen: string[] = [];
    for (let i = 0; i < 7; i++) {
      s = run(s, { type: 'focus', pane: 'next' });
      seen.push(s.focus);
    }
    expect(seen).toEqual(['connections', 'timeouts', 'arp', 'doctor', 'ha', 'events', 'services']);
    s = run(s, { type: 'focus', pane: 'prev' });
    expect(s.focus).toBe('events');
    s = run(s, { type: 'focus', pane: 'timeouts' });
    expect(s.focus).toBe('timeouts');
  });
});

describe('expand and collapse', () => {
  it('Enter collapses and expands the selected service', () => {
    let s = run(two(), { type: 'toggleExpand' });
    expect(serviceRows(s).map((r) => r.kind)).toEqual(['service', 'service', 'dest', 'dest']);
    expect(serviceRows(s)[0]).toMatchObject({ expanded: false });
    s = run(s, { type: 'toggleExpand' });
    expect(serviceRows(s)).toHaveLength(6);
  });

  it('collapsing from a real server selects its service', () => {
    let s = poll(start(), 0, [service('192.0.2.1')]);
    s = run(s, { type: 'move', by: 2 }, { type: 'toggleExpand' });
    expect(serviceRows(s)).toHaveLength(1);
    expect(s.svc.selected).toBe(serviceKey(service('192.0.2.1')));
    expect(s.svc.index).toBe(0);
  });

  it('an expanded service whose real servers are not read yet, or has none, says so', () => {
    let s = poll(
      start(),
      0,
      Array.from({ length: 60 }, (_, i) => service(`198.18.0.${i}`)),
      noDests,
    );
    s = run(s, { type: 'toggleExpand' });
    expect(serviceRows(s)[1]).toMatchObject({ kind: 'note', text: 'reading real servers…' });
    const empty = poll(start(), 0, [service('192.0.2.1')], () => []);
    expect(serviceRows(empty)[1]).toMatchObject({ kind: 'note', text: 'no real servers' });
  });

  it('only in the Services pane', () => {
    const s = run(two(), { type: 'focus', pane: 'connections' });
    expect(run(s, { type: 'toggleExpand' })).toBe(s);
  });
});

describe('sorting', () => {
  it('s cycles every column and back; S reverses; a new column starts unreversed', () => {
    let s = two();
    const seen: string[] = [];
    for (let i = 0; i < SERVICE_SORTS.length; i++) {
      s = run(s, { type: 'sortNext' });
      seen.push(s.svc.sort);
    }
    expect(seen).toEqual([...SERVICE_SORTS.slice(1), 'address']);
    s = run(s, { type: 'sortReverse' });
    expect(s.svc.reverse).toBe(true);
    s = run(s, { type: 'sortReverse' });
    expect(s.svc.reverse).toBe(false);
    s = run(s, { type: 'sortReverse' }, { type: 'sortNext' });
    expect(s.svc).toMatchObject({ sort: 'cps', reverse: false });
  });

  it('sorts by CPS biggest first, and reversed', () => {
    let s = poll(
      start(),
      0,
      [service('192.0.2.1', 80, 0), service('192.0.2.2', 80, 0), service('192.0.2.3', 80, 0)],
      noDests,
    );
    s = poll(
      s,
      1000,
      [service('192.0.2.1', 80, 5), service('192.0.2.2', 80, 50), service('192.0.2.3', 80, 20)],
      noDests,
    );
    const order = (x: MonitorState) =>
      serviceRows(x)
        .filter((r) => r.kind === 'service')
        .map((r) => r.entry.service.address);
    expect(order(s)).toEqual(['192.0.2.1', '192.0.2.2', '192.0.2.3']);
    s = run(s, { type: 'sortNext' });
    expect(order(s)).toEqual(['192.0.2.2', '192.0.2.3', '192.0.2.1']);
    s = run(s, { type: 'sortReverse' });
    expect(order(s)).toEqual(['192.0.2.1', '192.0.2.3', '192.0.2.2']);
  });

  it('sorts real servers under their service by the same column', () => {
    const dests = () => [dest('198.51.100.1', 1, { stats: stats(1) }), dest('198.51.100.2', 1, { stats: stats(9) })];
    let s = poll(start(), 0, [service('192.0.2.1')], () => dests().map((d) => ({ ...d, stats: stats(0) })));
    s = poll(s, 1000, [service('192.0.2.1')], dests);
    s = run(s, { type: 'sortNext' });
    expect(
      serviceRows(s)
        .slice(1)
        .map((r) => (r.kind === 'dest' ? r.dest.dest.address : '')),
    ).toEqual(['198.51.100.2', '198.51.100.1']);
  });

  it('cycles the ARP columns in the ARP pane; nothing in Timeouts', () => {
    let s = run(start(), { type: 'focus', pane: 'arp' });
    const seen: string[] = [];
    for (let i = 0; i < ARP_SORTS.length; i++) {
      s = run(s, { type: 'sortNext' });
      seen.push(s.arp.sort);
    }
    expect(seen).toEqual([...ARP_SORTS.slice(1), 'iface']);
    expect(s.svc.sort).toBe('address');
    s = run(s, { type: 'sortReverse' });
    expect(s.arp.reverse).toBe(true);
    const t = run(s, { type: 'focus', pane: 'timeouts' });
    expect(run(t, { type: 'sortNext' })).toBe(t);
  });
});

describe('the / filter', () => {
  it('starts, filters as typed, is kept by Enter, cleared by Esc', () => {
    let s = run(two(), { type: 'filterStart' });
    expect(s.filterEdit).toEqual({ pane: 'services', previous: '' });
    s = run(s, { type: 'filterText', text: '2.2' });
    expect(
      serviceRows(s)
        .filter((r) => r.kind === 'service')
        .map((r) => r.entry.service.address),
    ).toEqual(['192.0.2.2']);
    expect(s.svc.selected).toBe(serviceKey(service('192.0.2.2'))); // the selection follows to what is shown
    s = run(s, { type: 'filterKeep' });
    expect(s.filterEdit).toBeUndefined();
    expect(s.svc.filter).toBe('2.2');
    s = run(s, { type: 'filterClear' });
    expect(s.svc.filter).toBe('');
    expect(serviceRows(s)).toHaveLength(6);
  });

  it('matches protocol, scheduler and real-server addresses, case-insensitively', () => {
    const s = poll(
      start(),
      0,
      [service('192.0.2.1'), { ...service('192.0.2.2', 53, 1, 17), scheduler: 'rr' }],
      (svc) => (svc.address === '192.0.2.1' ? [dest('198.51.100.7')] : [dest('198.51.100.8')]),
    );
    const shown = (text: string) =>
      serviceRows(run(s, { type: 'filterStart' }, { type: 'filterText', text }))
        .filter((r) => r.kind === 'service')
        .map((r) => r.entry.service.address);
    expect(shown('udp')).toEqual(['192.0.2.2']);
    expect(shown('WRR')).toEqual(['192.0.2.1']);
    expect(shown('100.8')).toEqual(['192.0.2.2']);
    expect(shown('nothing')).toEqual([]);
  });

  it('ignores text when no filter is being typed, and / in the Timeouts pane', () => {
    const s = two();
    expect(run(s, { type: 'filterText', text: 'x' })).toBe(s);
    const t = run(s, { type: 'focus', pane: 'timeouts' });
    expect(run(t, { type: 'filterStart' })).toBe(t);
  });

  it('filters the ARP pane by interface or address, apart from the services filter', () => {
    let s = withNeighbours(run(two(), { type: 'focus', pane: 'arp' }, { type: 'filterStart' }));
    expect(s.filterEdit?.pane).toBe('arp');
    s = run(s, { type: 'filterText', text: 'eth0' }, { type: 'filterKeep' });
    expect(arpRows(s).map((n) => n.address)).toEqual(['10.0.0.9', '192.0.2.1']);
    expect(s.svc.filter).toBe('');
    s = run(s, { type: 'filterClear' });
    expect(arpRows(s)).toHaveLength(3);
  });
});

describe('pause, rates, help', () => {
  it('toggles each', () => {
    let s = run(start(), { type: 'togglePause' }, { type: 'toggleRateMode' }, { type: 'help', open: true });
    expect(s).toMatchObject({ paused: true, rateMode: 'kernel', help: true });
    s = run(s, { type: 'togglePause' }, { type: 'toggleRateMode' }, { type: 'help', open: false });
    expect(s).toMatchObject({ paused: false, rateMode: 'delta', help: false });
  });

  it('tells navigation events from others', () => {
    expect(isNavEvent({ type: 'move' })).toBe(true);
    expect(isNavEvent({ type: 'poll' })).toBe(false);
    expect(isNavEvent({ type: 'dialogEdit' })).toBe(false);
  });
});
