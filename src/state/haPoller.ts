/**
 * Reads the HA daemon on its own slow cadence: keepalived writes files on every signal, so it
 * is asked every HA_VISIBLE_MS while the HA pane shows and every HA_HIDDEN_MS otherwise (the
 * header's badge still needs its state); the synced-entry count, as costly as the connection
 * table, only while the pane shows.
 */
import { errorLine } from '../errors.js';
import type { HaReading } from '../kernel/keepalived/haReading.js';
import { type Clock, Loop, systemClock } from './loop.js';
import type { MonitorEvent } from './model.js';

export const HA_VISIBLE_MS = 2000;
export const HA_HIDDEN_MS = 5000;

export interface HaPollerOptions {
  read: (withSync: boolean) => Promise<HaReading>;
  dispatch: (e: MonitorEvent) => void;
  clock?: Clock;
}

export class HaPoller {
  private visible = false;
  private readonly loop: Loop;

  constructor(private readonly o: HaPollerOptions) {
    this.loop = new Loop(
      o.clock ?? systemClock,
      (current) => this.poll(current),
      () => (this.visible ? HA_VISIBLE_MS : HA_HIDDEN_MS),
    );
  }

  start(): void {
    this.loop.start();
  }

  stop(): void {
    this.loop.stop();
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
    try {
      const reading = await this.o.read(this.visible);
      if (current()) this.o.dispatch({ type: 'ha', reading });
    } catch (e) {
      if (current()) this.o.dispatch({ type: 'pollError', source: 'ha', message: errorLine(e) });
    }
  }
}
