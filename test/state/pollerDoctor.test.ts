/**
 * The poller's doctor loop on a manual clock: slow cadence, each check dispatched with its time,
 * and the poller's own reads (table, real servers, connection table) as all the doctor sees.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DoctorGatherer } from '../../src/doctor/gather.js';
import { diagnoseView } from '../../src/doctor/monitorDoctor.js';
import type { DoctorResult, DoctorView, Finding } from '../../src/doctor/types.js';
import type { ServiceId, ServiceTable } from '../../src/kernel/ipvs/types.js';
import type { HaReading } from '../../src/kernel/keepalived/haReading.js';
import type { MonitorEvent } from '../../src/state/model.js';
import { SWEEP_MIN_MS, SWEEP_ROUNDS } from '../../src/state/poll/doctorFeed.js';
import { createPoller, DOCTOR_INTERVAL_MS } from '../../src/state/poller.js';
import { dest, FakeKernel, NO_HA_DAEMON, service } from '../ui/fakes.js';
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

const result = (what: string): DoctorResult => ({ findings: [finding(what)], notReadYet: [] });

function setup(doctor: (view: DoctorView) => Promise<DoctorResult>, kernel = new FakeKernel()) {
  const clock = new ManualClock();
  const events: MonitorEvent[] = [];
  const poller = createPoller({ sources: kernel, doctor, dispatch: (e) => events.push(e), intervalMs: 1000, clock });
  const doctorEvents = () => events.filter((e) => e.type === 'doctor');
  return { clock, kernel, events, poller, doctorEvents };
}

describe('the doctor loop', () => {
  it('looks once the first table is read, then every 10 s, each check dispatched with its own time', async () => {
    const views: DoctorView[] = [];
    let what = 'one';
    const { clock, kernel, poller, doctorEvents } = setup(async (view) => {
      views.push(view);
      return result(what);
    });
    poller.start();
    await clock.advance(0);
    expect(views.length).toBeGreaterThan(0);
    await clock.advance(DOCTOR_INTERVAL_MS);
    const last = views.at(-1)!;
    expect(last.conns?.states).toEqual(kernel.conn.states);
    expect(last.services.map((s) => [s.service.address, s.dests.length])).toEqual([
      ['192.0.2.1', 3],
      ['192.0.2.2', 1],
    ]);
    // The same findings again: the pane's "checked" time still moves, and the findings keep their objects.
    const checks = doctorEvents();
    expect(checks.length).toBe(views.length);
    const [a, b] = checks.slice(-2) as Extract<MonitorEvent, { type: 'doctor' }>[];
    expect(b!.at).toBe(a!.at + DOCTOR_INTERVAL_MS);
    expect(b!.findings).toBe(a!.findings);
    expect(run(start(), a!, b!).doctor?.at).toBe(b!.at);
    what = 'two';
    const n = views.length;
    await clock.advance(DOCTOR_INTERVAL_MS - 1);
    expect(views).toHaveLength(n);
    await clock.advance(1);
    expect((doctorEvents().at(-1) as Extract<MonitorEvent, { type: 'doctor' }>).findings).toEqual([finding('two')]);
    poller.stop();
  });

  it('while the Doctor pane is hidden, dispatches only a change, and the check held back when the pane opens', async () => {
    let what = 'one';
    const { clock, poller, doctorEvents } = setup(async () => result(what));
    poller.start();
    await clock.advance(0);
    expect(doctorEvents()).toHaveLength(1);
    poller.doctor!.setVisible(false);
    // Two checks that found the same: no event, so no frame.
    await clock.advance(2 * DOCTOR_INTERVAL_MS);
    expect(doctorEvents()).toHaveLength(1);
    // A change comes out at once, pane or not.
    what = 'two';
    await clock.advance(DOCTOR_INTERVAL_MS);
    expect(doctorEvents()).toHaveLength(2);
    await clock.advance(DOCTOR_INTERVAL_MS);
    expect(doctorEvents()).toHaveLength(2);
    // The pane opens: the last check, with its own time, before the next one.
    const checkedAt = clock.now();
    await clock.advance(1);
    poller.doctor!.setVisible(true);
    const opened = doctorEvents().at(-1) as Extract<MonitorEvent, { type: 'doctor' }>;
    expect(doctorEvents()).toHaveLength(3);
    expect(opened.at).toBe(checkedAt);
    expect(opened.findings).toEqual([finding('two')]);
    // Shown: every check again, for its time.
    await clock.advance(DOCTOR_INTERVAL_MS);
    expect(doctorEvents()).toHaveLength(4);
    poller.stop();
  });

  it('while hidden, still clears an error with findings the same as the ones before it', async () => {
    let fail = false;
    const { clock, events, poller } = setup(async () => {
      if (fail) throw new Error('netlink: EPERM');
      return result('x');
    });
    poller.start();
    await clock.advance(0);
    poller.doctor!.setVisible(false);
    fail = true;
    await clock.advance(DOCTOR_INTERVAL_MS);
    expect(run(start(), ...events).errors.doctor).toBe('netlink: EPERM');
    fail = false;
    await clock.advance(DOCTOR_INTERVAL_MS);
    expect(run(start(), ...events).errors.doctor).toBeUndefined();
  });

  it('reports a doctor that fails as an error of its own, cleared by its next findings', async () => {
    let fail = true;
    const { clock, events, poller } = setup(async () => {
      if (fail) throw new Error('netlink: EPERM');
      return result('x');
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

describe("the doctor's HA daemon is the state's", () => {
  it('takes the reading and the daemon seen running from the state the reducer holds, when it looks', async () => {
    const clock = new ManualClock();
    const views: DoctorView[] = [];
    let state = start();
    const keepalived: HaReading = { ...NO_HA_DAEMON, daemon: 'keepalived', pid: 7 };
    const poller = createPoller({
      sources: new FakeKernel(),
      doctor: async (view) => {
        views.push(view);
        return result('x');
      },
      dispatch: () => {},
      intervalMs: 1000,
      clock,
      state: () => state,
    });
    poller.start();
    await clock.advance(0);
    expect(views.at(-1)).toMatchObject({ ha: undefined, haSeen: undefined });
    state = run(state, { type: 'ha', reading: keepalived });
    await clock.advance(DOCTOR_INTERVAL_MS);
    expect(views.at(-1)).toMatchObject({ ha: keepalived, haSeen: 'keepalived' });
    // keepalived stopped: the state still knows it ran here (its stop is a finding).
    state = run(state, { type: 'ha', reading: NO_HA_DAEMON });
    await clock.advance(DOCTOR_INTERVAL_MS);
    expect(views.at(-1)).toMatchObject({ ha: NO_HA_DAEMON, haSeen: 'keepalived' });
    poller.stop();
  });
});

describe("the doctor's reading is the poller's", () => {
  let gatherer: DoctorGatherer | undefined;
  afterEach(async () => {
    await gatherer?.close();
  });

  it('says a connection table not read yet as not read yet: no finding, no "run as root"', async () => {
    gatherer = new DoctorGatherer();
    const kernel = new FakeKernel();
    const services = [{ service: kernel.services[0]!, dests: kernel.dests.get('192.0.2.1')! }];
    const r = await diagnoseView(gatherer, { services, unreadServices: 0, conns: undefined });
    expect(r.notReadYet).toEqual(['connection table']);
    expect(r.findings.filter((f) => f.where === 'connection table')).toEqual([]);
    expect(r.findings.map((f) => f.remedy).join('\n')).not.toMatch(/run as root/);
  });

  it('never a second table read in flight, no dump by the doctor, every real server within a bounded sweep', async () => {
    const kernel = new FakeKernel();
    const many = 300;
    kernel.services = Array.from({ length: many }, (_, i) => service(`10.0.${i >> 8}.${i & 255}`));
    kernel.dests = new Map(
      kernel.services.map((s) => [
        s.address,
        [dest('198.51.100.11'), dest('198.51.100.13', 0, { activeConns: 0, inactiveConns: 0 })],
      ]),
    );
    const clock = new ManualClock();
    // Each dump takes 200 ms: a second read started meanwhile would overlap it.
    let inFlight = 0;
    let most = 0;
    const slow =
      <A extends unknown[], T>(f: (...a: A) => Promise<T>) =>
      async (...a: A): Promise<T> => {
        most = Math.max(most, ++inFlight);
        await new Promise((r) => clock.setTimeout(() => r(undefined), 200));
        inFlight--;
        return f(...a);
      };
    const readServices = kernel.readServices.bind(kernel);
    kernel.readServices = slow((): Promise<ServiceTable> => readServices());
    const perTick: number[] = [];
    const covered = new Set<string>();
    let coveredAtRead = 0;
    const readDests = kernel.readDests.bind(kernel);
    kernel.readDests = async (s: ServiceId) => {
      perTick[kernel.reads.services] = (perTick[kernel.reads.services] ?? 0) + 1;
      covered.add(s.address);
      if (covered.size === many && !coveredAtRead) coveredAtRead = kernel.reads.services;
      return readDests(s);
    };
    gatherer = new DoctorGatherer();
    const g = gatherer;
    const views: DoctorView[] = [];
    const results: DoctorResult[] = [];
    const events: MonitorEvent[] = [];
    const poller = createPoller({
      sources: kernel,
      // The monitor's own doctor: it is given no IPVS client, only what the poller read.
      doctor: async (view) => {
        views.push(view);
        const r = await diagnoseView(g, view);
        results.push(r);
        return r;
      },
      dispatch: (e) => events.push(e),
      intervalMs: 1000,
      clock,
    });
    poller.start();
    poller.refresh(); // a kick while the first read is in flight runs after it, not beside it
    // The gatherer's own reads (sysctls, routes, kernel log) are real I/O: they need real time to end.
    const step = async (ms: number) => {
      await clock.advance(ms);
      await new Promise((r) => setTimeout(r, 20));
    };
    await step(0);
    // Until the doctor has looked at the whole table (its own reads take real time on a loaded machine).
    const done = () => views.at(-1)?.unreadServices === 0 && results.length === views.length;
    for (let i = 0; i < 10 * SWEEP_ROUNDS && !done(); i++) await step(1000);
    poller.stop();
    expect(most).toBe(1);
    expect(coveredAtRead).toBeGreaterThan(0);
    // Every service's within SWEEP_ROUNDS reads, or SWEEP_MIN_MS when reads come faster (here: one a second).
    expect(coveredAtRead).toBeLessThanOrEqual(Math.max(SWEEP_ROUNDS, SWEEP_MIN_MS / 1000) + 1);
    // No burst: each table read brings at most a slice of the real servers.
    expect(Math.max(...perTick.filter(Boolean))).toBeLessThanOrEqual(Math.ceil(many / SWEEP_ROUNDS));
    expect(kernel.reads.dests).toBeLessThan(many * 2);
    // The first look says what is not read yet; later ones see every service with its real servers.
    expect(results[0]!.notReadYet).toContain(`real servers of ${many - views[0]!.services.length} of ${many} services`);
    expect(results[0]!.findings.map((f) => f.ruleId)).not.toContain('doctor.unchecked');
    const last = views.at(-1)!;
    expect(last.unreadServices).toBe(0);
    expect(last.services).toHaveLength(many);
    expect(results.at(-1)!.notReadYet).toEqual([]);
    const drained = results.at(-1)!.findings.filter((f) => f.ruleId === 'server.drained');
    expect(drained).toHaveLength(many);
  });
});
