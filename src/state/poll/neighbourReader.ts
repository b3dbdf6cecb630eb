/** The neighbours reader: every few seconds, every interval while the ARP pane shows; only changes dispatched. */
import { errorLine } from '../../errors.js';
import type { Neighbour } from '../../kernel/neigh/types.js';
import type { MonitorSources } from '../../kernel/sources.js';
import { sameNeighbours } from '../compare.js';
import { type Clock, Loop } from '../loop.js';
import type { MonitorEvent } from '../model.js';

/** Neighbour refresh while the ARP pane is hidden. */
export const NEIGHBOUR_IDLE_MS = 5000;

export interface NeighbourReaderOptions {
  sources: Pick<MonitorSources, 'readNeighbours'>;
  dispatch: (e: MonitorEvent) => void;
  intervalMs: number;
  clock: Clock;
  /** While the ARP pane is hidden (default NEIGHBOUR_IDLE_MS). */
  idleMs?: number;
}

export class NeighbourReader {
  readonly loop: Loop;
  private visible = false;
  private failed = false;
  private last: Neighbour[] | undefined;

  constructor(private readonly o: NeighbourReaderOptions) {
    this.loop = new Loop(
      o.clock,
      (c) => this.poll(c),
      () => (this.visible ? o.intervalMs : (o.idleMs ?? NEIGHBOUR_IDLE_MS)),
    );
  }

  start(): void {
    this.loop.start();
  }

  stop(): void {
    this.loop.stop();
  }

  /** The ARP pane shows: read at once, then every interval. */
  setVisible(visible: boolean): void {
    const show = visible && !this.visible;
    this.visible = visible;
    if (show) this.loop.kick();
  }

  private async poll(current: () => boolean): Promise<void> {
    try {
      const neighbours = await this.o.sources.readNeighbours();
      if (!current() || (sameNeighbours(this.last, neighbours) && !this.failed)) return;
      this.last = neighbours;
      this.failed = false;
      this.o.dispatch({ type: 'neighbours', neighbours });
    } catch (e) {
      if (!current()) return;
      this.failed = true;
      this.o.dispatch({ type: 'pollError', source: 'neighbours', message: errorLine(e) });
    }
  }
}
