/**
 * One recorded sample and its body codec. A sample splits into what rarely changes (the
 * structure: every service's and real server's attributes but its counters) and columns of
 * numbers (counters, rates, connection counts), one column per field across all entries, which
 * compress far better than rows. A delta body carries each number's difference from the previous
 * sample and no structure; any change of structure makes a keyframe instead (see encodeSample).
 */
import type { HaStatus } from '../domain/ha.js';
import type {
  Destination,
  IpvsInfo,
  Service,
  ServiceWithDests,
  Stats,
  SyncDaemon,
  Timeouts,
} from '../kernel/ipvs/types.js';
import type { ConnTableSummary } from '../kernel/proc/types.js';

/** The doctor's finding counts at the time of a sample. */
export interface DoctorCounts {
  crit: number;
  warn: number;
}

export interface HistorySample {
  /** ms since the epoch. */
  takenAt: number;
  info: IpvsInfo;
  timeouts: Timeouts;
  daemons: SyncDaemon[];
  services: ServiceWithDests[];
  /** Absent: not recorded. */
  ha?: HaStatus;
  doctor?: DoctorCounts;
  /** The connection table's counts as last read (their own time: takenAt); absent: not recorded. */
  conns?: ConnTableSummary;
}

export const COUNTERS = ['connections', 'inPackets', 'outPackets', 'inBytes', 'outBytes'] as const;
export const RATES = ['cps', 'inPps', 'outPps', 'inBps', 'outBps'] as const;
export const CONNS = ['activeConns', 'inactiveConns', 'persistentConns'] as const;

/** A sample's numbers: bigint counters then number columns, in a fixed order (see columnsOf). */
export interface Columns {
  big: bigint[][];
  num: number[][];
}

type ServiceShape = Omit<Service, 'stats'>;
type DestShape = Omit<Destination, 'stats' | (typeof CONNS)[number]>;
export interface Structure {
  services: { service: ServiceShape; dests: DestShape[] }[];
}
export interface Meta {
  info: IpvsInfo;
  timeouts: Timeouts;
  daemons: SyncDaemon[];
  ha?: HaStatus;
  doctor?: DoctorCounts;
}

export function structureOf(s: HistorySample): Structure {
  return {
    services: s.services.map(({ service, dests }) => {
      const { stats: _s, ...shape } = service;
      return {
        service: shape,
        dests: dests.map((d) => {
          const { stats: _d, activeConns: _a, inactiveConns: _i, persistentConns: _p, ...rest } = d;
          return rest;
        }),
      };
    }),
  };
}

export function metaOf(s: HistorySample): Meta {
  const m: Meta = { info: s.info, timeouts: s.timeouts, daemons: s.daemons };
  if (s.ha !== undefined) m.ha = s.ha;
  if (s.doctor !== undefined) m.doctor = s.doctor;
  return m;
}

/** Every entry's stats in order: each service, then its real servers. */
function allStats(s: HistorySample): Stats[] {
  return s.services.flatMap(({ service, dests }) => [service.stats, ...dests.map((d) => d.stats)]);
}

export function columnsOf(s: HistorySample): Columns {
  const stats = allStats(s);
  const dests = s.services.flatMap((x) => x.dests);
  return {
    big: COUNTERS.map((k) => stats.map((st) => st[k])),
    num: [...RATES.map((k) => stats.map((st) => st[k])), ...CONNS.map((k) => dests.map((d) => d[k]))],
  };
}

/** The sample a structure, its columns and meta make up. */
export function assemble(takenAt: number, meta: Meta, structure: Structure, cols: Columns): HistorySample {
  let entry = 0;
  let dest = 0;
  // Object literals in COUNTERS', RATES' and CONNS' order, not keys set one by one: a decode of
  // a 1,000 x 10 sample took a quarter less.
  const [connections, inPackets, outPackets, inBytes, outBytes] = cols.big as [
    bigint[],
    bigint[],
    bigint[],
    bigint[],
    bigint[],
  ];
  const [cps, inPps, outPps, inBps, outBps, active, inactive, persistent] = cols.num as number[][] as [
    number[],
    number[],
    number[],
    number[],
    number[],
    number[],
    number[],
    number[],
  ];
  const statsAt = (i: number): Stats => ({
    connections: connections[i]!,
    inPackets: inPackets[i]!,
    outPackets: outPackets[i]!,
    inBytes: inBytes[i]!,
    outBytes: outBytes[i]!,
    cps: cps[i]!,
    inPps: inPps[i]!,
    outPps: outPps[i]!,
    inBps: inBps[i]!,
    outBps: outBps[i]!,
  });
  const services = structure.services.map(({ service, dests }) => {
    const s: Service = { ...service, stats: statsAt(entry++) };
    const ds = dests.map((d): Destination => {
      const conns = { activeConns: active[dest]!, inactiveConns: inactive[dest]!, persistentConns: persistent[dest]! };
      dest++;
      return { ...d, ...conns, stats: statsAt(entry++) };
    });
    return { service: s, dests: ds };
  });
  return { takenAt, ...meta, services };
}
