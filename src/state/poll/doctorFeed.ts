/**
 * What the doctor sees of the poller's reads: the last table, every real server read with it,
 * and on a big table (where the screen asks only for the services it shows) a slice more of the
 * others each table read, so that every service's real servers come within SWEEP_ROUNDS reads
 * (or SWEEP_MIN_MS, when reads come faster).
 * The doctor reads no table of its own: at 10,000 services that was 10,001 dumps every 10 s in
 * one burst, next to the poller's own whole-table read.
 */
import type { DoctorView, HaDaemonName } from '../../doctor/types.js';
import type { Destination, Service, ServiceTable } from '../../kernel/ipvs/types.js';
import type { HaReading } from '../../kernel/keepalived/haReading.js';
import type { ConnTableSummary } from '../../kernel/proc/types.js';
import { type ServiceKey, serviceKey } from '../identity.js';
import type { DestRead } from '../types.js';

/**
 * Table reads over which the doctor's slices cover every service: at 10,000 services a slice is
 * 334 dumps a read, beside the 10,000-service dump itself, where the doctor's own read was 10,001
 * at once; a real server's change reaches the doctor within this many reads.
 */
export const SWEEP_ROUNDS = 30;

/**
 * ...and over no less than this time: at a short interval (-i 0.2) a thirtieth of 1,000 services
 * every 0.2 s would be more dumps a second than the doctor's own read every 10 s was.
 */
export const SWEEP_MIN_MS = 60_000;

export class DoctorFeed {
  private table: ServiceTable | undefined;
  private readonly dests = new Map<ServiceKey, readonly Destination[]>();
  /** Where the next slice starts in the table's services. */
  private cursor = 0;
  /** When the last slice was read, and the share of a slice not read then (a slice is whole services). */
  private sweptAt: number | undefined;
  private owed = 0;

  get hasTable(): boolean {
    return this.table !== undefined;
  }

  /** A table read, with the real servers the screen asked for (their read is not repeated). */
  record(table: ServiceTable, reads: readonly DestRead[]): void {
    if (this.table?.services !== table.services) {
      const alive = new Set(table.services.map(serviceKey));
      for (const k of this.dests.keys()) if (!alive.has(k)) this.dests.delete(k);
    }
    this.table = table;
    for (const r of reads) this.dests.set(r.key, r.dests);
  }

  /**
   * Reads the next slice of real servers the screen did not ask for, one service after another
   * (one socket; the kernel serialises dumps anyway). A failed read is tried again next round.
   */
  async sweep(
    readDests: (s: Service) => Promise<Destination[]>,
    current: () => boolean,
    justRead: readonly DestRead[],
    now: number,
  ): Promise<void> {
    const services = this.table?.services ?? [];
    const fresh = new Set(justRead.map((r) => r.key));
    const share = Math.min(1 / SWEEP_ROUNDS, this.sweptAt === undefined ? 1 : (now - this.sweptAt) / SWEEP_MIN_MS);
    this.sweptAt = now;
    this.owed += services.length * share;
    const size = Math.floor(this.owed);
    this.owed -= size;
    for (let n = 0; n < size && n < services.length && current(); n++) {
      this.cursor = this.cursor % services.length;
      const service = services[this.cursor++]!;
      const key = serviceKey(service);
      if (fresh.has(key)) continue;
      try {
        this.dests.set(key, await readDests(service));
      } catch {
        // Not read this round: the doctor counts it as not read yet until a later slice reads it.
      }
    }
  }

  /**
   * What the doctor looks at; undefined until the first table read. `ha`: the HA daemon as the
   * state has it, and the one seen running since the monitor started (its stop is a finding).
   */
  view(conns: ConnTableSummary | undefined, ha: { reading?: HaReading; seen?: HaDaemonName }): DoctorView | undefined {
    if (!this.table) return undefined;
    const services = [];
    for (const service of this.table.services) {
      const dests = this.dests.get(serviceKey(service));
      if (dests) services.push({ service, dests: [...dests] });
    }
    const unreadServices = this.table.services.length - services.length;
    return { services, unreadServices, conns, ha: ha.reading, haSeen: ha.seen };
  }
}
