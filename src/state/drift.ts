/**
 * Drift between directors: a semantic diff of their IPVS tables, for a pair (or row) that should
 * serve the same thing, so that a failover does not change what clients get. Services are matched
 * by identity, never by position; counters and rates are never drift. Each difference names the
 * hosts and reads in one line, e.g. `TCP 192.0.2.10:80: weight of 10.0.0.11:80 is 5 on lb-a, 0 on lb-b`.
 * Order is stable: the IPVS timeouts, the net.ipv4.vs settings, then services by identity, each service's own settings
 * before its real servers (by address), in the order of DRIFT_KINDS.
 */
import { type DriftTable, readDriftTable, type ServerFacts, type ServiceFacts } from './driftTable.js';

/** Kinds of difference, in the order they are reported within one service or real server. */
export const DRIFT_KINDS = [
  'timeout',
  'sysctl',
  'service',
  'scheduler',
  'flags',
  'persistence',
  'server',
  'forward',
  'thresholds',
  'weight',
  'drain',
] as const;
export type DriftKind = (typeof DRIFT_KINDS)[number];

/** A value on one host: a setting's words or number; for `service` and `server`, whether it is there. */
export type DriftValue = string | number | boolean;

/**
 * One difference. `drain` is a weight difference where a weight is 0 and that side is draining or
 * drained; `saved` then has, for each host where ipvstop made that drain, the weight it saved.
 */
export interface Drift {
  kind: DriftKind;
  /** `TCP 192.0.2.10:80`, `FWM 7`; null for the IPVS timeouts. */
  service: string | null;
  /** A real server's address:port; for `timeout`, which one (tcp, tcpfin, udp); for `sysctl`, its name; else null. */
  server: string | null;
  /** Per host, in the order the hosts were given. */
  values: Record<string, DriftValue>;
  saved?: Record<string, number>;
  line: string;
}

/** A director's name and its parsed `list --json` document. */
export interface DirectorDocument {
  host: string;
  document: unknown;
}

/** Up to this many hosts are named in a line's group; a larger group is counted (its names are in `values`). */
const NAMED_HOSTS = 4;

const hostWords = (hosts: string[]): string =>
  hosts.length > NAMED_HOSTS ? `${hosts.length} hosts` : hosts.join(' and ');

/** `5 on lb-a and lb-c, 0 on lb-b`: hosts grouped by value, groups in the order of their first host. */
function perHost(values: Map<string, string>): string {
  const groups = new Map<string, string[]>();
  for (const [host, v] of values) groups.set(v, [...(groups.get(v) ?? []), host]);
  return [...groups].map(([v, hosts]) => `${v} on ${hostWords(hosts)}`).join(', ');
}

/** A Drift when the words differ between hosts; `words` is what the line shows, `raw` what `values` holds. */
function differ(
  kind: DriftKind,
  at: { service: string | null; server: string | null },
  what: string,
  raw: Map<string, DriftValue>,
  words: (v: DriftValue, host: string) => string = String,
): Drift[] {
  const shown = new Map([...raw].map(([h, v]) => [h, words(v, h)]));
  if (new Set(raw.values()).size <= 1) return [];
  const prefix = at.service === null ? '' : `${at.service}: `;
  return [{ kind, ...at, values: Object.fromEntries(raw), line: `${prefix}${what} ${perHost(shown)}` }];
}

const present = (v: DriftValue): string => (v ? 'present' : 'missing');

type Tables = Map<string, DriftTable>;

function timeoutDrift(tables: Tables): Drift[] {
  return (['tcp', 'tcpfin', 'udp'] as const).flatMap((which) =>
    differ(
      'timeout',
      { service: null, server: which },
      `IPVS timeout ${which} is`,
      new Map([...tables].map(([h, t]) => [h, t.timeouts[which]])),
      (v) => `${v} s`,
    ),
  );
}

/**
 * The `net.ipv4.vs.*` settings of the hosts whose document has them, those set on all of them: a
 * setting one host lacks belongs to a module it has not loaded (`lblc_expiration` comes with the
 * lblc scheduler), which the services' scheduler already tells.
 */
function sysctlDrift(tables: Tables): Drift[] {
  const withSysctls = [...tables].flatMap(([h, t]) => (t.sysctls ? [[h, t.sysctls] as const] : []));
  if (withSysctls.length < 2) return [];
  const names = [...withSysctls[0]![1].keys()].filter((n) => withSysctls.every(([, s]) => s.has(n))).sort();
  return names.flatMap((name) =>
    differ(
      'sysctl',
      { service: null, server: name },
      `${name} is`,
      new Map(withSysctls.map(([h, s]) => [h, s.get(name)!])),
    ),
  );
}

function serverDrift(label: string, on: Map<string, ServiceFacts>): Drift[] {
  const keys = [...new Set([...on.values()].flatMap((s) => [...s.servers.keys()]))].sort();
  return keys.flatMap((key) => {
    const at = { service: label, server: key };
    const has = new Map([...on].map(([h, s]) => [h, s.servers.get(key)] as const));
    const there = new Map([...has].filter((e): e is [string, ServerFacts] => e[1] !== undefined));
    const field = <K extends keyof ServerFacts>(k: K) => new Map([...there].map(([h, d]) => [h, d[k]]));
    const weights = field('weight');
    const drain = [...there.values()].some((d) => d.weight === 0);
    const saved = new Map([...there].flatMap(([h, d]) => (d.saved === undefined ? [] : [[h, d.saved] as const])));
    const weightWords = (v: DriftValue, h: string): string => {
      if (v !== 0) return String(v);
      const left = there.get(h)?.left ?? 0;
      const by = saved.has(h) ? ` by ipvstop, was ${saved.get(h)}` : '';
      return `0 (${left > 0 ? `draining${by}, ${left} left` : `drained${by}`})`;
    };
    const withSaved = (d: Drift): Drift => (saved.size > 0 ? { ...d, saved: Object.fromEntries(saved) } : d);
    return [
      ...differ('server', at, `real server ${key}`, new Map([...has].map(([h, d]) => [h, d !== undefined])), present),
      ...differ('forward', at, `forwarding of ${key} is`, field('forward')),
      ...differ('thresholds', at, `thresholds of ${key} are`, field('thresholds')),
      ...(drain
        ? differ('drain', at, `weight of ${key} is`, weights, weightWords).map(withSaved)
        : differ('weight', at, `weight of ${key} is`, weights)),
    ];
  });
}

function serviceDrift(tables: Tables, key: string): Drift[] {
  const has = new Map([...tables].map(([h, t]) => [h, t.services.get(key)] as const));
  const on = new Map([...has].filter((e): e is [string, ServiceFacts] => e[1] !== undefined));
  const label = [...on.values()][0]?.label ?? key;
  const at = { service: label, server: null };
  const field = (k: 'scheduler' | 'flags' | 'persistence') => new Map([...on].map(([h, s]) => [h, s[k]]));
  return [
    ...differ('service', at, 'service', new Map([...has].map(([h, s]) => [h, s !== undefined])), present),
    ...differ('scheduler', at, 'scheduler is', field('scheduler')),
    ...differ('flags', at, 'flags are', field('flags')),
    ...differ('persistence', at, 'persistence is', field('persistence')),
    ...serverDrift(label, on),
  ];
}

/** The differences between already-read tables (see readDriftTable), in the stable order above. */
export function tableDrift(tables: Tables): Drift[] {
  const keys = [...new Set([...tables.values()].flatMap((t) => [...t.services.keys()]))].sort();
  return [...timeoutDrift(tables), ...sysctlDrift(tables), ...keys.flatMap((k) => serviceDrift(tables, k))];
}

/** What drift made of the documents: the differences, and the hosts whose document is no table (why). */
export interface DriftReport {
  drift: Drift[];
  unread: { host: string; reason: string }[];
}

/** The drift between the documents that are tables; the others are set apart with the reason. */
export function documentDrift(directors: DirectorDocument[]): DriftReport {
  const tables: Tables = new Map();
  const unread: DriftReport['unread'] = [];
  for (const { host, document } of directors) {
    const t = readDriftTable(document);
    if (typeof t === 'string') unread.push({ host, reason: `not a list --json table: ${t}` });
    else tables.set(host, t);
  }
  return { drift: tables.size < 2 ? [] : tableDrift(tables), unread };
}
