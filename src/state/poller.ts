/**
 * Drives MonitorSources: services every interval with real servers only for
 * the services on screen or selected (all of them on a small table), the
 * connection table on its own cadence adapted to how long it takes to read,
 * neighbours every few seconds (every interval while the ARP pane shows).
 * Reads of a kind never overlap; failures become events; reads that found
 * nothing changed dispatch nothing, so nothing re-renders.
 */
import { errorLine } from '../errors.js';
import type { Destination, Service, ServiceTable } from '../kernel/ipvs/types.js';
import type { Neighbour } from '../kernel/neigh/types.js';
import type { ConnTableSummary } from '../kernel/proc/types.js';
import type { MonitorSources } from '../kernel/sources.js';
import { sameDests, sameNeighbours, sameSummary, sameTable } from './compare.js';
import { type ServiceKey, serviceKey } from './keys.js';
import { type Clock, Loop, systemClock } from './loop.js';
import type { MonitorEvent } from './model.js';
import { FEW_SERVICES } from './snapshot.js';
import type { DestRead, PollSource } from './types.js';

export interface PollerOptions {
  sources: MonitorSources;
  dispatch: (e: MonitorEvent) => void;
  intervalMs: number;
  clock?: Clock;
  /** Up to this many services, read every service's real servers (default FEW_SERVICES = 50). */
  fewServices?: number;
  /** Neighbour refresh while the ARP pane is hidden (default 5000 ms). */
  neighbourIdleMs?: number;
}

/** The running poller, steered by the UI. */
export interface Poller {
  start(): void;
  stop(): void;
  /** Paused: no reads, and reads in flight deliver nothing. */
  setPaused(paused: boolean): void;
  /** Services whose real servers are on screen or selected; new ones are read at once. */
  setWantedDests(keys: Iterable<ServiceKey>): void;
  setArpVisible(visible: boolean): void;
  /** Read services and connections now (after an action changed them). */
  refresh(): void;
}

/** Connection-table reads wait at least this many times their own duration: a big table costs ≤ 20% of a core. */
export const CONN_DURATION_FACTOR = 4;

export function createPoller(o: PollerOptions): Poller {
  return new PollerImpl(o);
}

class PollerImpl implements Poller {
  private readonly clock: Clock;
  private readonly services: Loop;
  private readonly conn: Loop;
  private readonly neigh: Loop;
  private wanted = new Set<ServiceKey>();
  private arpVisible = false;
  private readonly errored = new Set<PollSource>();
  // Last dispatched reads, and since when later reads found them unchanged (see periodStart()).
  private lastTable: ServiceTable | undefined;
  private readonly lastDests = new Map<ServiceKey, readonly Destination[]>();
  private baselineAt: number | undefined;
  private readonly destBaseline = new Map<ServiceKey, number>();
  /** The last dispatch showed no change either (so deltas on screen are already 0). */
  private settled = false;
  private lastSummary: ConnTableSummary | undefined;
  private lastNeighbours: Neighbour[] | undefined;
  private watchdog: unknown;
  private overdueSent = false;
  private kickTimer: unknown;

  constructor(private readonly o: PollerOptions) {
    this.clock = o.clock ?? systemClock;
    const interval = o.intervalMs;
    // Fixed rate, but a slow kernel still gets a breather between dumps (keepalived shares its mutex).
    this.services = new Loop(
      this.clock,
      (c) => this.pollServices(c),
      (d) => Math.max(interval * 0.1, interval - d),
    );
    this.conn = new Loop(
      this.clock,
      (c) => this.pollConn(c),
      (d) => Math.max(interval, CONN_DURATION_FACTOR * d),
    );
    this.neigh = new Loop(
      this.clock,
      (c) => this.pollNeighbours(c),
      () => (this.arpVisible ? interval : (o.neighbourIdleMs ?? 5000)),
    );
  }

  start(): void {
    for (const l of [this.services, this.conn, this.neigh]) l.start();
  }

  stop(): void {
    for (const l of [this.services, this.conn, this.neigh]) l.stop();
    this.unwatch();
    if (this.kickTimer !== undefined) this.clock.clearTimeout(this.kickTimer);
    this.kickTimer = undefined;
  }

  setPaused(paused: boolean): void {
    if (paused === !this.services.isActive) return;
    if (paused) this.stop();
    else this.start();
  }

  setWantedDests(keys: Iterable<ServiceKey>): void {
    this.wanted = new Set(keys);
    const unseen = [...this.wanted].some((k) => !this.lastDests.has(k) && this.tableHas(k));
    // Debounced: holding an arrow key down must not turn into a dump per keystroke.
    if (unseen && this.kickTimer === undefined && this.services.isActive) {
      this.kickTimer = this.clock.setTimeout(() => {
        this.kickTimer = undefined;
        this.services.kick();
      }, 150);
    }
  }

  setArpVisible(visible: boolean): void {
    const show = visible && !this.arpVisible;
    this.arpVisible = visible;
    if (show) this.neigh.kick();
  }

  refresh(): void {
    this.services.kick();
    this.conn.kick();
  }

  private tableHas(key: ServiceKey): boolean {
    return this.lastTable?.services.some((s) => serviceKey(s) === key) ?? false;
  }

  private fail(source: PollSource, e: unknown): void {
    this.errored.add(source);
    this.o.dispatch({ type: 'pollError', source, message: errorLine(e) });
  }

  /** While a services read hangs, say so every interval (the header shows how stale the screen is). */
  private watch(startedAt: number): void {
    const check = (): void => {
      this.overdueSent = true;
      this.o.dispatch({ type: 'overdue', waitedMs: this.clock.now() - startedAt });
      this.watchdog = this.clock.setTimeout(check, this.o.intervalMs);
    };
    this.watchdog = this.clock.setTimeout(check, 2 * this.o.intervalMs);
  }

  private unwatch(): void {
    if (this.watchdog !== undefined) this.clock.clearTimeout(this.watchdog);
    this.watchdog = undefined;
  }

  private async pollServices(current: () => boolean): Promise<void> {
    const at = this.clock.now();
    this.watch(at);
    try {
      const table = await this.o.sources.readServices();
      const { reads, failed } = await this.readDests(table.services, current);
      if (current()) this.deliver(at, table, reads, failed);
    } catch (e) {
      if (current()) this.fail('services', e);
    } finally {
      this.unwatch();
    }
  }

  private async readDests(
    services: readonly Service[],
    current: () => boolean,
  ): Promise<{ reads: DestRead[]; failed: boolean }> {
    const all = services.length <= (this.o.fewServices ?? FEW_SERVICES);
    const reads: DestRead[] = [];
    let error: unknown;
    // One after another: one netlink socket, and the kernel serialises dumps under one mutex anyway.
    for (const service of services) {
      const key = serviceKey(service);
      if (!current()) break;
      if (!all && !this.wanted.has(key)) continue;
      const at = this.clock.now();
      try {
        reads.push({ key, dests: await this.o.sources.readDests(service), at });
      } catch (e) {
        error ??= e;
      }
    }
    if (error !== undefined && current()) this.fail('dests', error);
    return { reads, failed: error !== undefined };
  }

  private deliver(at: number, table: ServiceTable, reads: DestRead[], destsFailed: boolean): void {
    const changed =
      !sameTable(this.lastTable, table) || reads.some((r) => !sameDests(this.lastDests.get(r.key), r.dests));
    const recovering = this.errored.has('services') || (this.errored.has('dests') && !destsFailed) || this.overdueSent;
    if (!changed && this.settled && !recovering) {
      this.baselineAt = at;
      for (const r of reads) this.destBaseline.set(r.key, r.at);
      return;
    }
    const dests = reads.map((r) => ({ ...r, baselineAt: this.destBaseline.get(r.key) }));
    this.o.dispatch({ type: 'poll', at, table, baselineAt: this.baselineAt, dests, destsFailed });
    this.settled = !changed;
    this.baselineAt = undefined;
    this.lastTable = table;
    for (const r of reads) {
      this.lastDests.set(r.key, r.dests);
      this.destBaseline.delete(r.key);
    }
    this.forgetGone(table);
    this.errored.delete('services');
    if (!destsFailed) this.errored.delete('dests');
    this.overdueSent = false;
  }

  private forgetGone(table: ServiceTable): void {
    const alive = new Set(table.services.map(serviceKey));
    for (const k of this.lastDests.keys()) if (!alive.has(k)) this.lastDests.delete(k);
    for (const k of this.destBaseline.keys()) if (!alive.has(k)) this.destBaseline.delete(k);
  }

  private async pollConn(current: () => boolean): Promise<void> {
    try {
      const summary = await this.o.sources.readConnTable();
      if (!current() || (sameSummary(this.lastSummary, summary) && !this.errored.has('conn'))) return;
      this.lastSummary = summary;
      this.errored.delete('conn');
      this.o.dispatch({ type: 'conn', summary });
    } catch (e) {
      if (current()) this.fail('conn', e);
    }
  }

  private async pollNeighbours(current: () => boolean): Promise<void> {
    try {
      const neighbours = await this.o.sources.readNeighbours();
      if (!current() || (sameNeighbours(this.lastNeighbours, neighbours) && !this.errored.has('neighbours'))) return;
      this.lastNeighbours = neighbours;
      this.errored.delete('neighbours');
      this.o.dispatch({ type: 'neighbours', neighbours });
    } catch (e) {
      if (current()) this.fail('neighbours', e);
    }
  }
}
