/** The poller on a manual clock: what it reads when, and that it dispatches nothing when nothing changed. */
import { describe, expect, it } from 'vitest';
import { createPoller } from '../../src/state/poller.js';
import type { Clock } from '../../src/state/loop.js';
import type { MonitorEvent } from '../../src/state/model.js';
import { serviceKey } from '../../src/state/keys.js';
import { FakeKernel, service, stats } from '../ui/fakes.js';

/** Time moves only when a test says so; reads resolve in between. */
class ManualClock implements Clock {
  t = 0;
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private next = 1;
  now = (): number => this.t;
  setTimeout = (fn: () => void, ms: number): unknown => {
    const id = this.next++;
    this.timers.push({ at: this.t + ms, fn, id });
    return id;
  };
  clearTimeout = (h: unknown): void => {
    this.timers = this.timers.filter((x) => x.id !== h);
  };
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      await settle();
      const due = this.timers.filter((x) => x.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((x) => x !== due);
      this.t = due.at;
      due.fn();
    }
    this.t = end;
    await settle();
  }
}

const settle = async (): Promise<void> => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};

function setup(kernel = new FakeKernel(), fewServices?: number) {
  const clock = new ManualClock();
  const events: MonitorEvent[] = [];
  const poller = createPoller({ sources: kernel, dispatch: (e) => events.push(e), intervalMs: 1000, clock, fewServices });
  const polls = () => events.filter((e) => e.type === 'poll');
  return { clock, events, poller, kernel, polls };
}

describe('poller', () => {
  it('reads services every interval with every real server on a small table', async () => {
    const { clock, poller, kernel, polls } = setup();
    poller.start();
    await clock.advance(0);
    expect(polls()).toHaveLength(1);
    expect(polls()[0]).toMatchObject({ dests: [{ dests: expect.any(Array) }, { dests: expect.any(Array) }] });
    kernel.services = [service('192.0.2.1', 80, 101), service('192.0.2.2', 80, 50)];
    await clock.advance(1000);
    expect(kernel.reads.services).toBe(2);
    expect(polls()).toHaveLength(2);
    poller.stop();
  });

  it('dispatches nothing while the table does not change, then reports the change with the baseline', async () => {
    const { clock, poller, kernel, polls } = setup();
    poller.start();
    await clock.advance(0);
    kernel.services = [service('192.0.2.1', 80, 101), service('192.0.2.2', 80, 50)];
    await clock.advance(1000); // changed: dispatched
    await clock.advance(1000); // same: dispatched once more so that rates on screen fall to 0
    await clock.advance(3000); // same: nothing
    expect(kernel.reads.services).toBe(6);
    expect(polls()).toHaveLength(3);
    kernel.services = [service('192.0.2.1', 80, 102), service('192.0.2.2', 80, 50)];
    await clock.advance(1000);
    expect(polls()).toHaveLength(4);
    expect(polls()[3]).toMatchObject({ at: 6000, baselineAt: 5000 });
    poller.stop();
  });

  it('on a big table reads real servers only for the services wanted', async () => {
    const { clock, poller, kernel, polls } = setup(new FakeKernel(), 1);
    poller.start();
    await clock.advance(0);
    expect(kernel.reads.dests).toBe(0);
    const key = serviceKey(kernel.services[1]!);
    poller.setWantedDests([key]);
    await clock.advance(200); // debounced kick
    expect(kernel.reads.dests).toBe(1);
    expect(polls().at(-1)).toMatchObject({ dests: [{ key }] });
    poller.stop();
  });

  it('turns a failed read into an error event and recovers', async () => {
    const { clock, poller, kernel, events, polls } = setup();
    kernel.failServices = 'no answer from the kernel';
    poller.start();
    await clock.advance(0);
    expect(events).toContainEqual({ type: 'pollError', source: 'services', message: 'no answer from the kernel' });
    kernel.failServices = undefined;
    await clock.advance(1000);
    expect(polls()).toHaveLength(1);
    poller.stop();
  });

  it('says how long a hung read has been waiting', async () => {
    const kernel = new FakeKernel();
    kernel.readServices = () => new Promise(() => {});
    const { clock, poller, events } = setup(kernel);
    poller.start();
    await clock.advance(2500);
    expect(events).toContainEqual({ type: 'overdue', waitedMs: 2000 });
    poller.stop();
  });

  it('reads nothing while paused', async () => {
    const { clock, poller, kernel } = setup();
    poller.start();
    await clock.advance(0);
    poller.setPaused(true);
    await clock.advance(5000);
    expect(kernel.reads.services).toBe(1);
    poller.setPaused(false);
    await clock.advance(0);
    expect(kernel.reads.services).toBe(2);
    poller.stop();
  });

  it('spaces connection-table reads by how long they take', async () => {
    const kernel = new FakeKernel();
    const clock = new ManualClock();
    kernel.readConnTable = async () => {
      kernel.reads.conn++;
      clock.t += 600; // a big table: 600 ms a read
      return { ...kernel.conn };
    };
    const poller = createPoller({ sources: kernel, dispatch: () => {}, intervalMs: 1000, clock });
    poller.start();
    await clock.advance(10_000);
    // Each read is followed by 4 x 600 ms of rest: about 3 reads in 10 s, not 10.
    expect(kernel.reads.conn).toBeGreaterThanOrEqual(3);
    expect(kernel.reads.conn).toBeLessThanOrEqual(4);
    poller.stop();
  });
});

describe('counters', () => {
  it('fake stats are exact bigints', () => {
    expect(stats(3).connections).toBe(3n);
  });
});
