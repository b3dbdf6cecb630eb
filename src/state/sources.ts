/**
 * What the monitor reads from the kernel. The state layer owns *when* and
 * *what* to read (e.g. real servers only for the services on screen); the
 * kernel layer implements these reads. Tests pass fakes.
 */
import type { Destination, IpvsInfo, Service, ServiceId, SyncDaemon, Timeouts } from '../kernel/ipvs/types.js';
import type { ConnTableSummary } from '../kernel/proc/types.js';
import type { Neighbour } from '../kernel/neigh/types.js';

/** One service dump and the small global reads that go with it. */
export interface ServiceTable {
  takenAt: number;
  latencyMs: number;
  info: IpvsInfo;
  timeouts: Timeouts;
  daemons: SyncDaemon[];
  services: Service[];
}

export interface MonitorSources {
  /** Services (with per-service stats), info, timeouts, daemons: one cheap read per tick. */
  readServices(): Promise<ServiceTable>;
  /** Real servers of one service; [] when the service vanished meanwhile. */
  readDests(service: ServiceId): Promise<Destination[]>;
  /** Whole connection table, streamed and counted (can take a while on a big table). */
  readConnTable(): Promise<ConnTableSummary>;
  /** Neighbour table over rtnetlink, interface names resolved. */
  readNeighbours(): Promise<Neighbour[]>;
}

/** Static facts shown in the header. */
export interface HostInfo {
  hostname: string;
  kernelRelease: string;
}
