/** While a services read hangs, says every interval how long the kernel has been silent (the header shows STALE). */
import type { Clock } from '../loop.js';
import type { MonitorEvent } from '../model.js';

export class Watchdog {
  private timer: unknown;
  /** An overdue event went out since the last read that was delivered. */
  sent = false;

  constructor(
    private readonly clock: Clock,
    private readonly intervalMs: number,
    private readonly dispatch: (e: MonitorEvent) => void,
  ) {}

  /** A read started; `since`: when the kernel last answered (or this read's start). */
  watch(since: number): void {
    const check = (): void => {
      this.sent = true;
      this.dispatch({ type: 'overdue', waitedMs: this.clock.now() - since });
      this.timer = this.clock.setTimeout(check, this.intervalMs);
    };
    // Once stale, a retry that hangs again keeps the age going; a first hang gets one interval of grace.
    this.timer = this.clock.setTimeout(check, (this.sent ? 1 : 2) * this.intervalMs);
  }

  unwatch(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
