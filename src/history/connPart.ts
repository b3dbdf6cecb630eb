/**
 * The connection table's counts in a history sample: the summary a read of /proc/net/ip_vs_conn
 * makes (counts by state per service-and-real-server group, templates apart), kept as columns
 * across its groups like the table's numbers. A part repeats the groups' endpoints and state
 * names only when they changed since the previous sample's; otherwise its columns are the
 * differences from that sample's, which are mostly zeros and compress to almost nothing.
 */
import { type AddressFamily, AF_INET, AF_INET6 } from '../kernel/inet.js';
import { connGroupKey } from '../kernel/proc/connParser.js';
import type { ConnGroup, ConnTableSummary, ReadCutShort, StateCounts } from '../kernel/proc/types.js';
import { BodyError } from './errors.js';
import { isName, isUint } from './sampleCheck.js';

/** A group's endpoints: protocol, family, virtual address and port, real server address and port. */
type Endpoints = [string, number, string, number, string, number];

/** The part as written (JSON): the previous sample's very read (`same`), or its counts. */
export type ConnPart = { same: 1 } | ConnCountsPart;

export interface ConnCountsPart {
  /** Endpoints, state names and template state names: present when any changed (the columns are then values). */
  g?: Endpoints[];
  sn?: string[];
  tn?: string[];
  /** Per state name, a count per group; then templates likewise; then each group's longest expiry. */
  s: number[][];
  t: number[][];
  x: number[];
  /** The whole table's counts, rows read, malformed lines, why the read stopped early, when and how long. */
  all: [StateCounts, StateCounts];
  rows: number;
  bad: number;
  cut?: ReadCutShort;
  at: number;
  ms: number;
}

/** What the next part is taken against. */
export interface ConnColumns {
  /** The read these columns are of (the monitor keeps one read over several polls). */
  summary: ConnTableSummary;
  /** Its groups' keys (connGroupKey), in order. */
  keys: string[];
  sn: string[];
  tn: string[];
  s: number[][];
  t: number[][];
  x: number[];
}

/**
 * Counts by state name as columns across `n` groups, in one pass (a column is made when its name
 * first appears), then in the names' sorted order, so that the same names give the same columns.
 */
function columnsByName(
  groups: readonly ConnGroup[],
  pick: (g: ConnGroup) => StateCounts,
): { names: string[]; cols: number[][] } {
  const byName = new Map<string, number[]>();
  groups.forEach((g, i) => {
    const counts = pick(g);
    for (const k in counts) {
      let col = byName.get(k);
      if (!col) {
        col = new Array<number>(groups.length).fill(0);
        byName.set(k, col);
      }
      col[i] = counts[k]!;
    }
  });
  const names = [...byName.keys()].sort();
  return { names, cols: names.map((k) => byName.get(k)!) };
}

export function connColumnsOf(summary: ConnTableSummary): ConnColumns {
  const groups = [...summary.groups.values()];
  const states = columnsByName(groups, (g) => g.states);
  const templates = columnsByName(groups, (g) => g.templates);
  return {
    summary,
    keys: [...summary.groups.keys()],
    sn: states.names,
    tn: templates.names,
    s: states.cols,
    t: templates.cols,
    x: groups.map((g) => g.maxExpires),
  };
}

const endpointsOf = (summary: ConnTableSummary): Endpoints[] =>
  [...summary.groups.values()].map((g) => [
    g.protocol,
    g.af,
    g.virtualAddress,
    g.virtualPort,
    g.destAddress,
    g.destPort,
  ]);

const sameList = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((x, i) => x === b[i]);

const minus = (now: number[][], prev: number[][]): number[][] =>
  now.map((col, c) => col.map((v, i) => v - prev[c]![i]!));

/**
 * The part of `summary`: `{same: 1}` when it is the very read of `prev` (the monitor's table
 * was read again, its connection table not yet), differences from `prev` when its groups and
 * state names are the same, else values.
 */
export function encodeConnPart(
  summary: ConnTableSummary,
  prev: ConnColumns | undefined,
): { part: ConnPart; cols: ConnColumns } {
  if (prev?.summary === summary) return { part: { same: 1 }, cols: prev };
  const cols = connColumnsOf(summary);
  const same =
    prev !== undefined && sameList(prev.sn, cols.sn) && sameList(prev.tn, cols.tn) && sameList(prev.keys, cols.keys);
  const { rows, malformed: bad, truncated: cut, takenAt: at, durationMs: ms } = summary;
  const tail = { all: [summary.states, summary.templates] as [StateCounts, StateCounts], rows, bad, at, ms };
  const part: ConnCountsPart = same
    ? { s: minus(cols.s, prev.s), t: minus(cols.t, prev.t), x: minus([cols.x], [prev.x])[0]!, ...tail }
    : { g: endpointsOf(summary), sn: cols.sn, tn: cols.tn, s: cols.s, t: cols.t, x: cols.x, ...tail };
  if (cut !== undefined) part.cut = cut;
  return { part, cols };
}

type Obj = Record<string, unknown>;
/** A state or protocol name: one of sampleCheck's names, shorter, and not empty. */
const isStateName = (v: unknown, max = 16): v is string => isName(v, max) && v !== '';
/** An address as /proc prints it, or a fwmark template's mark in decimal. */
const isEndpoint = (v: unknown): v is string => typeof v === 'string' && /^[0-9a-fA-F.:]{1,45}$/.test(v);
const CUTS = new Set<unknown>(['time', 'size', 'groups']);

function check(ok: boolean, what: string): asserts ok {
  if (!ok) throw new BodyError(`the connection counts' ${what} are not what the recorder writes`);
}

function checkCounts(c: unknown): asserts c is StateCounts {
  check(typeof c === 'object' && c !== null && !Array.isArray(c), 'totals');
  for (const [k, n] of Object.entries(c as Obj)) check(isStateName(k) && isUint(n), 'totals');
}

function checkEndpoints(g: unknown): asserts g is Endpoints[] {
  check(Array.isArray(g), 'groups');
  for (const e of g as unknown[]) {
    check(Array.isArray(e) && e.length === 6, 'groups');
    const [protocol, af, va, vp, da, dp] = e as unknown[];
    check(
      isStateName(protocol, 8) && (af === AF_INET || af === AF_INET6) && isEndpoint(va) && isEndpoint(da),
      'groups',
    );
    check(isUint(vp, 0xffff) && isUint(dp, 0xffff), 'groups');
  }
}

/** Every column as long as the groups, each name a state name; values when `absolute`. */
function checkColumns(p: ConnCountsPart, base: { sn: string[]; tn: string[] }, n: number, absolute: boolean): void {
  const columns = [...p.s, ...p.t, p.x];
  check(Array.isArray(p.s) && Array.isArray(p.t) && Array.isArray(p.x), 'columns');
  check(p.s.length === base.sn.length && p.t.length === base.tn.length, 'columns');
  for (const col of columns) {
    check(Array.isArray(col) && col.length === n, 'columns');
    for (const v of col) check(absolute ? isUint(v) : Number.isSafeInteger(v), 'columns');
  }
  check(
    [...base.sn, ...base.tn].every((k) => isStateName(k)),
    'state names',
  );
}

function checkPart(p: unknown): asserts p is ConnCountsPart {
  check(typeof p === 'object' && p !== null, 'part');
  const o = p as Obj;
  check(Array.isArray(o.all) && o.all.length === 2, 'totals');
  checkCounts((o.all as unknown[])[0]);
  checkCounts((o.all as unknown[])[1]);
  check(isUint(o.rows) && isUint(o.bad) && (o.cut === undefined || CUTS.has(o.cut)), 'totals');
  check(typeof o.at === 'number' && Number.isFinite(o.at) && typeof o.ms === 'number' && o.ms >= 0, 'times');
}

const plus = (part: number[][], prev: number[][]): number[][] =>
  part.map((col, c) => col.map((v, i) => v + prev[c]![i]!));

/** The summary a part holds, checked as data from outside (a BodyError when it is not the recorder's). */
export function decodeConnPart(p: unknown, prev: ConnColumns | undefined): ConnColumns {
  if (typeof p === 'object' && p !== null && (p as Obj).same === 1) {
    check(prev !== undefined && Object.keys(p).length === 1, 'base');
    return prev;
  }
  checkPart(p);
  let cols: Omit<ConnColumns, 'summary' | 'keys'>;
  let endpoints: Endpoints[];
  if (p.g !== undefined) {
    checkEndpoints(p.g);
    check(Array.isArray(p.sn) && Array.isArray(p.tn), 'state names');
    const base = { sn: p.sn!, tn: p.tn!, s: [], t: [], x: [] };
    endpoints = p.g;
    checkColumns(p, base, endpoints.length, true);
    cols = { ...base, s: p.s, t: p.t, x: p.x };
  } else {
    check(prev !== undefined, 'base');
    endpoints = endpointsOf(prev.summary);
    checkColumns(p, prev, prev.keys.length, false);
    cols = { ...prev, s: plus(p.s, prev.s), t: plus(p.t, prev.t), x: plus([p.x], [prev.x])[0]! };
    check(
      [...cols.s, ...cols.t, cols.x].every((col) => col.every((v) => isUint(v))),
      'columns',
    );
  }
  const summary = summaryOf(p, endpoints, cols);
  return { ...cols, summary, keys: [...summary.groups.keys()] };
}

function summaryOf(
  p: ConnCountsPart,
  endpoints: Endpoints[],
  cols: Omit<ConnColumns, 'summary' | 'keys'>,
): ConnTableSummary {
  const groups = new Map<string, ConnGroup>();
  endpoints.forEach(([protocol, af, virtualAddress, virtualPort, destAddress, destPort], i) => {
    const states: StateCounts = {};
    const templates: StateCounts = {};
    cols.sn.forEach((k, c) => {
      if (cols.s[c]![i]! > 0) states[k] = cols.s[c]![i]!;
    });
    cols.tn.forEach((k, c) => {
      if (cols.t[c]![i]! > 0) templates[k] = cols.t[c]![i]!;
    });
    const g = { protocol, af: af as AddressFamily, virtualAddress, virtualPort, destAddress, destPort };
    groups.set(connGroupKey(protocol, virtualAddress, virtualPort, destAddress, destPort), {
      ...g,
      states,
      templates,
      maxExpires: cols.x[i]!,
    });
  });
  check(groups.size === endpoints.length, 'groups');
  const [states, templates] = p.all;
  const summary: ConnTableSummary = {
    rows: p.rows,
    states,
    templates,
    groups,
    malformed: p.bad,
    takenAt: p.at,
    durationMs: p.ms,
  };
  if (p.cut !== undefined) summary.truncated = p.cut;
  return summary;
}
