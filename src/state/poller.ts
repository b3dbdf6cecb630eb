/**
 * The readers, one per source, started, stopped, paused and steered together: services (the table
 * and real servers, servicesReader.ts), connections (summary, talkers, entries, connReader.ts),
 * neighbours, the doctor (over the others' reads) and the HA daemon, each with its own interval,
 * backoff and errors (in poll/). What to read is decided by readPlan (poll/plan.ts) from the state
 * and the panes on screen; `steer` hands each reader the part of it that changed.
 */
import type { MonitorSources } from '../kernel/sources.js';
import { type Clock, systemClock } from './loop.js';
import type { MonitorEvent } from './model.js';
import { ConnReader } from './poll/connReader.js';
import { DoctorReader, type DoctorSource, type DoctorState } from './poll/doctorReader.js';
import { HaReader } from './poll/haReader.js';
import { NeighbourReader } from './poll/neighbourReader.js';
import type { ReadPlan } from './poll/plan.js';
import { ServicesReader } from './poll/servicesReader.js';
import { Steering } from './poll/steering.js';

export { CONN_DURATION_FACTOR } from './poll/connReader.js';
export { DOCTOR_INTERVAL_MS, type DoctorSource } from './poll/doctorReader.js';
export { ABSENT_RETRY_MAX_MS, LARGE_TABLE, TABLE_DURATION_FACTOR } from './poll/servicesReader.js';
export { TALKERS_SHOWN } from './poll/talkersPass.js';

export interface PollerOptions {
  sources: MonitorSources;
  dispatch: (e: MonitorEvent) => void;
  intervalMs: number;
  clock?: Clock;
  /** Up to this many services, read every service's real servers (default FEW_SERVICES = 50). */
  fewServices?: number;
  /** Neighbour refresh while the ARP pane is hidden (default NEIGHBOUR_IDLE_MS). */
  neighbourIdleMs?: number;
  /** The doctor's findings (none: the Doctor pane stays empty). */
  doctor?: DoctorSource;
  /** Doctor runs at most this often (default DOCTOR_INTERVAL_MS). */
  doctorIntervalMs?: number;
  /** Read the HA daemon too, when the sources can (the App does; a test of the table alone need not). */
  ha?: boolean;
  /** The state the reducer holds: the doctor takes the HA daemon from it. */
  state?: () => DoctorState;
}

/** The running readers; the UI only starts, stops and steers them. */
export class Poller {
  readonly services: ServicesReader;
  readonly conn: ConnReader;
  readonly neighbours: NeighbourReader;
  readonly doctor: DoctorReader | undefined;
  readonly ha: HaReader | undefined;
  private readonly steering = new Steering(this);

  constructor(o: PollerOptions) {
    const clock = o.clock ?? systemClock;
    const { sources, dispatch, intervalMs } = o;
    const common = { dispatch, intervalMs, clock };
    const doctor = o.doctor;
    this.services = new ServicesReader({
      ...common,
      sources,
      fewServices: o.fewServices,
      afterRead: doctor && ((table, reads, current) => this.doctor!.afterTableRead(table, reads, current)),
      onAbsent: () => this.conn.forget(),
    });
    this.conn = new ConnReader({
      ...common,
      sources,
      table: this.services,
      // The doctor said the connection table was not read yet: it need not wait 10 s more to look.
      onFirstSummary: () => this.doctor?.loop.kick(),
    });
    this.neighbours = new NeighbourReader({ ...common, sources, idleMs: o.neighbourIdleMs });
    this.doctor =
      doctor &&
      new DoctorReader({
        ...common,
        doctor,
        everyMs: o.doctorIntervalMs,
        readDests: (s) => sources.readDests(s),
        conns: () => this.conn.summary,
        absent: () => this.services.absent,
        state: o.state,
      });
    const readHa = o.ha ? sources.readHa?.bind(sources) : undefined;
    this.ha = readHa && new HaReader({ read: readHa, addresses: sources.readAddresses, dispatch, clock });
  }

  private get readers() {
    return [
      this.services,
      this.conn,
      this.neighbours,
      ...(this.doctor ? [this.doctor] : []),
      ...(this.ha ? [this.ha] : []),
    ];
  }

  start(): void {
    for (const r of this.readers) r.start();
  }

  stop(): void {
    for (const r of this.readers) r.stop();
  }

  /** Paused: no reads, and reads in flight deliver nothing. */
  setPaused(paused: boolean): void {
    if (paused === !this.services.loop.isActive) return;
    if (paused) this.stop();
    else this.start();
  }

  /** Applies what readPlan decided: each reader is told only of a part that changed. */
  steer(plan: ReadPlan): void {
    this.steering.apply(plan);
  }

  /** Read services, connections and the doctor now (after an action changed them). */
  refresh(): void {
    this.services.loop.kick();
    this.conn.loop.kick();
    this.doctor?.loop.kick();
  }
}

export function createPoller(o: PollerOptions): Poller {
  return new Poller(o);
}
