/**
 * The IPVS table as Prometheus metric families (docs/prometheus.md lists them): per service and per real
 * server, the kernel's u64 counters exact, the connection counts, weights and thresholds, and info metrics
 * for what is an attribute rather than a number. Series identity: serviceLabels.ts.
 */
import { type DrainState, drainState } from '../../domain/drainState.js';
import { isOnePacket, isPersistent, schedulerFlagWords } from '../../domain/flags.js';
import type { Destination, IpvsSnapshot, Service, Stats } from '../../kernel/ipvs/types.js';
import { type Labels, type MetricFamily, type MetricType, renderLabels, seriesCount } from './exposition.js';
import { utf8 } from './expositionWriter.js';
import type { ServerMemory } from './serverMemory.js';

/** Groups of series the exporter's --collect.<group> flags turn on and off (docs/prometheus.md). */
export const COLLECT_GROUPS = ['services', 'backends', 'settings', 'ha', 'doctor', 'conn-states'] as const;
export type CollectGroup = (typeof COLLECT_GROUPS)[number];
/** Off unless asked for: reading the connection table costs seconds when it holds millions of entries. */
export const OFF_BY_DEFAULT: ReadonlySet<CollectGroup> = new Set(['conn-states']);

const DRAIN_STATES: readonly DrainState[] = ['active', 'draining', 'drained', 'overloaded'];

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

/**
 * The table's families. `memory` keeps each server's labels and overload flag between scrapes (it forgets
 * the servers gone from the table), and says which service or real server came twice in one read, whose
 * series are written once, the first time.
 */
export function ipvsFamilies(
  snap: IpvsSnapshot,
  groups: ReadonlySet<CollectGroup>,
  memory: ServerMemory,
): MetricFamily[] {
  const services: Row<ServiceItem>[] = [];
  const backends: Row<BackendItem>[] = [];
  memory.begin();
  for (const { service, dests } of snap.services) {
    const states: Record<DrainState, number> = { active: 0, draining: 0, drained: 0, overloaded: 0 };
    const known = memory.service(service);
    for (const d of dests) {
      const server = memory.server(known, d);
      if (!server) continue;
      // A threshold set to 0 clears the kernel's flag, and the memory with it (drainState: not overloaded).
      const state = drainState(d, server.overloaded);
      server.overloaded = state === 'overloaded';
      states[state]++;
      if (groups.has('backends')) backends.push({ item: { d, state }, id: server.labels });
    }
    if (groups.has('services') && !known.repeat) services.push({ item: { s: service, states }, id: known.labels });
  }
  memory.end();
  // A family with no series (its group off, an empty table) is not written at all.
  return [...serviceFamilies(services), ...backendFamilies(backends)].filter((f) => seriesCount(f) > 0);
}
