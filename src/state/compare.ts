/**
 * "Did anything change?" for each read, field by field. The poller
 * dispatches nothing when nothing changed, so React and Ink do no work at
 * all on an idle balancer (an Ink frame costs 12 ms or more even when nothing changed, measured here).
 */
import { isDeepStrictEqual } from 'node:util';
import type { Destination, Service, ServiceTable, Stats } from '../kernel/ipvs/types.js';
import type { HaReading } from '../kernel/keepalived/haReading.js';
import type { Neighbour } from '../kernel/neigh/types.js';
import type { ConnTableSummary, StateCounts } from '../kernel/proc/types.js';
import type { ConnTalkers, EntryWindow } from './types.js';

export function sameStats(a: Stats, b: Stats): boolean {
  return (
    a.connections === b.connections &&
    a.inPackets === b.inPackets &&
    a.outPackets === b.outPackets &&
    a.inBytes === b.inBytes &&
    a.outBytes === b.outBytes &&
    a.cps === b.cps &&
    a.inPps === b.inPps &&
    a.outPps === b.outPps &&
    a.inBps === b.inBps &&
    a.outBps === b.outBps
  );
}

function sameService(a: Service, b: Service): boolean {
  if (a === b) return true; // the client hands back the same object for the same bytes
  return (
    a.af === b.af &&
    a.protocol === b.protocol &&
    a.address === b.address &&
    a.port === b.port &&
    a.fwmark === b.fwmark &&
    a.scheduler === b.scheduler &&
    a.flags === b.flags &&
    a.timeout === b.timeout &&
    a.netmask === b.netmask &&
    a.peName === b.peName &&
    sameStats(a.stats, b.stats)
  );
}

function sameDest(a: Destination, b: Destination): boolean {
  return (
    a.af === b.af &&
    a.address === b.address &&
    a.port === b.port &&
    a.connFlags === b.connFlags &&
    a.weight === b.weight &&
    a.upperThreshold === b.upperThreshold &&
    a.lowerThreshold === b.lowerThreshold &&
    a.activeConns === b.activeConns &&
    a.inactiveConns === b.inactiveConns &&
    a.persistentConns === b.persistentConns &&
    a.tunnelType === b.tunnelType &&
    a.tunnelPort === b.tunnelPort &&
    a.tunnelFlags === b.tunnelFlags &&
    sameStats(a.stats, b.stats)
  );
}

/** The same list: the very array, or the same length with `same` items place by place. */
export function sameList<T>(a: readonly T[] | undefined, b: readonly T[], same: (x: T, y: T) => boolean): boolean {
  return a === b || (a !== undefined && a.length === b.length && a.every((x, i) => same(x, b[i]!)));
}

export const sameDests = (a: readonly Destination[] | undefined, b: readonly Destination[]): boolean =>
  sameList(a, b, sameDest);

/** Same services, counters, timeouts, daemons and info; the read's latency is ignored. */
export function sameTable(a: ServiceTable | undefined, b: ServiceTable): boolean {
  if (!a) return false;
  const t = a.timeouts;
  return (
    a.info.versionCode === b.info.versionCode &&
    a.info.connTableSize === b.info.connTableSize &&
    t.tcp === b.timeouts.tcp &&
    t.tcpFin === b.timeouts.tcpFin &&
    t.udp === b.timeouts.udp &&
    JSON.stringify(a.daemons) === JSON.stringify(b.daemons) &&
    sameList(a.services, b.services, sameService)
  );
}

function sameCounts(a: StateCounts, b: StateCounts): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}

/** Same counts everywhere; when and how fast the table was read does not matter. */
export function sameSummary(a: ConnTableSummary | undefined, b: ConnTableSummary): boolean {
  if (!a || a.rows !== b.rows || a.malformed !== b.malformed || a.groups.size !== b.groups.size) return false;
  if (a.truncated !== b.truncated) return false;
  if (!sameCounts(a.states, b.states) || !sameCounts(a.templates, b.templates)) return false;
  for (const [k, g] of b.groups) {
    const h = a.groups.get(k);
    if (!h || !sameCounts(h.states, g.states) || !sameCounts(h.templates, g.templates)) return false;
  }
  return true;
}

function sameNeighbour(a: Neighbour, b: Neighbour): boolean {
  return (
    a.ifindex === b.ifindex &&
    a.interface === b.interface &&
    a.address === b.address &&
    a.lladdr === b.lladdr &&
    a.state === b.state &&
    a.flags.join() === b.flags.join()
  );
}

export const sameNeighbours = (a: readonly Neighbour[] | undefined, b: readonly Neighbour[]): boolean =>
  sameList(a, b, sameNeighbour);

/** Readings of the HA daemon that differ only in when they were taken: the daemon said the same. */
export const sameHaReading = (a: HaReading | undefined, b: HaReading): boolean =>
  a !== undefined && isDeepStrictEqual({ ...a, takenAt: 0 }, { ...b, takenAt: 0 });

/** The Connections pane's top talkers and entry window: small plain data, compared whole. */
export const samePass = (a: ConnTalkers | EntryWindow | undefined, b: ConnTalkers | EntryWindow): boolean =>
  isDeepStrictEqual(a, b);
