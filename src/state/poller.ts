/**
 * Drives MonitorSources: services every interval with real servers only for
 * the services on screen or selected (all of them on a small table), the
 * connection table on its own cadence adapted to how long it takes to read,
 * neighbours every few seconds (every interval while the ARP pane shows),
 * the doctor's rules every 10 s over the last table and connection table read (doctorFeed.ts).
 * Reads of a kind never overlap; failures become events; reads that found
 * nothing changed dispatch nothing, so nothing re-renders.
 */
import type { DoctorResult, DoctorView } from '../doctor/types.js';
import { errorLine } from '../errors.js';
import { connFilterTest } from '../ipvs/connFilter.js';
import { entryOrder } from '../ipvs/entryOrder.js';
import { EntryWindowSelector } from '../ipvs/entryWindow.js';
import { TopTalkers } from '../ipvs/topTalkers.js';
import { IpvsAbsentError } from '../kernel/ipvs/client.js';
import type { Destination, Service, ServiceTable } from '../kernel/ipvs/types.js';
import type { HaReading } from '../kernel/keepalived/haReading.js';
import type { Neighbour } from '../kernel/neigh/types.js';
import type { ConnRow, ConnTableSummary } from '../kernel/proc/types.js';
import type { MonitorSources } from '../kernel/sources.js';
import { sameDests, sameNeighbours, sameSummary, sameTable } from './compare.js';
import { DoctorFeed } from './doctorFeed.js';
import type { EntryQuery } from './entries.js';
import { type ServiceKey, serviceKey } from './keys.js';
import { type Clock, Loop, systemClock } from './loop.js';
import type { MonitorEvent } from './model.js';
import { IDLE_AFTER_MS } from './rates.js';
import { FEW_SERVICES } from './snapshot.js';
import type { DestRead, PollSource } from './types.js';

/** The doctor's findings over the poller's last reads (so that no table is read twice). */
export type DoctorSource = (view: DoctorView) => Promise<DoctorResult>;

export interface PollerOptions {
  sources: MonitorSources;
  dispatch: (e: MonitorEvent) => void;
  intervalMs: number;
  clock?: Clock;
  /** Up to this many services, read every service's real servers (default FEW_SERVICES = 50). */
  fewServices?: number;
  /** Neighbour refresh while the ARP pane is hidden (default 5000 ms). */
  neighbourIdleMs?: number;
  /** The doctor's findings (none: the Doctor pane stays empty). */
  doctor?: DoctorSource;
  /** Doctor runs at most this often (default DOCTOR_INTERVAL_MS). */
  doctorIntervalMs?: number;
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
  /** Count top talkers (a parse of every row) on the connection cadence while the Connections pane shows. */
  setTalkers(visible: boolean, service?: ServiceKey): void;
  /** What the entry browser shows, read with the talkers; `now`: its window is of another query or ends too soon. */
  setEntries(query: EntryQuery, now: boolean): void;
  /** Read services and connections now (after an action changed them). */
  refresh(): void;
  /** The HA daemon as the state last has it, for the doctor (its role, whether it still runs). */
  setHa(reading: HaReading | undefined): void;
}

/** Connection-table reads wait at least this many times their own duration: a big table costs ≤ 20% of a core. */
export const CONN_DURATION_FACTOR = 4;

/**
 * From this many services on, a whole-table read waits at least TABLE_DURATION_FACTOR times its
 * own duration (its cost bounded to a tenth of a core): at kube-proxy scale (10,000 services) a
 * dump every interval would cost more than `watch ipvsadm` on a slow machine, and keys would
 * queue behind it. On a director a dump of 10,000 services takes well under the interval's
 * tenth, so this slows nothing there. The header says how often the table is read when it does.
 */
export const LARGE_TABLE = 2000;
export const TABLE_DURATION_FACTOR = 10;

/** Top talkers shown per list in the Connections pane. */
export const TALKERS_SHOWN = 3;

/** While IPVS is absent, services reads back off (doubling the interval) up to this, to notice its return soon. */
export const ABSENT_RETRY_MAX_MS = 5000;

/**
 * The doctor reads every real server of every service and the kernel log: slower than the
 * services pane needs, and findings (settings, drained servers, SYN_RECV piling up over
 * the 60 s SYN_RECV timeout) change on a scale of tens of seconds.
 */
export const DOCTOR_INTERVAL_MS = 10_000;

export function createPoller(o: PollerOptions): Poller {
  return new PollerImpl(o);
}

class PollerImpl implements Poller {
  private readonly clock: Clock;
  private readonly services: Loop;
  private readonly conn: Loop;
  private readonly neigh: Loop;
  private readonly doctor: Loop | undefined;
  private lastFindings: { text: string; result: DoctorResult } | undefined;
  private readonly feed: DoctorFeed | undefined;
  private wanted = new Set<ServiceKey>();
  private arpVisible = false;
  private talkersVisible = false;
  private talkersService: ServiceKey | undefined;
  private entries: EntryQuery | undefined;
  private entriesTimer: unknown;
  private readonly errored = new Set<PollSource>();
  // Last dispatched reads: later reads that change nothing are not dispatched.
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
  private lastSummary: ConnTableSummary | undefined;
  private lastNeighbours: Neighbour[] | undefined;
  private watchdog: unknown;
  private overdueSent = false;
  private kickTimer: unknown;
  /** Services of the last table by key (for the wanted real servers), built once per table read. */
  private byKey: { services: readonly Service[]; map: Map<ServiceKey, Service> } | undefined;
  /** The table's read period last dispatched (undefined: every interval). */
  private tableEveryMs: number | undefined;

  constructor(private readonly o: PollerOptions) {
    this.clock = o.clock ?? systemClock;
    const interval = o.intervalMs;
    // Fixed rate, but a slow kernel still gets a breather between dumps (keepalived shares its mutex).
    const nextRead = (d: number): number => {
      if (this.absentReads > 0) return this.absentRetryMs();
      const large = (this.lastTable?.services.length ?? 0) >= LARGE_TABLE;
      const period = large ? Math.max(interval, TABLE_DURATION_FACTOR * d) : interval;
      this.reportTableEvery(period > interval ? period : undefined);
      return Math.max(interval * 0.1, period - d);
    };
    this.services = new Loop(this.clock, (c) => this.pollServices(c), nextRead);
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
    this.feed = o.doctor && new DoctorFeed();
    const every = o.doctorIntervalMs ?? DOCTOR_INTERVAL_MS;
    // As the connection table's: a slow read (a huge table) waits several times its own length.
    this.doctor =
      o.doctor &&
      new Loop(
        this.clock,
        (c) => this.pollDoctor(c),
        (d) => Math.max(every, CONN_DURATION_FACTOR * d),
      );
  }

  private get loops(): Loop[] {
    return [this.services, this.conn, this.neigh, ...(this.doctor ? [this.doctor] : [])];
  }

  start(): void {
    for (const l of this.loops) l.start();
  }

  stop(): void {
    for (const l of this.loops) l.stop();
    this.unwatch();
    if (this.kickTimer !== undefined) this.clock.clearTimeout(this.kickTimer);
    this.kickTimer = undefined;
    if (this.entriesTimer !== undefined) this.clock.clearTimeout(this.entriesTimer);
    this.entriesTimer = undefined;
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

  setTalkers(visible: boolean, service?: ServiceKey): void {
    const show = visible && !this.talkersVisible;
    this.talkersVisible = visible;
    this.talkersService = service;
    if (show) this.conn.kick();
  }

  setEntries(query: EntryQuery, now: boolean): void {
    this.entries = query;
    // Debounced as the real servers: a held key must not turn into a read per keystroke.
    if (now && this.talkersVisible && this.entriesTimer === undefined && this.conn.isActive) {
      this.entriesTimer = this.clock.setTimeout(() => {
        this.entriesTimer = undefined;
        this.conn.kick();
      }, 150);
    }
  }

  setHa(reading: HaReading | undefined): void {
    this.feed?.setHa(reading);
  }

  refresh(): void {
    this.services.kick();
    this.conn.kick();
    this.doctor?.kick();
  }

  private absentRetryMs(): number {
    const i = this.o.intervalMs;
    return Math.min(Math.max(i, ABSENT_RETRY_MAX_MS), i * 2 ** this.absentReads);
  }

  private tableHas(key: ServiceKey): boolean {
    return this.lastTable !== undefined && this.servicesByKey(this.lastTable.services).has(key);
  }

  private servicesByKey(services: readonly Service[]): Map<ServiceKey, Service> {
    if (this.byKey?.services !== services)
      this.byKey = { services, map: new Map(services.map((s) => [serviceKey(s), s])) };
    return this.byKey.map;
  }

  /** Tells the screen how often the table is read, when that is not every interval (changes of 10% or more). */
  private reportTableEvery(ms: number | undefined): void {
    const was = this.tableEveryMs;
    if (ms === undefined ? was === undefined : was !== undefined && Math.abs(ms - was) < 0.1 * was) return;
    this.tableEveryMs = ms;
    this.o.dispatch({ type: 'cadence', tableEveryMs: ms });
  }

  private fail(source: PollSource, e: unknown): void {
    this.errored.add(source);
    this.o.dispatch({ type: 'pollError', source, message: errorLine(e) });
  }

  /**
   * IPVS went away (its module was removed): one status instead of an error per read, the table
   * and connection counts dropped (they no longer exist), and everything read afresh when it returns.
   */
  private absent(e: IpvsAbsentError): void {
    this.absentReads++;
    this.errored.add('services');
    this.lastTable = undefined;
    this.lastDests.clear();
    this.lastSummary = undefined;
    this.o.dispatch({ type: 'ipvsAbsent', message: errorLine(e) });
  }

  /** While a services read hangs, say every interval how long the kernel has been silent (the header shows STALE). */
  private watch(startedAt: number): void {
    const since = this.answeredAt ?? startedAt;
    const check = (): void => {
      this.overdueSent = true;
      this.o.dispatch({ type: 'overdue', waitedMs: this.clock.now() - since });
      this.watchdog = this.clock.setTimeout(check, this.o.intervalMs);
    };
    // Once stale, a retry that hangs again keeps the age going; a first hang gets one interval of grace.
    this.watchdog = this.clock.setTimeout(check, (this.overdueSent ? 1 : 2) * this.o.intervalMs);
  }

  private unwatch(): void {
    if (this.watchdog !== undefined) this.clock.clearTimeout(this.watchdog);
    this.watchdog = undefined;
  }

  private async pollServices(current: () => boolean): Promise<void> {
    const at = this.clock.now();
    this.watch(at);
    let read: { table: ServiceTable; reads: DestRead[] } | undefined;
    try {
      const table = await this.o.sources.readServices();
      this.answeredAt = this.clock.now();
      this.absentReads = 0;
      const { reads, failed } = await this.readDests(table.services, current);
      if (current()) this.deliver(at, table, reads, failed);
      read = { table, reads };
    } catch (e) {
      if (current() && e instanceof IpvsAbsentError) this.absent(e);
      else if (current()) this.fail('services', e);
    } finally {
      this.unwatch();
    }
    if (read && this.feed && current()) await this.feedDoctor(read.table, read.reads, current);
  }

  /** The doctor's share of a table read: the table, and a slice more of real servers; its first look at once. */
  private async feedDoctor(table: ServiceTable, reads: DestRead[], current: () => boolean): Promise<void> {
    const first = !this.feed!.hasTable;
    this.feed!.record(table, reads);
    await this.feed!.sweep((s) => this.o.sources.readDests(s), current, reads, this.clock.now());
    if (first) this.doctor?.kick();
  }

  private async readDests(
    services: readonly Service[],
    current: () => boolean,
  ): Promise<{ reads: DestRead[]; failed: boolean }> {
    const all = services.length <= (this.o.fewServices ?? FEW_SERVICES);
    const reads: DestRead[] = [];
    let error: unknown;
    // Only the wanted ones looked up on a big table, not every service walked.
    const byKey = this.servicesByKey(services);
    const chosen = all ? services : [...this.wanted].flatMap((k) => byKey.get(k) ?? []);
    // One after another: one netlink socket, and the kernel serialises dumps under one mutex anyway.
    for (const service of chosen) {
      const key = serviceKey(service);
      if (!current()) break;
      const at = this.clock.now();
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
    const recovering = this.errored.has('services') || (this.errored.has('dests') && !destsFailed) || this.overdueSent;
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
    this.errored.delete('services');
    if (!destsFailed) this.errored.delete('dests');
    this.overdueSent = false;
  }

  private forgetGone(table: ServiceTable): void {
    const alive = this.servicesByKey(table.services);
    for (const k of this.lastDests.keys()) if (!alive.has(k)) this.lastDests.delete(k);
    for (const k of this.destsReadAt.keys()) if (!alive.has(k)) this.destsReadAt.delete(k);
  }

  private async pollConn(current: () => boolean): Promise<void> {
    try {
      // The talkers and the browser's entries come from the same read as the counts: a frame's figures agree.
      const talkers = this.talkersVisible ? this.talkersPass() : undefined;
      const summary = await this.o.sources.readConnTable(talkers?.add);
      if (talkers && current()) talkers.dispatch();
      if (!current() || (sameSummary(this.lastSummary, summary) && !this.errored.has('conn'))) return;
      const first = this.lastSummary === undefined;
      this.lastSummary = summary;
      this.errored.delete('conn');
      this.o.dispatch({ type: 'conn', summary });
      // The doctor said the connection table was not read yet: it need not wait 10 s more to look.
      if (first) this.doctor?.kick();
    } catch (e) {
      // With IPVS absent its connection table is gone too: that is already the one status shown.
      if (current() && this.absentReads === 0) this.fail('conn', e);
    }
  }

  /** Every check is dispatched, for its time ("checked"); unchanged findings keep their objects. */
  private async pollDoctor(current: () => boolean): Promise<void> {
    // Nothing to look at before the first table read, which kicks this loop.
    const view = this.feed?.view(this.lastSummary);
    if (!view || this.absentReads > 0) return;
    try {
      const fresh = await this.o.doctor!(view);
      if (!current()) return;
      // Findings are small: their text compared whole tells a change.
      const text = JSON.stringify(fresh);
      const result = text === this.lastFindings?.text ? this.lastFindings.result : fresh;
      this.lastFindings = { text, result };
      this.errored.delete('doctor');
      this.o.dispatch({ type: 'doctor', ...result, at: this.clock.now() });
    } catch (e) {
      if (current() && this.absentReads === 0) this.fail('doctor', e);
    }
  }

  /**
   * Top talkers overall and of the selected service, in bounded counters, and the entry browser's
   * window: what to do with each row of a read of the table, and what to send after it.
   */
  private talkersPass(): { add: (row: ConnRow) => void; dispatch: () => void } {
    const table = (this.lastTable?.services ?? []).map((service) => ({
      service,
      dests: [...(this.lastDests.get(serviceKey(service)) ?? [])],
    }));
    const key = this.talkersService;
    const target = table.find((t) => serviceKey(t.service) === key);
    const inService = target ? connFilterTest({ service: target, table }) : undefined;
    const all = new TopTalkers();
    const ofService = new TopTalkers();
    const q = this.entries;
    const scope = q?.service === undefined ? undefined : table.find((t) => serviceKey(t.service) === q.service);
    // A service no longer on the table has no entries to show.
    const gone = q?.service !== undefined && !scope;
    const shown = q && !gone ? connFilterTest({ ...q.filter, ...(scope && { service: scope, table }) }) : undefined;
    const window = q && new EntryWindowSelector(entryOrder(q.sort, q.reverse), q.anchor, q);
    const add = (row: ConnRow): void => {
      all.add(row);
      if (inService?.(row)) ofService.add(row);
      if (shown?.(row)) window!.add(row);
    };
    const dispatch = (): void => {
      const service = key && target ? { key, report: ofService.report(TALKERS_SHOWN) } : undefined;
      this.o.dispatch({ type: 'talkers', talkers: { all: all.report(TALKERS_SHOWN), service } });
      if (q && window) this.o.dispatch({ type: 'entries', window: { id: q.id, ...window.result() } });
    };
    return { add, dispatch };
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
