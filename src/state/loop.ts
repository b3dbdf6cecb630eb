/**
 * One repeating read that never overlaps itself: the next run is scheduled
 * only after the current one ends, with a delay computed from how long it
 * took. Stopping bumps a generation so that a read still in flight cannot
 * deliver into a stopped (paused) monitor.
 */

/** Time and timers, injectable for tests. */
/**
 * A fixed-rate loop's next tick (tick n is due at start + n periods) once the read of tick `tick`
 * ended `elapsedMs` after the start: the next one not yet past, so a read that overran skips the
 * ticks it overran and never shifts the grid or stacks reads up.
 */
export const nextTick = (tick: number, elapsedMs: number, periodMs: number): number =>
  Math.max(tick + 1, Math.ceil(elapsedMs / periodMs));

export interface Clock {
  /** Milliseconds, monotonic when possible. */
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Monotonic (a wall-clock step must not make a rate negative or huge), timers from the global scope at call time. */
export const systemClock: Clock = {
  now: () => performance.timeOrigin + performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export class Loop {
  private timer: unknown;
  private running = false;
  private again = false;
  private active = false;
  private generation = 0;

  /**
   * @param job the read; `current()` turns false once the loop was stopped meanwhile
   * @param delay ms from the end of a run to the next, given the run's duration
   */
  constructor(
    private readonly clock: Clock,
    private readonly job: (current: () => boolean) => Promise<void>,
    private readonly delay: (durationMs: number) => number,
  ) {}

  get isActive(): boolean {
    return this.active;
  }

  start(): void {
    this.active = true;
    this.kick();
  }

  stop(): void {
    this.active = false;
    this.again = false;
    this.generation++;
    this.clearTimer();
  }

  /** Run now; if a run is in flight, run again right after it (never two at once). */
  kick(): void {
    if (!this.active) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.clearTimer();
    void this.run();
  }

  private clearTimer(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async run(): Promise<void> {
    this.running = true;
    const generation = this.generation;
    const start = this.clock.now();
    try {
      await this.job(() => this.active && generation === this.generation);
    } catch {
      // Jobs report their own errors as events; nothing may escape as an unhandled rejection.
    } finally {
      this.running = false;
    }
    if (!this.active) return;
    if (this.again) {
      this.again = false;
      void this.run();
      return;
    }
    this.timer = this.clock.setTimeout(
      () => {
        this.timer = undefined;
        void this.run();
      },
      Math.max(0, this.delay(this.clock.now() - start)),
    );
  }
}
