/**
 * The IPVS table as Prometheus metric families (docs/prometheus.md lists them): per service and per real
 * server, the kernel's u64 counters exact, the connection counts, weights and thresholds, and info metrics
 * for what is an attribute rather than a number.
 *
 * Series identity: node_exporter's IPVS collector gave fwmark services colliding series (`local_address`
 * "<nil>", port 0) and failed on IPv6. Here a service is (family, protocol, address, port, fwmark): an
 * address service has fwmark="", a fwmark service has protocol, address and port "" and its mark, and the
 * family keeps an IPv4 and an IPv6 fwmark service of one mark apart. Addresses are written without brackets.
 */
import { type DrainState, drainState } from '../../domain/drainState.js';
import { isOnePacket, isPersistent, schedulerFlagWords } from '../../domain/flags.js';
import type { Destination, IpvsSnapshot, Service, ServiceId, Stats } from '../../kernel/ipvs/types.js';
import { AF_INET6 } from '../../kernel/ipvs/types.js';
import { type Labels, type MetricFamily, type MetricType, renderLabels, type Sample } from './exposition.js';

/** Groups of series the exporter's --collect.<group> flags turn on and off (docs/prometheus.md). */
export const COLLECT_GROUPS = ['services', 'backends', 'settings', 'ha', 'doctor', 'conn-states'] as const;
export type CollectGroup = (typeof COLLECT_GROUPS)[number];
/** Off unless asked for: reading the connection table costs seconds when it holds millions of entries. */
export const OFF_BY_DEFAULT: ReadonlySet<CollectGroup> = new Set(['conn-states']);

const PROTOCOLS: Record<number, string> = { 6: 'tcp', 17: 'udp', 132: 'sctp' };
const DRAIN_STATES: readonly DrainState[] = ['active', 'draining', 'drained', 'overloaded'];
const STATE_LABELS: Record<DrainState, Labels> = {
  active: { state: 'active' },
  draining: { state: 'draining' },
  drained: { state: 'drained' },
  overloaded: { state: 'overloaded' },
};

export function serviceLabels(s: ServiceId): Labels {
  const family = s.af === AF_INET6 ? 'ipv6' : 'ipv4';
  if (s.fwmark !== 0) return { family, protocol: '', address: '', port: '', fwmark: String(s.fwmark) };
  return {
    family,
    protocol: PROTOCOLS[s.protocol] ?? String(s.protocol),
    address: s.address,
    port: String(s.port),
    fwmark: '',
  };
}

export function backendLabels(s: ServiceId, d: Destination): Labels {
  return { ...serviceLabels(s), backend_address: d.address, backend_port: String(d.port) };
}

/** The overload flag is derived (the kernel does not send it), and it has hysteresis: what it was last scrape. */
export type OverloadMemory = Map<string, boolean>;

/** Families whose samples ipvsFamilies keeps unique itself (one service or real server written once). */
class Families {
  private readonly all = new Map<string, MetricFamily>();
  /** `prefix`: the labels of the service or real server, rendered once; `labels`: this series' own. */
  add(name: string, type: MetricType, help: string, prefix: string, labels: Labels, value: number | bigint): void {
    let f = this.all.get(name);
    if (!f) {
      f = { name, type, help, samples: [], unique: true };
      this.all.set(name, f);
    }
    f.samples.push({ prefix, labels, value } satisfies Sample);
  }
  list(): MetricFamily[] {
    return [...this.all.values()];
  }
}

const NONE: Labels = {};
const IN: Labels = { direction: 'in' };
const OUT: Labels = { direction: 'out' };

/** Connections, and packets and bytes in each direction: the kernel's counters as they are. */
function addTraffic(out: Families, metric: string, what: string, id: string, st: Stats): void {
  out.add(
    `${metric}_connections`,
    'counter',
    `Connections scheduled to the ${what} (kernel counter).`,
    id,
    NONE,
    st.connections,
  );
  const packets = `Packets through the ${what}, by direction: in (client to server), out (server to client; none with DR or tunnels).`;
  out.add(`${metric}_packets`, 'counter', packets, id, IN, st.inPackets);
  out.add(`${metric}_packets`, 'counter', packets, id, OUT, st.outPackets);
  const bytes = `Bytes through the ${what}, by direction (as for packets).`;
  out.add(`${metric}_bytes`, 'counter', bytes, id, IN, st.inBytes);
  out.add(`${metric}_bytes`, 'counter', bytes, id, OUT, st.outBytes);
}

function flagsText(s: Service): string {
  const words = schedulerFlagWords(s);
  if (isPersistent(s)) words.unshift('persistent');
  if (isOnePacket(s)) words.push('ops');
  return words.join(',');
}

function addService(out: Families, s: Service, id: string, states: Record<DrainState, number>): void {
  addTraffic(out, 'ipvs_service', 'virtual service', id, s.stats);
  const persistent = isPersistent(s);
  const info = { scheduler: s.scheduler, flags: flagsText(s), netmask: persistent ? s.netmask : '', pe: s.peName };
  out.add(
    'ipvs_service',
    'info',
    'A virtual service: scheduler, flags (persistent, scheduler flags, ops), persistence netmask and engine.',
    id,
    info,
    1,
  );
  out.add(
    'ipvs_service_persistence_timeout_seconds',
    'gauge',
    'Persistence timeout of the service; 0 when it is not persistent.',
    id,
    NONE,
    persistent ? s.timeout : 0,
  );
  for (const state of DRAIN_STATES) {
    out.add(
      'ipvs_service_backends',
      'gauge',
      'Real servers of the service by state: active (takes new connections), draining, drained, overloaded.',
      id,
      STATE_LABELS[state],
      states[state],
    );
  }
}

/** The gauges of a real server: name, help, and what to read. */
const BACKEND_GAUGES: [string, string, (d: Destination) => number][] = [
  ['connections_active', 'Active connections (ESTABLISHED for TCP) of the real server.', (d) => d.activeConns],
  ['connections_inactive', 'Inactive connections (other states, UDP) of the real server.', (d) => d.inactiveConns],
  ['connections_persistent', 'Persistence templates pinning clients to the real server.', (d) => d.persistentConns],
  ['weight', 'Weight of the real server; 0 takes no new connections.', (d) => d.weight],
  ['upper_threshold_connections', 'Upper connection threshold of the real server (0: none).', (d) => d.upperThreshold],
  [
    'lower_threshold_connections',
    'Lower connection threshold of the real server (0: three quarters of the upper).',
    (d) => d.lowerThreshold,
  ],
];

function addBackend(out: Families, d: Destination, id: string, state: DrainState): void {
  addTraffic(out, 'ipvs_backend', 'real server', id, d.stats);
  for (const [name, help, read] of BACKEND_GAUGES) out.add(`ipvs_backend_${name}`, 'gauge', help, id, NONE, read(d));
  out.add(
    'ipvs_backend',
    'info',
    'A real server: forwarding method (masq, route for DR, tunnel, local, bypass) and tunnel type.',
    id,
    { forward: d.forward, tunnel_type: d.tunnelType ?? '' },
    1,
  );
  for (const st of DRAIN_STATES) {
    out.add(
      'ipvs_backend_state',
      'gauge',
      'State of the real server, 1 for the one it is in: active, draining (weight 0, entries left), drained, overloaded.',
      id,
      STATE_LABELS[st],
      st === state ? 1 : 0,
    );
  }
}

/** Adds `id` to `ids`; true when it was not there yet. */
function firstTime(ids: Set<string>, id: string): boolean {
  if (ids.has(id)) return false;
  ids.add(id);
  return true;
}

/**
 * The table's families; `overloaded` is read and updated (servers gone from the table are forgotten). A
 * service or real server that comes twice in one read (the table changed during a multi-message netlink dump)
 * is written once, the first: a repeated series makes Prometheus reject the whole scrape. Checked here once per
 * service and real server, by its labels, so that the exposition need not check each of 16 series.
 */
export function ipvsFamilies(
  snap: IpvsSnapshot,
  groups: ReadonlySet<CollectGroup>,
  overloaded: OverloadMemory,
): MetricFamily[] {
  const out = new Families();
  const seen = new Set<string>();
  const written = { services: new Set<string>(), backends: new Set<string>() };
  for (const { service, dests } of snap.services) {
    const states: Record<DrainState, number> = { active: 0, draining: 0, drained: 0, overloaded: 0 };
    const backends: [Destination, DrainState][] = [];
    for (const d of dests) {
      const k = `${service.af} ${service.protocol} ${service.address} ${service.port} ${service.fwmark} ${d.address} ${d.port}`;
      const state = drainState(d, overloaded.get(k) ?? false);
      overloaded.set(k, state === 'overloaded');
      seen.add(k);
      states[state]++;
      backends.push([d, state]);
    }
    if (groups.has('services')) {
      const id = renderLabels(serviceLabels(service));
      if (firstTime(written.services, id)) addService(out, service, id, states);
    }
    if (!groups.has('backends')) continue;
    for (const [d, state] of backends) {
      const id = renderLabels(backendLabels(service, d));
      if (firstTime(written.backends, id)) addBackend(out, d, id, state);
    }
  }
  for (const k of overloaded.keys()) if (!seen.has(k)) overloaded.delete(k);
  return out.list();
}
