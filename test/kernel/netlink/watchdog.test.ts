/** The socket's one timer for its requests: a request unanswered for its limit fails, and an idle socket stops it. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RequestWatchdog } from '../../../src/kernel/netlink/socket.js';

describe('the request watchdog', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function watchdog(limitMs: number) {
    const state = { running: false, expired: 0 };
    const dog = new RequestWatchdog(
      limitMs,
      () => state.running,
      () => {
        state.expired++;
        state.running = false;
      },
    );
    const send = () => {
      state.running = true;
      dog.sent();
    };
    return { state, dog, send };
  }

  it('fails a request unanswered for twice its limit, when it started the timer', () => {
    const { state, send } = watchdog(1000);
    send();
    vi.advanceTimersByTime(1999);
    expect(state.expired).toBe(0);
    vi.advanceTimersByTime(1);
    expect(state.expired).toBe(1);
  });

  it('fails a request sent while the timer ran never before its limit', () => {
    const { state, send } = watchdog(1000);
    send();
    vi.advanceTimersByTime(100);
    state.running = false;
    vi.advanceTimersByTime(899);
    send();
    vi.advanceTimersByTime(1000);
    expect(state.expired).toBe(0);
    vi.advanceTimersByTime(1);
    expect(state.expired).toBe(1);
  });

  it('never fails requests that each end in time, however many are sent', () => {
    const { state, send } = watchdog(1000);
    for (let i = 0; i < 100; i++) {
      send();
      vi.advanceTimersByTime(90);
      state.running = false;
    }
    expect(state.expired).toBe(0);
  });

  it('stops ticking once the socket is idle, and starts again at the next request', () => {
    const { state, send } = watchdog(1000);
    send();
    state.running = false;
    vi.advanceTimersByTime(2500);
    expect(vi.getTimerCount()).toBe(0);
    send();
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(2000);
    expect(state.expired).toBe(1);
  });
});
