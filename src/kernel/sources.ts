/**
 * What the monitor reads from the kernel, and the kernel behind it: IPVS over
 * netlink, /proc for connections, rtnetlink for neighbours. The state layer
 * decides *when* and *what* to read (e.g. real servers only for the services
 * on screen) through MonitorSources; tests pass fakes.
 */
import { syslogLines } from './exec/syslog.js';
import type { IpvsClient } from './ipvs/client.js';
import type { Destination, IpvsSnapshot, ServiceId, ServiceTable } from './ipvs/types.js';
import { type HaReading, localAddresses, readHa } from './keepalived/haReading.js';
import type { NeighbourClient } from './neigh/client.js';
import type { Neighbour } from './neigh/types.js';
import { type ConnRowsRead, collectConnRows, readConnTable, readConnTableRows } from './proc/connTable.js';
import type { ConnRow, ConnTableSummary } from './proc/types.js';
import { readSysctls } from './sysctl.js';

export interface MonitorSources {
  /** Services (with per-service stats), info, timeouts, daemons: one cheap read per tick. */
  readServices(): Promise<ServiceTable>;
  /** Real servers of one service; [] when the service vanished meanwhile. */
  readDests(service: ServiceId): Promise<Destination[]>;
  /**
   * Whole connection table, streamed and counted (can take a while on a big table); `onRow`: every
   * row too, from the same read (what is taken from the rows then agrees with the counts).
   */
  readConnTable(onRow?: (row: ConnRow) => void): Promise<ConnTableSummary>;
  /** Neighbour table over rtnetlink, interface names resolved. */
  readNeighbours(): Promise<Neighbour[]>;
  /**
   * The connection entries `keep` takes (a client lookup), at most `max` held; `clientPrefix`:
   * text the client field of each of them starts with, so that other rows are skipped unparsed.
   */
  readConnRows(keep: (row: ConnRow) => boolean, max: number, clientPrefix?: string): Promise<ConnRowsRead>;
  /** The HA daemon of our network namespace (signals keepalived); absent: no HA view. */
  readHa?(withSync: boolean): Promise<HaReading>;
  /** This namespace's addresses: a VIP coming or going is a VRRP transition worth reading at once. */
  readAddresses?(): string[];
  /** Where the HA event log goes besides the screen (syslog). */
  logHaEvent?(line: string): void;
}

/** Static facts shown in the header. */
export interface HostInfo {
  hostname: string;
  kernelRelease: string;
}

/** Services plus the small global reads, timed as one poll. */
export async function readServiceTable(ipvs: IpvsClient): Promise<ServiceTable> {
  const takenAt = Date.now();
  const start = performance.now();
  // Sequential on purpose: one socket, and the kernel serialises dumps under one mutex anyway.
  const info = await ipvs.info();
  const timeouts = await ipvs.timeouts();
  const daemons = await ipvs.daemons();
  const services = await ipvs.services();
  return { takenAt, latencyMs: performance.now() - start, info, timeouts, daemons, services };
}

/** Everything, real servers of every service included (what `ipvstop list` prints). */
export async function readSnapshot(ipvs: IpvsClient): Promise<IpvsSnapshot> {
  const table = await readServiceTable(ipvs);
  const start = performance.now();
  const services = [];
  for (const service of table.services) services.push({ service, dests: await ipvs.dests(service) });
  return { ...table, latencyMs: table.latencyMs + performance.now() - start, services };
}

const EXPIRE_QUIESCENT_TEMPLATE = 'net.ipv4.vs.expire_quiescent_template';

/** The table with the setting that decides whether its templates keep pinning clients to a drained server. */
async function readConnTableWithSettings(connPath?: string, onRow?: (row: ConnRow) => void): Promise<ConnTableSummary> {
  const summary = await (onRow ? readConnTableRows(onRow, connPath) : readConnTable(connPath));
  const expireQuiescentTemplate = (await readSysctls([EXPIRE_QUIESCENT_TEMPLATE]))[EXPIRE_QUIESCENT_TEMPLATE];
  return expireQuiescentTemplate === undefined ? summary : { ...summary, expireQuiescentTemplate };
}

export function createKernelSources(ipvs: IpvsClient, neigh: NeighbourClient, connPath?: string): MonitorSources {
  return {
    readServices: () => readServiceTable(ipvs),
    readDests: (s) => ipvs.dests(s),
    readConnTable: (onRow) => readConnTableWithSettings(connPath, onRow),
    readNeighbours: () => neigh.list(),
    readConnRows: (keep, max, clientPrefix) => collectConnRows(keep, max, connPath, clientPrefix),
    readHa,
    readAddresses: localAddresses,
    logHaEvent: syslogLines('ipvstop-ha'),
  };
}
