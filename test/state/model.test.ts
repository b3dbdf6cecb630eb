/** The reducer: polls become rows with rates; keys move a selection that survives polls. */
import { describe, expect, it } from 'vitest';
import { initialState, reducer, type MonitorEvent, type MonitorState } from '../../src/state/model.js';
import { serviceRows, selectedService } from '../../src/state/view.js';
import { serviceKey } from '../../src/state/keys.js';
import { parseTimeout, parseTimeouts, checkInterface, TIMEOUT_MAX_S } from '../../src/state/validate.js';
import { counterDelta, deltaRates } from '../../src/state/rates.js';
import { dest, service, stats } from '../ui/fakes.js';
import type { Service } from '../../src/kernel/ipvs/types.js';

const table = (services: Service[]) => ({ takenAt: 0, latencyMs: 1, info: { versionCode: 66049, version: '1.2.1', connTableSize: 4096 }, timeouts: { tcp: 900, tcpFin: 120, udp: 300 }, daemons: [], services });

function poll(state: MonitorState, at: number, services: Service[], withDests = true): MonitorState {
  const dests = withDests ? services.map((s) => ({ key: serviceKey(s), dests: [dest('198.51.100.11'), dest('198.51.100.12')], at })) : [];
  return reducer(state, { type: 'poll', at, table: table(services), dests });
}

const run = (s: MonitorState, ...events: MonitorEvent[]): MonitorState => events.reduce(reducer, s);
const start = () => initialState({ intervalMs: 1000, exact: false });

describe('polls', () => {
  it('computes rates over the real elapsed time, not the nominal interval', () => {
    let s = poll(start(), 0, [service('192.0.2.1', 80, 100)]);
    s = poll(s, 2000, [service('192.0.2.1', 80, 300)]);
    expect(s.services[0]!.delta!.cps).toBe(100);
    expect(s.periodMs).toBe(2000);
  });

  it('never shows a negative rate when counters were zeroed', () => {
    let s = poll(start(), 0, [service('192.0.2.1', 80, 1000)]);
    s = poll(s, 1000, [service('192.0.2.1', 80, 5)]);
    expect(s.services[0]!.delta!.cps).toBe(5);
    expect(counterDelta(2n ** 63n, 2n ** 63n + 10n)).toBe(10n);
    expect(deltaRates(stats(10), stats(10), 0).cps).toBe(0);
  });

  it('keeps the selection on the same service when the table reorders', () => {
    let s = poll(start(), 0, [service('192.0.2.1'), service('192.0.2.2')]);
    s = run(s, { type: 'edge', to: 'last' });
    const chosen = s.svc.selected;
    expect(chosen).toContain('192.0.2.2');
    s = poll(s, 1000, [service('192.0.2.0'), service('192.0.2.2'), service('192.0.2.1')]);
    expect(s.svc.selected).toBe(chosen);
    expect(selectedService(s)?.service.address).toBe('192.0.2.2');
  });

  it('opens small tables expanded and big ones collapsed', () => {
    const small = poll(start(), 0, [service('192.0.2.1')]);
    expect(serviceRows(small).map((r) => r.kind)).toEqual(['service', 'dest', 'dest']);
    const many = Array.from({ length: 60 }, (_, i) => service(`198.18.0.${i}`));
    const big = poll(start(), 0, many, false);
    expect(serviceRows(big).every((r) => r.kind === 'service')).toBe(true);
  });

  it('records errors per source and clears them on the next good read', () => {
    let s = run(start(), { type: 'pollError', source: 'services', message: 'EPERM' });
    expect(s.errors).toEqual({ services: 'EPERM' });
    s = poll(s, 0, [service('192.0.2.1')]);
    expect(s.errors).toEqual({});
  });
});

describe('keys', () => {
  it('moves within bounds and pages by the viewport', () => {
    let s = poll(start(), 0, [service('192.0.2.1'), service('192.0.2.2')]);
    s = run(s, { type: 'viewport', servicesRows: 2, arpRows: 2 }, { type: 'move', by: -1 });
    expect(s.svc.index).toBe(0);
    s = run(s, { type: 'page', dir: 1 });
    expect(s.svc.index).toBe(2);
    expect(s.svc.offset).toBe(1);
    s = run(s, { type: 'move', by: 100 });
    expect(s.svc.index).toBe(5);
  });

  it('collapsing from a real server selects its service', () => {
    let s = poll(start(), 0, [service('192.0.2.1')]);
    s = run(s, { type: 'move', by: 2 }, { type: 'toggleExpand' });
    expect(serviceRows(s)).toHaveLength(1);
    expect(s.svc.selected).toBe(serviceKey(service('192.0.2.1')));
  });

  it('cycles sort columns, reverses, and filters', () => {
    let s = poll(start(), 0, [service('192.0.2.1'), service('192.0.2.2')]);
    s = run(s, { type: 'sortNext' });
    expect(s.svc.sort).toBe('cps');
    s = run(s, { type: 'sortReverse' });
    expect(s.svc.reverse).toBe(true);
    s = run(s, { type: 'filterStart' }, { type: 'filterText', text: '2.2' }, { type: 'filterKeep' });
    expect(serviceRows(s).filter((r) => r.kind === 'service')).toHaveLength(1);
    s = run(s, { type: 'filterClear' });
    expect(s.svc.filter).toBe('');
  });

  it('edits dialog fields: typing, backspace, Tab', () => {
    let s = run(start(), { type: 'dialogOpen', dialog: { kind: 'timeouts', fields: ['900', '120', '300'], field: 0 } });
    s = run(s, { type: 'dialogBackspace' }, { type: 'dialogInput', text: '1' }, { type: 'dialogField', dir: 1 }, { type: 'dialogInput', text: '\x1b[A5' });
    expect(s.dialog).toMatchObject({ fields: ['901', '120[A5', '300'], field: 1 });
  });
});

describe('validation', () => {
  it.each([
    ['0', 0], ['15', 15], [' 900 ', 900], [String(TIMEOUT_MAX_S), TIMEOUT_MAX_S],
  ])('accepts %j', (text, value) => {
    expect(parseTimeout(text)).toEqual({ ok: true, value });
  });

  it.each(['', '-1', '1.5', '1e3', 'abc', String(TIMEOUT_MAX_S + 1)])('refuses %j', (text) => {
    expect(parseTimeout(text).ok).toBe(false);
  });

  it('names the first bad field and refuses all zeros', () => {
    expect(parseTimeouts(['10', 'x', '5'])).toMatchObject({ ok: false, field: 1, message: expect.stringMatching(/^tcpfin:/) });
    expect(parseTimeouts(['0', '0', '0']).ok).toBe(false);
    expect(parseTimeouts(['0', '30', '0'])).toEqual({ ok: true, value: { tcp: 0, tcpFin: 30, udp: 0 } });
  });

  it('accepts only interfaces the host has', () => {
    expect(checkInterface('eth0', ['lo', 'eth0'])).toEqual({ ok: true, value: 'eth0' });
    expect(checkInterface('eth9', ['lo', 'eth0']).ok).toBe(false);
  });
});
