/**
 * The HA reader: the HA daemon on its own slow cadence. keepalived writes files on every signal, so it
 * is asked every HA_VISIBLE_MS while the HA pane shows and every HA_HIDDEN_MS otherwise (the
 * header's badge still needs its state); the synced-entry count, as costly as the connection
 * table, only while the pane shows. A failed read is held back and tried again soon: keepalived
 * that is starting answers `--signum` with nothing, or has not written its dump yet; only a
 * failure that persists is shown (one seen at the first frame of `lab --ha` was an ERROR).
 */
import { errorLine } from '../../errors.js';
import type { HaReading } from '../../kernel/keepalived/haReading.js';
import { sameHaReading } from '../compare.js';
import { type Clock, Loop, systemClock } from '../loop.js';
import type { MonitorEvent } from '../model.js';

export const HA_VISIBLE_MS = 2000;
export const HA_HIDDEN_MS = 5000;
/** How often the interface addresses are compared: a VIP added or removed reads keepalived at once. */
export const HA_ADDRESSES_MS = 500;
/** After a first failed read, the next comes this soon: what was not ready then is, most often. */
export const HA_RETRY_MS = 1000;

export interface HaReaderOptions {
  read: (withSync: boolean) => Promise<HaReading>;
  /** This host's addresses; when they change, keepalived is read without waiting for the next turn. */
  addresses?: () => string[];
  dispatch: (e: MonitorEvent) => void;
  clock?: Clock;
}

export class HaReader {
  private visible = false;
  private readonly loop: Loop;
  private readonly watch: Loop;
  private lastAddresses: string | undefined;
  /** Failed reads in a row; the first is held back (not read yet), the second shown. */
  private failures = 0;
  /** The reading last dispatched; none after a failure was (the next reading clears it, even the same one). */
  private lastShown: HaReading | undefined;
  /** The last reading found an HA daemon in our namespace. */
  private daemonRuns = false;

  constructor(private readonly o: HaReaderOptions) {
    const clock = o.clock ?? systemClock;
    this.loop = new Loop(
      clock,
      (current) => this.poll(current),
      (took) => {
        const period = this.failures === 1 ? HA_RETRY_MS : this.visible ? HA_VISIBLE_MS : HA_HIDDEN_MS;
        // At a fixed rate, not a fixed rest: a read of heartbeat is several cl_status processes (over
        // a second on a busy director), and a change must show within a period and a read. A quarter
        // period's rest at least, for a read slower than the period.
        return Math.max(period / 4, period - took);
      },
    );
    this.watch = new Loop(
      clock,
      async () => this.compareAddresses(),
      () => HA_ADDRESSES_MS,
    );
  }

  start(): void {
    this.loop.start();
    if (this.o.addresses) this.watch.start();
  }

  stop(): void {
    this.loop.stop();
    this.watch.stop();
  }

  /**
   * Only while an HA daemon runs here: with none, a VIP that comes or goes is no VRRP transition to read,
   * and the addresses are not asked for (a netlink dump of every interface, twice a second). A daemon
   * that starts is found at the next turn of the reads.
   */
  private compareAddresses(): void {
    if (!this.daemonRuns) {
      this.lastAddresses = undefined;
      return;
    }
    const now = [...(this.o.addresses?.() ?? [])].sort().join(' ');
    if (this.lastAddresses !== undefined && now !== this.lastAddresses) this.loop.kick();
    this.lastAddresses = now;
  }

  /** Paused: no reads, and a read in flight delivers nothing. */
  setPaused(paused: boolean): void {
    if (paused === !this.loop.isActive) return;
    if (paused) this.stop();
    else this.start();
  }

  setVisible(visible: boolean): void {
    const show = visible && !this.visible;
    this.visible = visible;
    if (show) this.loop.kick();
  }

  private async poll(current: () => boolean): Promise<void> {
    let event: MonitorEvent;
    try {
      const reading = await this.o.read(this.visible);
      event = { type: 'ha', reading };
      this.daemonRuns = reading.daemon !== null;
      this.failures = reading.error ? this.failures + 1 : 0;
    } catch (e) {
      event = { type: 'pollError', source: 'ha', message: errorLine(e) };
      this.failures++;
    }
    // The first failure in a row is not shown: the screen keeps what it had (or "not read yet").
    if (!current() || this.failures === 1) return;
    // The daemon said what it said last time: nothing to dispatch, so React and Ink build no frame for it.
    if (event.type === 'ha' && sameHaReading(this.lastShown, event.reading)) return;
    this.lastShown = event.type === 'ha' ? event.reading : undefined;
    this.o.dispatch(event);
  }
}
