/** The kernel behind MonitorSources: IPVS over netlink, /proc for connections, rtnetlink for neighbours. */
import type { MonitorSources, ServiceTable } from '../state/sources.js';
import type { IpvsClient } from './ipvs/client.js';
import type { NeighbourClient } from './neigh/client.js';
import type { IpvsSnapshot } from './ipvs/types.js';
import { readConnTable } from './proc/connTable.js';

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

export function createKernelSources(ipvs: IpvsClient, neigh: NeighbourClient, connPath?: string): MonitorSources {
  return {
    readServices: () => readServiceTable(ipvs),
    readDests: (s) => ipvs.dests(s),
    readConnTable: () => readConnTable(connPath),
    readNeighbours: () => neigh.list(),
  };
}
