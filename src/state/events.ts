/**
 * What happened between two whole-table samples (of the history store, or any two reads), as
 * dated events, each with its kind, what it concerns and old -> new. Pure.
 *
 * Services and real servers are matched by identity through drift's comparison (drift.ts: the
 * same table read at two times is compared as two directors are), never by position: the kernel's
 * dump order changes as services come and go. Each event's words are those of ipvstop's own
 * syslog line for the action that makes such a change, where there is one (src/actions:
 * `weight of -t … -r …: 3 -> 0 (drained)`, `cleared the IPVS table (…)`, `zeroed the counters of …`).
 * A table event carries the later sample's time: it happened at or before it, after the earlier one.
 */
import { ipvsadmServiceArg } from '../actions/describe.js';
import type { HaStatus } from '../domain/ha.js';
import { plural } from '../domain/labels.js';
import { endpoint } from '../domain/names.js';
import { COUNTERS } from '../history/sample.js';
import type { Destination, ServiceId, ServiceWithDests, Stats, Timeouts } from '../kernel/ipvs/types.js';
import type { ConnTableSummary } from '../kernel/proc/types.js';
import { sameList } from './compare.js';
import { type Drift, tableDrift } from './drift.js';
import { type DriftTable, serviceFactsOf, serviceIdOf } from './driftTable.js';
import { EVENT_KINDS, type EventKind, eventOfDrift, type TableEvent } from './eventWords.js';
import { haChangesBetween } from './haEvents.js';
import { placesIn } from './identity.js';
import { synRecvChanges } from './synRecvSamples.js';
import type { LoggedEvent, ServiceEntry } from './types.js';

export { EVENT_KINDS, type EventKind, type TableEvent };

/** A whole-table read: what a recorded sample holds (history/sample.ts), HA when it was read. */
export interface TableSample {
  takenAt: number;
  timeouts: Timeouts;
  services: readonly ServiceWithDests[];
  ha?: HaStatus;
  /** The connection table's counts read with it (SYN_RECV pile-ups: synRecvSamples.ts). */
  conns?: ConnTableSummary;
}

/**
 * A sample made ready to compare: each service by drift's key, with a signature of everything
 * drift compares of it. Services whose signatures are equal have nothing for drift to find, and
 * only the others are turned into drift's facts: most services, most samples, are unchanged.
 */
export interface SampleView {
  sample: TableSample;
  byKey: Map<string, ServiceWithDests>;
  signatures: Map<string, string>;
}

/** What drift's facts are made of (driftTable.ts), raw: equal signatures, equal facts. */
function signature({ service: s, dests }: ServiceWithDests): string {
  const servers = dests.map(
    (d) =>
      `${d.af} ${d.address} ${d.port} ${d.forward} ${d.tunnelType} ${d.tunnelPort} ${d.upperThreshold} ${d.lowerThreshold} ${d.weight}`,
  );
  return `${s.scheduler}|${s.flags}|${s.timeout}|${s.netmask}|${servers.join('|')}`;
}

export function viewOf(sample: TableSample): SampleView {
  const byKey = new Map<string, ServiceWithDests>();
  const signatures = new Map<string, string>();
  for (const s of sample.services) {
    const { key } = serviceIdOf(s.service);
    byKey.set(key, s);
    signatures.set(key, signature(s));
  }
  return { sample, byKey, signatures };
}

/** Drift's table of a whole sample. */
export function driftTableOf(v: SampleView, keep: (key: string) => boolean = () => true): DriftTable {
  const t = v.sample.timeouts;
  const services = new Map([...v.byKey].filter(([k]) => keep(k)).map(([, s]) => serviceFactsOf(s)));
  // The recorder keeps no net.ipv4.vs settings: none are compared.
  return { timeouts: { tcp: t.tcp, tcpfin: t.tcpFin, udp: t.udp }, sysctls: null, services };
}

export interface EventOptions {
  /** The recording's interval in ms: a longer silence than twice this is a `gap` event. */
  intervalMs?: number;
  /** Services left out of both samples as the same in both: they count among the services the two share. */
  leftOutUnchanged?: number;
}

/** Where the kernel sends 32-bit counters only (before 4.1), connections and packets wrap: not a zeroing. */
const wentBack = (a: Stats, b: Stats, stats64: boolean): boolean => stats64 && COUNTERS.some((k) => b[k] < a[k]);

const event = (at: number, kind: EventKind, text: string, more: Partial<TableEvent> = {}): TableEvent => ({
  at,
  kind,
  service: null,
  server: null,
  name: null,
  old: null,
  new: null,
  text,
  ...more,
});

function gapEvent(prev: TableSample, next: TableSample, o: EventOptions): TableEvent[] {
  const silent = next.takenAt - prev.takenAt;
  if (!o.intervalMs || silent <= 2 * o.intervalMs) return [];
  const s = Math.round(silent / 1000);
  return [
    event(
      next.takenAt,
      'gap',
      `no sample for ${s} s before this one: the recorder was stopped or could not read the table`,
    ),
  ];
}

const sameServer = (a: Destination, b: Destination | undefined): boolean =>
  b !== undefined && a.address === b.address && a.port === b.port && a.af === b.af;

/** Each real server of `now` with itself in `was`, by identity; by position first, the usual case and cheap. */
function serverPairs(was: ServiceWithDests, now: ServiceWithDests): [Destination, Destination][] {
  if (was.dests.length === now.dests.length && now.dests.every((d, i) => sameServer(d, was.dests[i]))) {
    return now.dests.map((d, i) => [d, was.dests[i]!]);
  }
  return now.dests.flatMap((d) => {
    const old = was.dests.find((o) => sameServer(d, o));
    return old ? [[d, old] as [Destination, Destination]] : [];
  });
}

/** Counters that went back: all of them (`ipvsadm -Z`), a service's (`-Z -t …`), or a real server's alone. */
function zeroedEvents(prev: SampleView, next: SampleView, at: number, leftOut: number): TableEvent[] {
  const out: TableEvent[] = [];
  let common = leftOut;
  let services = 0;
  for (const [key, now] of next.byKey) {
    const was = prev.byKey.get(key);
    if (!was) continue;
    common++;
    const service = () => serviceIdOf(now.service).label;
    if (wentBack(was.service.stats, now.service.stats, now.service.stats64 && was.service.stats64)) {
      services++;
      const text = `zeroed the counters of ${ipvsadmServiceArg(now.service)}`;
      out.push(event(at, 'zeroed', text, { service: service() }));
      continue;
    }
    for (const [d, old] of serverPairs(was, now)) {
      if (!wentBack(old.stats, d.stats, d.stats64 && old.stats64)) continue;
      const server = endpoint(d.af, d.address, d.port);
      const text = `counters of ${ipvsadmServiceArg(now.service)} -r ${server} went back`;
      out.push(event(at, 'zeroed', text, { service: service(), server }));
    }
  }
  if (common > 1 && services === common) return [event(at, 'zeroed', 'zeroed all counters')];
  return out;
}

/** `v`'s drift table of only the services whose signature differs from `other`'s (or that `other` lacks). */
const changedPart = (v: SampleView, other: SampleView): DriftTable =>
  driftTableOf(v, (k) => v.signatures.get(k) !== other.signatures.get(k));

/** Drift between the two tables as events; a table of several services emptied is one event, not one per service. */
function tableEvents(prev: SampleView, next: SampleView, at: number): TableEvent[] {
  const [was, now] = [changedPart(prev, next), changedPart(next, prev)];
  const drift: Drift[] = tableDrift(
    new Map([
      ['old', was],
      ['new', now],
    ]),
  );
  const byLabel = new Map<string, ServiceId>();
  for (const [v, t] of [
    [prev, was],
    [next, now],
  ] as const) {
    for (const [key, facts] of t.services) byLabel.set(facts.label, v.byKey.get(key)!.service);
  }
  const n = prev.byKey.size;
  const cleared = n > 1 && next.byKey.size === 0;
  const events = drift
    .filter((d) => !(cleared && d.kind === 'service'))
    .map((d) => eventOfDrift(d, at, (label) => byLabel.get(label)!, now));
  if (!cleared) return events;
  return [
    event(at, 'cleared', `cleared the IPVS table (${n} ${plural(n, 'service')} removed)`, { old: n, new: 0 }),
    ...events,
  ];
}

function haEvents(prev: TableSample, next: TableSample): TableEvent[] {
  if (!next.ha) return [];
  return haChangesBetween(prev.ha, next.ha, next.takenAt).map((c) =>
    event(c.at, c.kind, c.text, { name: c.what, old: c.old, new: c.new }),
  );
}

/** The events between two views of consecutive samples, oldest first. */
export function eventsBetweenViews(prev: SampleView, next: SampleView, o: EventOptions = {}): TableEvent[] {
  const at = next.sample.takenAt;
  const events = [
    ...gapEvent(prev.sample, next.sample, o),
    ...tableEvents(prev, next, at),
    ...zeroedEvents(prev, next, at, o.leftOutUnchanged ?? 0),
    ...haEvents(prev.sample, next.sample),
  ];
  // A VRRP transition carries keepalived's own time, which can be earlier; the sort is stable.
  return events.sort((x, y) => x.at - y.at);
}

/** The events between two consecutive samples, oldest first. */
export function eventsBetween(prev: TableSample, next: TableSample, o: EventOptions = {}): TableEvent[] {
  return eventsBetweenViews(viewOf(prev), viewOf(next), o);
}

/** The events along samples in time order; each sample is made ready to compare once. */
export function* eventsAlong(samples: Iterable<TableSample>, o: EventOptions = {}): Generator<TableEvent> {
  let prev: SampleView | undefined;
  let piling: ReadonlySet<string> | undefined;
  for (const s of samples) {
    const view = viewOf(s);
    const syn = synRecvChanges(piling, s.services, s.conns, s.takenAt);
    piling = syn.piling;
    if (prev) yield* eventsBetweenViews(prev, view, o);
    yield* syn.events;
    prev = view;
  }
}

/** Timeouts are not compared in the monitor's log (its entries do not carry them). */
const NO_TIMEOUTS: Timeouts = { tcp: 0, tcpFin: 0, udp: 0 };
const NO_SERVERS: readonly Destination[] = [];

/** A service's real servers as the log compares them: only when both reads have them. */
type ServersOf = (e: ServiceEntry) => readonly Destination[];

/** The same service object (the same bytes from the kernel) with the same real servers: no event can come of it. */
function sameEntry(a: ServiceEntry, b: ServiceEntry, serversOf: ServersOf): boolean {
  if (a.service !== b.service) return false;
  // The client hands back an unchanged dump's array itself: the usual case, which sameList ends at once.
  return sameList(serversOf(a), serversOf(b), (x, y) => x === y);
}

/**
 * The entries of `prev` and `next` whose service differs between them, or that only one has; and how
 * many the two share unchanged. Most polls change a few services of the table: the rest are not compared.
 */
function changedEntries(prev: readonly ServiceEntry[], next: readonly ServiceEntry[], serversOf: ServersOf) {
  const prevAt = placesIn(prev);
  const prevSame = new Uint8Array(prev.length);
  const nextChanged: ServiceEntry[] = [];
  next.forEach((e, i) => {
    const j = prevAt(e.key, i);
    if (j !== undefined && sameEntry(prev[j]!, e, serversOf)) prevSame[j] = 1;
    else nextChanged.push(e);
  });
  const unchanged = next.length - nextChanged.length;
  if (unchanged === 0) return { prev, next, unchanged };
  return { prev: prev.filter((_, j) => prevSame[j] === 0), next: nextChanged, unchanged };
}

/**
 * The monitor's log lines for the kernel table, in the event's words. The monitor
 * reads real servers only for some services: a service's real servers are compared only when
 * both reads have them.
 */
export function tableEventsBetween(
  prev: readonly ServiceEntry[],
  next: readonly ServiceEntry[],
  at: number,
): LoggedEvent[] {
  const readIn = (entries: readonly ServiceEntry[]) => new Set(entries.filter((e) => e.dests).map((e) => e.key));
  const [before, after] = [readIn(prev), readIn(next)];
  const serversOf: ServersOf = (e) =>
    before.has(e.key) && after.has(e.key) ? (e.dests ?? []).map((d) => d.dest) : NO_SERVERS;
  const changed = changedEntries(prev, next, serversOf);
  const sample = (entries: readonly ServiceEntry[]): TableSample => ({
    takenAt: at,
    timeouts: NO_TIMEOUTS,
    services: entries.map((e) => ({ service: e.service, dests: [...serversOf(e)] })),
  });
  return eventsBetween(sample(changed.prev), sample(changed.next), { leftOutUnchanged: changed.unchanged }).map(
    (e) => ({ at: e.at, from: 'table', text: e.text }),
  );
}
