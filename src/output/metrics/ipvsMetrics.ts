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
import {
  escapeLabelValue,
  type Labels,
  type MetricFamily,
  type MetricType,
  renderLabels,
  seriesCount,
} from './exposition.js';
import { utf8 } from './expositionWriter.js';

/** Groups of series the exporter's --collect.<group> flags turn on and off (docs/prometheus.md). */
export const COLLECT_GROUPS = ['services', 'backends', 'settings', 'ha', 'doctor', 'conn-states'] as const;
export type CollectGroup = (typeof COLLECT_GROUPS)[number];
/** Off unless asked for: reading the connection table costs seconds when it holds millions of entries. */
export const OFF_BY_DEFAULT: ReadonlySet<CollectGroup> = new Set(['conn-states']);

const PROTOCOLS: Record<number, string> = { 6: 'tcp', 17: 'udp', 132: 'sctp' };
const DRAIN_STATES: readonly DrainState[] = ['active', 'draining', 'drained', 'overloaded'];

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

/** renderLabels(backendLabels(s, d)), from the service's labels rendered once (`serviceText`) for all its real servers. */
export const backendLabelText = (serviceText: string, d: Destination): string =>
  `${serviceText},backend_address="${escapeLabelValue(d.address)}",backend_port="${d.port}"`;

/** The overload flag is derived (the kernel does not send it), and it has hysteresis: what it was last scrape. */
export type OverloadMemory = Map<string, boolean>;

/** Own labels shared by many series, rendered once: a scrape at 1,000 x 10 writes 170,000 series. */
const NONE = utf8('');
const IN = utf8(renderLabels({ direction: 'in' }));
const OUT = utf8(renderLabels({ direction: 'out' }));
const STATE_LABELS = Object.fromEntries(DRAIN_STATES.map((s) => [s, utf8(renderLabels({ state: s }))])) as Record<
  DrainState,
  Uint8Array
>;

const labelBytes = (labels: Labels): Uint8Array => utf8(renderLabels(labels));

/** A service or real server, with its labels rendered once for all its series. */
interface Row<T> {
  item: T;
  /** Its labels, as UTF-8. */
  id: Uint8Array;
}

/**
 * A family of a series per row and own label (`own[k]`, whose value is `value(item, k)`), or per row with
 * labels of its own (`ownOf`, for info metrics). Its lines are made as the exposition is written.
 */
function rowFamily<T>(
  head: { name: string; type: MetricType; help: string },
  rows: readonly Row<T>[],
  own: readonly Uint8Array[],
  value: (item: T, k: number) => number | bigint,
  ownOf?: (item: T) => Uint8Array,
): MetricFamily {
  return {
    ...head,
    rows: {
      count: rows.length * own.length,
      *write(out, name, limit) {
        let left = limit;
        // Indexed: an array's iterator in a generator made an object per row (4.7 MB a scrape at 1,000 x 10).
        for (let r = 0; r < rows.length; r++) {
          const { item, id } = rows[r]!;
          for (let k = 0; k < own.length; k++) {
            if (left-- <= 0) return;
            out.series(name, id, ownOf ? ownOf(item) : own[k]!, value(item, k));
          }
          if (out.full) yield;
        }
      },
    },
  };
}

/** Connections, and packets and bytes in each direction: the kernel's counters as they are. */
function trafficFamilies<T>(metric: string, what: string, rows: readonly Row<T>[], stats: (x: T) => Stats) {
  const help = `Packets through the ${what}, by direction: in (client to server), out (server to client; none with DR or tunnels).`;
  return [
    rowFamily(
      {
        name: `${metric}_connections`,
        type: 'counter',
        help: `Connections scheduled to the ${what} (kernel counter).`,
      },
      rows,
      [NONE],
      (x) => stats(x).connections,
    ),
    rowFamily({ name: `${metric}_packets`, type: 'counter', help }, rows, [IN, OUT], (x, k) =>
      k === 0 ? stats(x).inPackets : stats(x).outPackets,
    ),
    rowFamily(
      { name: `${metric}_bytes`, type: 'counter', help: `Bytes through the ${what}, by direction (as for packets).` },
      rows,
      [IN, OUT],
      (x, k) => (k === 0 ? stats(x).inBytes : stats(x).outBytes),
    ),
  ];
}

function flagsText(s: Service): string {
  const words = schedulerFlagWords(s);
  if (isPersistent(s)) words.unshift('persistent');
  if (isOnePacket(s)) words.push('ops');
  return words.join(',');
}

interface ServiceItem {
  s: Service;
  states: Record<DrainState, number>;
}

const STATE_OWN = DRAIN_STATES.map((st) => STATE_LABELS[st]);

function serviceFamilies(rows: readonly Row<ServiceItem>[]): MetricFamily[] {
  const info = ({ s }: ServiceItem) =>
    labelBytes({
      scheduler: s.scheduler,
      flags: flagsText(s),
      netmask: isPersistent(s) ? s.netmask : '',
      pe: s.peName,
    });
  return [
    ...trafficFamilies('ipvs_service', 'virtual service', rows, (x) => x.s.stats),
    rowFamily(
      {
        name: 'ipvs_service',
        type: 'info',
        help: 'A virtual service: scheduler, flags (persistent, scheduler flags, ops), persistence netmask and engine.',
      },
      rows,
      [NONE],
      () => 1,
      info,
    ),
    rowFamily(
      {
        name: 'ipvs_service_persistence_timeout_seconds',
        type: 'gauge',
        help: 'Persistence timeout of the service; 0 when it is not persistent.',
      },
      rows,
      [NONE],
      ({ s }) => (isPersistent(s) ? s.timeout : 0),
    ),
    rowFamily(
      {
        name: 'ipvs_service_backends',
        type: 'gauge',
        help: 'Real servers of the service by state: active (takes new connections), draining, drained, overloaded.',
      },
      rows,
      STATE_OWN,
      ({ states }, k) => states[DRAIN_STATES[k]!],
    ),
  ];
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

interface BackendItem {
  d: Destination;
  state: DrainState;
}

function backendFamilies(rows: readonly Row<BackendItem>[]): MetricFamily[] {
  // A few kinds of forwarding on thousands of servers: each kind's labels made once.
  const byKind = new Map<string, Uint8Array>();
  const forwardLabels = (d: Destination): Uint8Array => {
    const kind = `${d.forward} ${d.tunnelType ?? ''}`;
    const known = byKind.get(kind);
    if (known) return known;
    const labels = labelBytes({ forward: d.forward, tunnel_type: d.tunnelType ?? '' });
    byKind.set(kind, labels);
    return labels;
  };
  return [
    ...trafficFamilies('ipvs_backend', 'real server', rows, (x) => x.d.stats),
    ...BACKEND_GAUGES.map(([name, help, read]) =>
      rowFamily({ name: `ipvs_backend_${name}`, type: 'gauge', help }, rows, [NONE], ({ d }) => read(d)),
    ),
    rowFamily(
      {
        name: 'ipvs_backend',
        type: 'info',
        help: 'A real server: forwarding method (masq, route for DR, tunnel, local, bypass) and tunnel type.',
      },
      rows,
      [NONE],
      () => 1,
      ({ d }) => forwardLabels(d),
    ),
    rowFamily(
      {
        name: 'ipvs_backend_state',
        type: 'gauge',
        help: 'State of the real server, 1 for the one it is in: active, draining (weight 0, entries left), drained, overloaded.',
      },
      rows,
      STATE_OWN,
      ({ state }, k) => (DRAIN_STATES[k] === state ? 1 : 0),
    ),
  ];
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
  const services: Row<ServiceItem>[] = [];
  const backends: Row<BackendItem>[] = [];
  const written = { services: new Set<string>(), backends: new Set<string>() };
  for (const { service, dests } of snap.services) {
    const states: Record<DrainState, number> = { active: 0, draining: 0, drained: 0, overloaded: 0 };
    const serviceId = renderLabels(serviceLabels(service));
    for (const d of dests) {
      // Its labels are also the key of its overload memory, kept only for a server with an upper threshold
      // (none else can be overloaded): two lookups fewer for each of the others. A threshold set to 0 clears
      // the kernel's flag, and the memory with it.
      const id = backendLabelText(serviceId, d);
      const state = drainState(d, d.upperThreshold > 0 && overloaded.get(id) === true);
      if (d.upperThreshold > 0) overloaded.set(id, state === 'overloaded');
      else if (overloaded.size > 0) overloaded.delete(id);
      states[state]++;
      if (firstTime(written.backends, id) && groups.has('backends'))
        backends.push({ item: { d, state }, id: utf8(id) });
    }
    if (groups.has('services') && firstTime(written.services, serviceId)) {
      services.push({ item: { s: service, states }, id: utf8(serviceId) });
    }
  }
  for (const k of overloaded.keys()) if (!written.backends.has(k)) overloaded.delete(k);
  // A family with no series (its group off, an empty table) is not written at all.
  return [...serviceFamilies(services), ...backendFamilies(backends)].filter((f) => seriesCount(f) > 0);
}
