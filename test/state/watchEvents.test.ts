/**
 * The event log's kinds beyond the HA daemon and the kernel table: the doctor's findings appearing
 * and clearing, SYN_RECV piling up and clearing, IPVS gone and back; and the log's scrolling.
 */
import { describe, expect, it } from 'vitest';
import { THRESHOLDS } from '../../src/doctor/thresholds.js';
import type { Finding } from '../../src/doctor/types.js';
import { EVENTS_KEPT, withEvents } from '../../src/state/eventLog.js';
import type { LoggedEvent, MonitorState } from '../../src/state/types.js';
import { group, service, summary } from '../ui/fakes.js';
import { poll, run, start } from './build.js';

const finding = (ruleId: string, where: string, what = 'something', severity: Finding['severity'] = 'warning') =>
  ({ ruleId, severity, where, what, why: 'because', remedy: 'fix it' }) satisfies Finding;

const diagnosis = (at: number, findings: Finding[], notReadYet: string[] = []) =>
  ({ type: 'doctor', at, findings, notReadYet }) as const;

const texts = (s: MonitorState): string[] => (s.events ?? []).map((e) => e.text);

describe("the doctor's findings", () => {
  it('appear and clear by rule and subject, their figures moving in between being no event', () => {
    const drained = finding(
      'server.drained',
      'TCP 192.0.2.1:80 -> 198.51.100.13:80',
      'weight 0 and no connections left',
      'info',
    );
    const spread = finding('service.spread-off-weights', 'TCP 192.0.2.1:80', '198.51.100.11:80 90 of 100');
    let s = run(start(), diagnosis(1000, [drained]));
    expect(s.events ?? []).toEqual([]); // the first look is where the log starts
    s = run(s, diagnosis(11_000, [drained, spread]));
    s = run(s, diagnosis(21_000, [drained, { ...spread, what: '198.51.100.11:80 95 of 100' }]));
    s = run(s, diagnosis(31_000, [spread]));
    expect(s.events).toEqual([
      {
        at: 11_000,
        from: 'doctor',
        text: 'doctor: WARN TCP 192.0.2.1:80: 198.51.100.11:80 90 of 100  [service.spread-off-weights]',
        warn: true,
      },
      {
        at: 31_000,
        from: 'doctor',
        text: 'doctor: cleared info TCP 192.0.2.1:80 -> 198.51.100.13:80  [server.drained]',
      },
    ]);
  });

  it('start after a look that read everything: what was not read yet does not appear', () => {
    const drained = finding('server.drained', 'TCP 192.0.2.9:80 -> 198.51.100.13:80');
    let s = run(start(), diagnosis(1000, [], ['real servers of 40 of 100 services']));
    s = run(s, diagnosis(11_000, [drained]));
    expect(texts(s)).toEqual([]);
    s = run(s, diagnosis(21_000, []));
    expect(texts(s)).toEqual(['doctor: cleared WARN TCP 192.0.2.9:80 -> 198.51.100.13:80  [server.drained]']);
  });

  it("leave the SYN_RECV pile-up to the connection table's own event", () => {
    const piling = finding('service.syn-recv-piling', 'TCP 192.0.2.1:80', '30 of 40 connections in SYN_RECV');
    const s = run(start(), diagnosis(1000, []), diagnosis(11_000, [piling]), diagnosis(21_000, []));
    expect(texts(s)).toEqual([]);
  });
});

describe('SYN_RECV piling up', () => {
  const svc = service('192.0.2.1');
  const table = (at: number) => poll(start(), at, [svc]);
  /** A read of the connection table at `at`: `syn` SYN_RECV and `est` ESTABLISHED entries of the service. */
  const read = (at: number, syn: number, est: number) => {
    const states = { SYN_RECV: syn, ESTABLISHED: est };
    return {
      type: 'conn',
      summary: { ...summary(states, {}, [group('192.0.2.1', 80, '198.51.100.11', 80, states)]), takenAt: at },
    } as const;
  };
  const many = THRESHOLDS.synRecvPileup;

  it("begins and clears at the doctor's threshold, dated by the read", () => {
    const s = run(table(0), read(1000, 2, 50), read(2000, many, 50), read(3000, many + 5, 50), read(4000, 3, 50));
    expect(s.events).toEqual([
      {
        at: 2000,
        from: 'conn',
        text: `SYN_RECV piling up on -t 192.0.2.1:80: ${many} of ${many + 50} connections in SYN_RECV`,
        warn: true,
      },
      { at: 4000, from: 'conn', text: 'SYN_RECV pile-up on -t 192.0.2.1:80 cleared: 3 of 53 connections in SYN_RECV' },
    ]);
  });

  it("is not one on a busy service where SYN_RECV is under the doctor's share", () => {
    const busy = Math.ceil(many / THRESHOLDS.synRecvShare) * 2;
    expect(run(table(0), read(1000, 0, busy), read(2000, many, busy)).events ?? []).toEqual([]);
  });

  it('changes nothing on a read cut short, nor on the first read', () => {
    const cut = read(2000, 0, 50);
    const s = run(table(0), read(1000, many, 0), { type: 'conn', summary: { ...cut.summary, truncated: 'time' } });
    expect(s.events ?? []).toEqual([]);
    expect(texts(run(s, read(3000, 0, 50)))).toEqual([
      'SYN_RECV pile-up on -t 192.0.2.1:80 cleared: 0 of 50 connections in SYN_RECV',
    ]);
  });
});

describe('IPVS', () => {
  const gone = 'IPVS is unavailable (ENOENT): load the ip_vs module (modprobe ip_vs) or use a kernel with IPVS';

  it('gone from the kernel is one event however many reads fail, and back is one with how long it was away', () => {
    let s = poll(start(), 1000, [service('192.0.2.1')]);
    s = run(s, { type: 'ipvsAbsent', message: gone, at: 2000 }, { type: 'ipvsAbsent', message: gone, at: 3000 });
    s = poll(s, 14_000, [service('192.0.2.1'), service('192.0.2.2')]);
    s = poll(s, 15_000, [service('192.0.2.1'), service('192.0.2.2')]);
    expect(s.events).toEqual([
      { at: 2000, from: 'ipvs', text: `IPVS gone: ${gone}`, warn: true },
      { at: 14_000, from: 'ipvs', text: 'IPVS back after 12 s: 2 services' },
    ]);
  });
});

describe('the log', () => {
  const ev = (at: number): LoggedEvent => ({ at, from: 'table', text: String(at) });

  it('keeps its newest events; the cursor scrolls the view, and both stay on their events as new ones come', () => {
    let s = withEvents(
      start(),
      Array.from({ length: 20 }, (_, i) => ev(i)),
    );
    s = { ...s, focus: 'events', eventsView: { top: 0, cursor: 0, rows: 5 } };
    s = run(s, { type: 'move', by: 3 });
    expect(s.eventsView).toMatchObject({ top: 0, cursor: 3 }); // on screen: no scroll
    s = run(s, { type: 'move', by: 4 });
    expect(s.eventsView).toMatchObject({ top: 3, cursor: 7 }); // events 16 down to 12 on screen, 12 under the cursor
    const at = (n: number) => s.events?.[s.events.length - 1 - n]?.text;
    s = withEvents(s, [ev(20), ev(21)]);
    expect(s.eventsView).toMatchObject({ top: 5, cursor: 9 });
    expect([at(s.eventsView.top), at(s.eventsView.cursor)]).toEqual(['16', '12']);
    s = run(s, { type: 'edge', to: 'last' });
    expect(s.eventsView).toMatchObject({ top: 22 - 5, cursor: 21 }); // the last page full, the oldest under the cursor
    s = run(s, { type: 'move', by: -1 });
    expect(s.eventsView).toMatchObject({ top: 22 - 5, cursor: 20 });
    s = run(s, { type: 'page', dir: -1 }, { type: 'edge', to: 'first' });
    expect(s.eventsView).toMatchObject({ top: 0, cursor: 0 });
    s = withEvents(
      s,
      Array.from({ length: EVENTS_KEPT }, (_, i) => ev(100 + i)),
    );
    expect(s.events).toHaveLength(EVENTS_KEPT);
    expect(s.eventsView).toMatchObject({ top: 0, cursor: 0 }); // at the top it follows the newest
  });
});
