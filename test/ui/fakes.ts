/** Fakes of the kernel side for state and UI tests: a table that can be changed between polls, and recorded actions. */

import { isIPv6 } from 'node:net';
import type { Warning } from '../../src/actions/healthCheckers.js';
import type { Action, ActionOutcome, KernelActions, ServiceServer } from '../../src/actions/types.js';
import type { Destination, Service, ServiceId, ServiceTable, Stats } from '../../src/kernel/ipvs/types.js';
import type { HaReading } from '../../src/kernel/keepalived/haReading.js';
import type { VrrpInstance } from '../../src/kernel/keepalived/types.js';
import type { Neighbour } from '../../src/kernel/neigh/types.js';
import type { LocalAddress } from '../../src/kernel/net/routes.js';
import { connGroupKey } from '../../src/kernel/proc/connParser.js';
import type { ConnRowsRead } from '../../src/kernel/proc/connTable.js';
import type { ConnGroup, ConnRow, ConnTableSummary } from '../../src/kernel/proc/types.js';
import type { MonitorSources } from '../../src/kernel/sources.js';

export function stats(connections: number, extra: Partial<Stats> = {}): Stats {
  const n = BigInt(connections);
  return {
    connections: n,
    inPackets: n * 10n,
    outPackets: n * 9n,
    inBytes: n * 1000n,
    outBytes: n * 5000n,
    cps: 0,
    inPps: 0,
    outPps: 0,
    inBps: 0,
    outBps: 0,
    ...extra,
  };
}

export function service(address: string, port = 80, connections = 100, protocol: Service['protocol'] = 6): Service {
  return {
    af: 2,
    protocol,
    address,
    port,
    fwmark: 0,
    scheduler: 'wrr',
    flags: 2,
    timeout: 0,
    netmask: '255.255.255.255',
    peName: '',
    stats: stats(connections),
    stats64: true,
  };
}

export function dest(address: string, weight = 1, over: Partial<Destination> = {}): Destination {
  return {
    af: 2,
    address,
    port: 80,
    forward: 'masq',
    connFlags: 0,
    weight,
    upperThreshold: 0,
    lowerThreshold: 0,
    activeConns: 2,
    inactiveConns: 5,
    persistentConns: 0,
    stats: stats(10),
    stats64: true,
    ...over,
  };
}

/** A firewall-mark service (no VIP). */
export function fwmarkService(mark: number, connections = 10): Service {
  return { ...service('0.0.0.0', 0, connections, 0), protocol: 0, fwmark: mark };
}

export const neighbour = (address: string, iface = 'lab-rs', over: Partial<Neighbour> = {}): Neighbour => ({
  ifindex: 3,
  interface: iface,
  af: 2,
  address,
  lladdr: '02:00:00:00:00:01',
  states: ['REACHABLE'],
  state: 2,
  flags: [],
  ...over,
});

/** One service dump as the poller hands it to the reducer. */
export function table(services: Service[], over: Partial<ServiceTable> = {}): ServiceTable {
  return {
    takenAt: 0,
    latencyMs: 1,
    info: { versionCode: 66049, version: '1.2.1', connTableSize: 4096 },
    timeouts: { tcp: 900, tcpFin: 120, udp: 300 },
    daemons: [],
    services,
    ...over,
  };
}

/** A connection-table group: (protocol, VIP:port) -> (RS:port), counts by state. */
export function group(
  vip: string,
  vport: number,
  rs: string,
  rport: number,
  states: Record<string, number>,
  templates: Record<string, number> = {},
  protocol = 'TCP',
  maxExpires = 0,
): ConnGroup {
  const af = isIPv6(vip) ? 10 : 2;
  const ends = { destAddress: rs, destPort: rport };
  return { protocol, af, virtualAddress: vip, virtualPort: vport, ...ends, states, templates, maxExpires };
}

export function summary(
  states: Record<string, number>,
  templates: Record<string, number> = {},
  groups: ConnGroup[] = [],
  takenAt = 0,
): ConnTableSummary {
  const rows = Object.values(states).reduce((a, b) => a + b, 0) + Object.values(templates).reduce((a, b) => a + b, 0);
  const byKey = new Map(
    groups.map((g) => [connGroupKey(g.protocol, g.virtualAddress, g.virtualPort, g.destAddress, g.destPort), g]),
  );
  return { rows, states, templates, groups: byKey, malformed: 0, takenAt, durationMs: 2 };
}

/** A kernel whose table tests edit; counts reads, and fails a source on demand. */
export class FakeKernel implements MonitorSources {
  services: Service[] = [service('192.0.2.1'), service('192.0.2.2', 80, 50)];
  dests = new Map<string, Destination[]>([
    ['192.0.2.1', [dest('198.51.100.11'), dest('198.51.100.12'), dest('198.51.100.13', 0)]],
    ['192.0.2.2', [dest('198.51.100.11', 1, { upperThreshold: 5, activeConns: 4, inactiveConns: 1 })]],
  ]);
  conn = summary({ ESTABLISHED: 6, TIME_WAIT: 3 }, { NONE: 1 });
  /** The connection table's rows, for the client lookup. */
  connRows: ConnRow[] = [];
  neighbours = [neighbour('198.51.100.11'), neighbour('192.0.2.1', 'lab-client')];
  timeouts = { tcp: 900, tcpFin: 120, udp: 300 };
  reads = { services: 0, dests: 0, conn: 0, neighbours: 0 };
  /** Addresses of the services whose real servers were read, in order. */
  destReads: string[] = [];
  failServices?: string;
  failDests?: string;
  failConn?: string;
  failNeighbours?: string;

  async readServices(): Promise<ServiceTable> {
    this.reads.services++;
    if (this.failServices) throw new Error(this.failServices);
    return table(this.services, { timeouts: this.timeouts });
  }

  async readDests(s: ServiceId): Promise<Destination[]> {
    this.reads.dests++;
    this.destReads.push(s.address);
    if (this.failDests) throw new Error(this.failDests);
    return this.dests.get(s.address) ?? [];
  }

  async readConnTable(onRow?: (row: ConnRow) => void): Promise<ConnTableSummary> {
    this.reads.conn++;
    if (this.failConn) throw new Error(this.failConn);
    if (onRow) for (const r of this.connRows) onRow(r);
    return this.conn;
  }

  async readNeighbours(): Promise<Neighbour[]> {
    this.reads.neighbours++;
    if (this.failNeighbours) throw new Error(this.failNeighbours);
    return this.neighbours;
  }

  async readConnRows(keep: (row: ConnRow) => boolean, max: number): Promise<ConnRowsRead> {
    if (this.failConn) throw new Error(this.failConn);
    const matched = this.connRows.filter(keep);
    return { rows: matched.slice(0, max), matched: matched.length, malformed: 0 };
  }
}

/** Actions that record what they were asked to do. */
export class FakeActions implements KernelActions {
  ran: Action[] = [];
  /** What run() answers (after recording the action). */
  outcome: ActionOutcome | undefined;
  /** `ifaceFor`: what interfaceFor() answers for any address (null: none holds or routes it). */
  constructor(
    readonly refusal: string | undefined = undefined,
    private readonly ifaceFor: string | null = 'lab-client',
  ) {}
  /** What refused() was told, in order. */
  refusedLog: string[] = [];
  refused = (what: string): void => {
    if (this.refusal) this.refusedLog.push(what);
  };
  async run(a: Action): Promise<ActionOutcome> {
    if (this.refusal) return { ok: false, message: `refused: ${this.refusal}` };
    this.ran.push(a);
    return this.outcome ?? { ok: true, message: `done: ${a.kind}` };
  }
  /** What savedWeight() answers, by `address:port` of the real server. */
  saved = new Map<string, number>();
  savedWeight = async (_s: unknown, d: { address: string; port: number }): Promise<number | undefined> =>
    this.saved.get(`${d.address}:${d.port}`);
  /** What serversAt() answers. */
  servers: ServiceServer[] = [];
  serversAt = async (): Promise<ServiceServer[]> => this.servers;
  warnings: Warning[] = [];
  weightWarnings = (): Warning[] => this.warnings;
  interfaces = async (): Promise<string[]> => ['lab-client', 'lab-rs', 'lo'];
  interfaceFor = async (_address: string): Promise<string | undefined> => this.ifaceFor ?? undefined;
  /** What localAddresses() answers. */
  addresses: LocalAddress[] = [];
  localAddresses = async (): Promise<LocalAddress[]> => this.addresses;
}

/** A read of the HA daemon that found none: no keepalived, no ldirectord, no addresses. */
/** keepalived's VI_1 (VRID 51, VIP 10.5.0.100/24) as its JSON dump gives it: BACKUP, settled; `over` on top. */
export const vrrpInstance = (over: Partial<VrrpInstance> = {}): VrrpInstance => ({
  name: 'VI_1',
  state: 'BACKUP',
  wantState: over.state ?? 'BACKUP',
  vrid: 51,
  interface: 'eth0',
  priority: 100,
  effectivePriority: 100,
  vips: ['10.5.0.100/24'],
  lastTransition: null,
  advertsReceived: 4,
  advertsSent: 0,
  becameMaster: 0,
  releasedMaster: 0,
  ...over,
});

export const NO_HA_DAEMON: HaReading = {
  takenAt: 0,
  daemon: null,
  pid: null,
  addresses: [],
  syncedEntries: null,
  localEntries: null,
  error: null,
};
