/** The poller's doctor loop on a manual clock: slow cadence, the last connection table, changes only. */
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/doctor/types.js';
import type { ConnTableSummary } from '../../src/kernel/proc/types.js';
import type { MonitorEvent } from '../../src/state/model.js';
import { createPoller, DOCTOR_INTERVAL_MS } from '../../src/state/poller.js';
import { FakeKernel } from '../ui/fakes.js';
import { run, start } from './build.js';
import { ManualClock } from './manualClock.js';

const finding = (what: string): Finding => ({
  ruleId: 'server.drained',
  severity: 'info',
  where: 'TCP 192.0.2.1:80 -> 198.51.100.13:80',
  what,
  why: 'why.',
  remedy: 'fix',
});

describe('the doctor loop', () => {
  it('runs every 10 s over the last connection table, and dispatches only what changed', async () => {
    const clock = new ManualClock();
    const kernel = new FakeKernel();
    const events: MonitorEvent[] = [];
    const given: (ConnTableSummary | undefined)[] = [];
    let what = 'one';
    const doctor = async (conns: ConnTableSummary | undefined) => {
      given.push(conns);
      return [finding(what)];
    };
    const poller = createPoller({ sources: kernel, doctor, dispatch: (e) => events.push(e), intervalMs: 1000, clock });
    poller.start();
    await clock.advance(0);
    await clock.advance(DOCTOR_INTERVAL_MS);
    expect(given).toHaveLength(2);
    expect(given[1]?.states).toEqual(kernel.conn.states);
    const doctorEvents = () => events.filter((e) => e.type === 'doctor');
    expect(doctorEvents()).toHaveLength(1); // the same findings twice
    what = 'two';
    await clock.advance(DOCTOR_INTERVAL_MS - 1);
    expect(given).toHaveLength(2);
    await clock.advance(1);
    expect(doctorEvents()).toHaveLength(2);
    poller.stop();
  });

  it('reports a doctor that fails as an error of its own, cleared by its next findings', async () => {
    const clock = new ManualClock();
    const events: MonitorEvent[] = [];
    let fail = true;
    const doctor = async () => {
      if (fail) throw new Error('netlink: EPERM');
      return [finding('x')];
    };
    const poller = createPoller({
      sources: new FakeKernel(),
      doctor,
      dispatch: (e) => events.push(e),
      intervalMs: 1000,
      clock,
    });
    poller.start();
    await clock.advance(0);
    let s = run(start(), ...events);
    expect(s.errors.doctor).toBe('netlink: EPERM');
    fail = false;
    events.length = 0;
    await clock.advance(DOCTOR_INTERVAL_MS);
    s = run(s, ...events);
    expect(s.errors.doctor).toBeUndefined();
    expect(s.doctor?.findings).toEqual([finding('x')]);
    poller.stop();
  });
});
