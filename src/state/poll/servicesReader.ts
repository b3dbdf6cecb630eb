/**
 * The services reader: the table every interval (a large one at most every TABLE_DURATION_FACTOR
 * times its read, IPVS absent with a backoff), with real servers only for the services on screen
 * or selected (all of them on a small table). A read that found nothing changed dispatches nothing,
 * so nothing re-renders; a read that hangs is told by the watchdog.
 */
import { errorLine } from '../../errors.js';
import { IpvsAbsentError } from '../../kernel/ipvs/client.js';
import type { Destination, Service, ServiceTable } from '../../kernel/ipvs/types.js';
import type { MonitorSources } from '../../kernel/sources.js';
import { sameDests, sameTable } from '../compare.js';
import { type ServiceKey, serviceKey } from '../identity.js';
import { type Clock, Loop } from '../loop.js';
import type { MonitorEvent } from '../model.js';
import { IDLE_AFTER_MS } from '../rates.js';
import { FEW_SERVICES } from '../snapshot.js';
import type { DestRead } from '../types.js';
import { Watchdog } from './watchdog.js';

/**
 * From this many services on, a whole-table read waits at least TABLE_DURATION_FACTOR times its
 * own duration (its cost bounded to a tenth of a core): at kube-proxy scale (10,000 services) a
 * dump every interval would cost more than `watch ipvsadm` on a slow machine, and keys would
 * queue behind it. On a director a dump of 10,000 services takes well under the interval's
 * tenth, so this slows nothing there. The header says how often the table is read when it does.
 */
export const LARGE_TABLE = 2000;
export const TABLE_DURATION_FACTOR = 10;

/** While IPVS is absent, services reads back off (doubling the interval) up to this, to notice its return soon. */
export const ABSENT_RETRY_MAX_MS = 5000;

/** A held arrow key must not turn into a dump per keystroke: new wanted real servers are read this much later. */
const WANTED_DEBOUNCE_MS = 150;

export interface ServicesReaderOptions {
  sources: Pick<MonitorSources, 'readServices' | 'readDests'>;
  dispatch: (e: MonitorEvent) => void;
  intervalMs: number;
  clock: Clock;
  /** Up to this many services, read every service's real servers (default FEW_SERVICES = 50). */
  fewServices?: number;
  /** After each table read, in the same turn (so no other table read runs beside it): the doctor's share. */
  afterRead?: (table: ServiceTable, reads: DestRead[], current: () => boolean) => Promise<void>;
  /** IPVS went away: what was read of it is gone. */
  onAbsent?: () => void;
}

/** The last table delivered and its real servers, as the other readers see them; `absent`: IPVS is. */
export interface TableRead {
  readonly table: ServiceTable | undefined;
  destsOf(key: ServiceKey): readonly Destination[] | undefined;
  /** Whether the last table delivered has this service (looked up in its index, built once per table). */
  has(key: ServiceKey): boolean;
  readonly absent: boolean;
}

export class ServicesReader implements TableRead {
  readonly loop: Loop;
  private readonly watchdog: Watchdog;
  private wanted = new Set<ServiceKey>();
  private kickTimer: unknown;
  private failed = { services: false, dests: false };
  // The last delivered read: later reads that change nothing are not dispatched.
  private lastTable: ServiceTable | undefined;
  private readonly lastDests = new Map<ServiceKey, readonly Destination[]>();
  // When each thing was last read, dispatched or not: rates need the read before a change (rates.ts).
  private lastReadAt = -Infinity;
  private readonly destsReadAt = new Map<ServiceKey, number>();
  /** Reads not dispatched since the last dispatch. */
  private skipped = 0;
  /** Time of the latest read in the last dispatch that changed something. */
  private lastChangeAt = -Infinity;
  /** Nothing changed for IDLE_AFTER_MS and that was dispatched (rates on screen are 0). */
  private settled = false;
  /** Consecutive services reads that found IPVS absent (the backoff's exponent). */
  private absentReads = 0;
  /** When the kernel last answered a services read. */
  private answeredAt: number | undefined;
  /** Where each service of the last table is, by key (for the wanted real servers): placesOf. */
  private byKey: { services: readonly Service[]; at: Map<ServiceKey, number> } | undefined;
  /** The table's read period last dispatched (undefined: every interval). */
  private tableEveryMs: number | undefined;

  constructor(private readonly o: ServicesReaderOptions) {
    this.watchdog = new Watchdog(o.clock, o.intervalMs, o.dispatch);
    this.loop = new Loop(
      o.clock,
      (c) => this.poll(c),
      (d) => this.nextRead(d),
    );
  }

  get table(): ServiceTable | undefined {
    return this.lastTable;
  }

  get absent(): boolean {
    return this.absentReads > 0;
  }

  destsOf(key: ServiceKey): readonly Destination[] | undefined {
    return this.lastDests.get(key);
  }

  start(): void {
    this.loop.start();
  }

  stop(): void {
    this.loop.stop();
    this.watchdog.unwatch();
    if (this.kickTimer !== undefined) this.o.clock.clearTimeout(this.kickTimer);
    this.kickTimer = undefined;
  }

  /** Services whose real servers are on screen or selected; new ones are read soon (debounced). */
  setWanted(keys: Iterable<ServiceKey>): void {
    this.wanted = new Set(keys);
    const unseen = [...this.wanted].some((k) => !this.lastDests.has(k) && this.has(k));
    if (unseen && this.kickTimer === undefined && this.loop.isActive) {
      this.kickTimer = this.o.clock.setTimeout(() => {
        this.kickTimer = undefined;
        this.loop.kick();
      }, WANTED_DEBOUNCE_MS);
    }
  }

  // Fixed rate, but a slow kernel still gets a breather between dumps (keepalived shares its mutex).
  private nextRead(took: number): number {
    const interval = this.o.intervalMs;
    if (this.absentReads > 0)
      return Math.min(Math.max(interval, ABSENT_RETRY_MAX_MS), interval * 2 ** this.absentReads);
    const large = (this.lastTable?.services.length ?? 0) >= LARGE_TABLE;
    const period = large ? Math.max(interval, TABLE_DURATION_FACTOR * took) : interval;
    this.reportTableEvery(period > interval ? period : undefined);
    return Math.max(interval * 0.1, period - took);
  }

  /** Tells the screen how often the table is read, when that is not every interval (changes of 10% or more). */
  private reportTableEvery(ms: number | undefined): void {
    const was = this.tableEveryMs;
    if (ms === undefined ? was === undefined : was !== undefined && Math.abs(ms - was) < 0.1 * was) return;
    this.tableEveryMs = ms;
    this.o.dispatch({ type: 'cadence', tableEveryMs: ms });
  }

  has(key: ServiceKey): boolean {
    return this.lastTable !== undefined && this.placesOf(this.lastTable.services).has(key);
  }

  /**
   * Where each service is in `services`, by key. A read with the services of the last one in the
   * same places (every read of a steady table) keeps the last index: a walk, not 10,000 insertions.
   */
  private placesOf(services: readonly Service[]): ReadonlyMap<ServiceKey, number> {
    const last = this.byKey;
    if (last?.services === services) return last.at;
    const samePlaces =
      last?.services.length === services.length &&
      services.every((s, i) => s === last.services[i] || serviceKey(s) === serviceKey(last.services[i]!));
    this.byKey = { services, at: samePlaces ? last.at : new Map(services.map((s, i) => [serviceKey(s), i])) };
    return this.byKey.at;
  }

  /**
   * IPVS went away (its module was removed): one status instead of an error per read, the table
   * dropped (it no longer exists), and everything read afresh when it returns.
   */
  private gone(e: IpvsAbsentError): void {
    this.absentReads++;
    this.failed.services = true;
    this.lastTable = undefined;
    this.lastDests.clear();
    this.o.onAbsent?.();
    this.o.dispatch({ type: 'ipvsAbsent', message: errorLine(e), at: this.o.clock.now() });
  }

  private async poll(current: () => boolean): Promise<void> {
    const at = this.o.clock.now();
    this.watchdog.watch(this.answeredAt ?? at);
    let read: { table: ServiceTable; reads: DestRead[] } | undefined;
    try {
      const table = await this.o.sources.readServices();
      this.answeredAt = this.o.clock.now();
      this.absentReads = 0;
      const { reads, failed } = await this.readDests(table.services, current);
      if (current()) this.deliver(at, table, reads, failed);
      read = { table, reads };
    } catch (e) {
      if (current() && e instanceof IpvsAbsentError) this.gone(e);
      else if (current()) this.fail('services', e);
    } finally {
      this.watchdog.unwatch();
    }
    if (read && this.o.afterRead && current()) await this.o.afterRead(read.table, read.reads, current);
  }

  private fail(source: 'services' | 'dests', e: unknown): void {
    this.failed[source] = true;
    this.o.dispatch({ type: 'pollError', source, message: errorLine(e) });
  }

  private async readDests(services: readonly Service[], current: () => boolean) {
    const all = services.length <= (this.o.fewServices ?? FEW_SERVICES);
    const reads: DestRead[] = [];
    let error: unknown;
    // Only the wanted ones looked up on a big table, not every service walked.
    const places = this.placesOf(services);
    const chosen = all ? services : [...this.wanted].flatMap((k) => services[places.get(k) ?? -1] ?? []);
    // One after another: one netlink socket, and the kernel serialises dumps under one mutex anyway.
    for (const service of chosen) {
      const key = serviceKey(service);
      if (!current()) break;
      const at = this.o.clock.now();
      try {
        const prevAt = this.destsReadAt.get(key) ?? -Infinity;
        reads.push({ key, dests: await this.o.sources.readDests(service), at, prevAt });
      } catch (e) {
        error ??= e;
      }
    }
    if (error !== undefined && current()) this.fail('dests', error);
    return { reads, failed: error !== undefined };
  }

  /**
   * Dispatches a read that changed something, that ends an error or a hang, or that is the
   * first to find everything unchanged for IDLE_AFTER_MS (rates then fall to 0); the rest only
   * count as skipped reads (rates on screen stay as they are until the kernel's next tick).
   */
  private deliver(at: number, table: ServiceTable, reads: DestRead[], destsFailed: boolean): void {
    const prevAt = this.lastReadAt;
    this.lastReadAt = at;
    for (const r of reads) this.destsReadAt.set(r.key, r.at);
    const changed =
      !sameTable(this.lastTable, table) || reads.some((r) => !sameDests(this.lastDests.get(r.key), r.dests));
    const recovering = this.failed.services || (this.failed.dests && !destsFailed) || this.watchdog.sent;
    const idle = !changed && !this.settled && at - this.lastChangeAt >= IDLE_AFTER_MS;
    if (!changed && !recovering && !idle) {
      this.skipped++;
      return;
    }
    this.o.dispatch({ type: 'poll', at, prevAt, skipped: this.skipped, table, dests: reads, destsFailed });
    this.skipped = 0;
    if (changed) this.lastChangeAt = reads.reduce((latest, r) => Math.max(latest, r.at), at);
    this.settled = idle || (this.settled && !changed);
    this.lastTable = table;
    for (const r of reads) this.lastDests.set(r.key, r.dests);
    this.forgetGone(table);
    this.failed = { services: false, dests: destsFailed && this.failed.dests };
    this.watchdog.sent = false;
  }

  private forgetGone(table: ServiceTable): void {
    const alive = this.placesOf(table.services);
    for (const k of this.lastDests.keys()) if (!alive.has(k)) this.lastDests.delete(k);
    for (const k of this.destsReadAt.keys()) if (!alive.has(k)) this.destsReadAt.delete(k);
  }
}
