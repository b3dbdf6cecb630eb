/**
 * FleetSession's reconnection on a fake clock and fake ssh processes: a session that ends is
 * started again after a backoff that doubles (1 s, 2 s, 4 s ... up to 30 s), starts over from 1 s
 * once a session delivered documents, and stops for good with stop(). The row goes stale with the
 * age of its last document meanwhile, ssh's reason kept.
 */
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { RemoteProcess } from '../../src/kernel/exec/sshCommand.js';
import { BACKOFF_MAX_MS, FleetSession } from '../../src/state/fleetSession.js';
import type { Clock } from '../../src/state/loop.js';

class FakeClock implements Clock {
  t = 0;
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private next = 0;
  now = (): number => this.t;
  setTimeout = (fn: () => void, ms: number): unknown => {
    const id = ++this.next;
    this.timers.push({ at: this.t + ms, fn, id });
    return id;
  };
  clearTimeout = (id: unknown): void => {
    this.timers = this.timers.filter((x) => x.id !== id);
  };
  /** Runs the timers due up to now + ms, in order. */
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      const due = this.timers.filter((x) => x.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((x) => x !== due);
      this.t = due.at;
      due.fn();
    }
    this.t = end;
  }
}

class FakeSsh extends EventEmitter implements RemoteProcess {
  stdout = new PassThrough();
  stderr = new PassThrough();
  killed = false;
  kill(): boolean {
    this.killed = true;
    return true;
  }
  /** ssh's last words and its exit, as a closed connection ends it. */
  fail(line: string): void {
    this.stderr.emit('data', Buffer.from(`${line}\n`));
    this.emit('close', 255, null);
  }
  document(seq: number): void {
    this.stdout.emit(
      'data',
      Buffer.from(`${JSON.stringify({ schema: 1, host: 'h', seq, takenAtMs: 0, services: [] })}\n`),
    );
  }
}

function setup() {
  const clock = new FakeClock();
  const started: FakeSsh[] = [];
  const s = new FleetSession({
    host: 'h',
    intervalS: 2,
    clock,
    start: () => {
      const p = new FakeSsh();
      started.push(p);
      return p;
    },
  });
  s.start();
  return { clock, started, s };
}

/** The times (ms after the first failure) at which the next sessions start, each failing at once. */
function retryTimes(clock: FakeClock, started: FakeSsh[], count: number): number[] {
  const times: number[] = [];
  const from = clock.t;
  while (times.length < count) {
    const n = started.length;
    started.at(-1)!.fail('ssh: connect to host h port 22: Connection refused');
    while (started.length === n) clock.advance(100);
    times.push(clock.t - from);
  }
  return times;
}

describe('FleetSession reconnects with backoff (fake clock)', () => {
  it("doubles from 1 s up to 30 s while sessions fail, unreachable with ssh's reason meanwhile", () => {
    const { clock, started, s } = setup();
    const at = retryTimes(clock, started, 7);
    const gaps = at.map((t, i) => t - (i === 0 ? 0 : at[i - 1]!));
    expect(gaps).toEqual([1000, 2000, 4000, 8000, 16_000, BACKOFF_MAX_MS, BACKOFF_MAX_MS]);
    expect(s.view()).toMatchObject({
      state: 'unreachable',
      reason: 'ssh: connect to host h port 22: Connection refused',
      sessions: 8,
    });
    s.stop();
  });

  it('stale with its age after documents stop; starts over from 1 s once a session delivered; stop() ends it', () => {
    const { clock, started, s } = setup();
    retryTimes(clock, started, 3); // the backoff has grown to 8 s
    started.at(-1)!.document(1);
    expect(s.view().state).toBe('reachable');
    clock.advance(500);
    started.at(-1)!.fail('Connection to h closed by remote host.');
    clock.advance(999);
    expect(started.length).toBe(4);
    clock.advance(1);
    expect(started.length).toBe(5); // 1 s after a session that delivered, not 8
    // That one hangs: the last document ages until stale (after three periods, and at least 7 s).
    clock.advance(5500);
    expect(s.view()).toMatchObject({ state: 'reachable', ageMs: 7000 });
    clock.advance(1100);
    expect(s.view()).toMatchObject({ state: 'stale', ageMs: 8100, reason: 'Connection to h closed by remote host.' });
    started.at(-1)!.document(2);
    expect(s.view()).toMatchObject({ state: 'reachable', ageMs: 0, reason: null });
    s.stop();
    expect(started.at(-1)!.killed).toBe(true);
    started.at(-1)!.emit('close', null, 'SIGTERM');
    clock.advance(60_000);
    expect(started.length).toBe(5);
  });
});
