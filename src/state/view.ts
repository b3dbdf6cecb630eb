/**
 * What the lists show, derived from the state: the services tree (sorted,
 * filtered, expanded), the neighbour rows, the selection kept on screen.
 * Derivations are memoised on their inputs' identity, so a render that
 * changes nothing they depend on costs nothing.
 */

import { serviceLabel } from '../domain/labels.js';
import { endpoint } from '../domain/names.js';
import { compareDests, compareServices, glibcSort, mergeSorted, totallyOrdered } from '../domain/sort.js';
import type { Neighbour } from '../kernel/neigh/types.js';
import { goneDestsOf, marksOf } from './highlight.js';
import { type ServiceKey, sameKeysInPlace, serviceOfRow } from './identity.js';
import { memoOn } from './memo.js';
import { kernelRates, type RateSet } from './rates.js';
import type {
  ChangedField,
  DestEntry,
  Highlight,
  ListView,
  MonitorState,
  RateMode,
  ServiceEntry,
  ServiceSort,
} from './types.js';

/**
 * A row's change marks (highlight.ts): new for a few seconds, or gone (shown a few seconds, never
 * counted or acted on), or the fields that changed at a recent refresh.
 */
export interface RowMarks {
  mark?: 'new' | 'gone';
  changed?: ReadonlySet<ChangedField>;
}

/** One line of the services pane. */
export type ServiceRow =
  | ({ kind: 'service'; id: ServiceKey; entry: ServiceEntry; expanded: boolean } & RowMarks)
  | ({ kind: 'dest'; id: string; entry: ServiceEntry; dest: DestEntry } & RowMarks)
  /** "reading…" / "no real servers" under an expanded service. */
  | { kind: 'note'; id: string; entry: ServiceEntry; text: string };

/** Rates of a row as the chosen mode shows them; undefined while a delta needs a second sample. */
export function ratesOf(item: ServiceEntry | DestEntry, mode: RateMode): RateSet | undefined {
  const stats = 'service' in item ? item.service.stats : item.dest.stats;
  return mode === 'kernel' ? kernelRates(stats) : item.delta;
}

export function isExpanded(state: Pick<MonitorState, 'svc'>, key: ServiceKey): boolean {
  return state.svc.expanded.get(key) ?? state.svc.defaultExpanded ?? true;
}

/** Active / inactive / persistent connections of a service: its real servers' sums, when read. */
export function serviceConns(
  entry: ServiceEntry,
): { active: number; inactive: number; persistent: number } | undefined {
  if (!entry.dests) return undefined;
  const t = { active: 0, inactive: 0, persistent: 0 };
  for (const d of entry.dests) {
    t.active += d.dest.activeConns;
    t.inactive += d.dest.inactiveConns;
    t.persistent += d.dest.persistentConns;
  }
  return t;
}

function sortValue(item: ServiceEntry | DestEntry, sort: ServiceSort, mode: RateMode): number {
  if (sort === 'active') return 'service' in item ? (serviceConns(item)?.active ?? -1) : item.dest.activeConns;
  if (sort === 'conns') return Number('service' in item ? item.service.stats.connections : item.dest.stats.connections);
  const r = ratesOf(item, mode);
  if (!r) return -1;
  return sort === 'cps' ? r.cps : sort === 'inBps' ? r.inBps : r.outBps;
}

/** The services last put in address order, when that order was total (see servicesByAddress). */
let lastByAddress: readonly ServiceEntry[] = [];
/** The last list put in address order, and its order as indexes into it. */
let lastSorted: { items: readonly ServiceEntry[]; order: readonly number[] } = { items: [], order: [] };

const byServiceAddress = (a: ServiceEntry, b: ServiceEntry): number => compareServices(a.service, b.service);

/**
 * Services in ipvsadm's order. The order depends on the services' keys alone: a list with the keys
 * of the last one, in the same places (every poll of a steady table), takes the last order. Else,
 * when the order is total (see totallyOrdered) the last order is kept for the services still there
 * and only new ones are sorted and merged in: on a table of 10,000 services with a few coming and
 * going, each poll costs a walk instead of a sort.
 */
function servicesByAddress(items: readonly ServiceEntry[]): ServiceEntry[] {
  if (sameKeysInPlace(lastSorted.items, items)) return lastSorted.order.map((i) => items[i]!);
  const sorted = addressOrder(items);
  const at = new Map(items.map((e, i) => [e, i]));
  lastSorted = { items, order: sorted.map((e) => at.get(e)!) };
  return sorted;
}

function addressOrder(items: readonly ServiceEntry[]): ServiceEntry[] {
  if (!totallyOrdered(items.map((e) => e.service))) {
    lastByAddress = [];
    return glibcSort(items, byServiceAddress);
  }
  const current = new Map(items.map((e) => [e.key, e]));
  const kept: ServiceEntry[] = [];
  for (const e of lastByAddress) {
    const now = current.get(e.key);
    if (now === undefined) continue;
    kept.push(now);
    current.delete(e.key);
  }
  const order = mergeSorted(kept, glibcSort([...current.values()], byServiceAddress), byServiceAddress);
  lastByAddress = order;
  return [...order]; // callers sort and reverse in place
}

/** Address order is ipvsadm's (what operators know); numbers sort biggest first; `reverse` flips either. */
function sorted<T extends ServiceEntry | DestEntry>(
  items: readonly T[],
  byAddress: (items: readonly T[]) => T[],
  v: ListView<ServiceSort>,
  mode: RateMode,
): T[] {
  const base = byAddress(items);
  if (v.sort !== 'address') {
    const value = new Map(base.map((i) => [i, sortValue(i, v.sort, mode)]));
    base.sort((a, b) => value.get(b)! - value.get(a)!); // stable: ties keep address order
  }
  return v.reverse ? base.reverse() : base;
}

function matches(entry: ServiceEntry, filter: string): boolean {
  if (!filter) return true;
  const f = filter.toLowerCase();
  const s = entry.service;
  if (`${serviceLabel(s)} ${s.scheduler}`.toLowerCase().includes(f)) return true;
  return entry.dests?.some((d) => endpoint(d.dest.af, d.dest.address, d.dest.port).toLowerCase().includes(f)) ?? false;
}

/** A service's real-server rows, those that went from it lately among them (a gone service's are all gone). */
function childRows(
  entry: ServiceEntry,
  v: ListView<ServiceSort>,
  mode: RateMode,
  h: Highlight,
  serviceGone: boolean,
): ServiceRow[] {
  const gone = serviceGone ? [] : goneDestsOf(h, entry.key);
  if (!entry.dests) return [{ kind: 'note', id: `${entry.key} > …`, entry, text: 'reading real servers…' }];
  if (entry.dests.length + gone.length === 0)
    return [{ kind: 'note', id: `${entry.key} > …`, entry, text: 'no real servers' }];
  const order = (a: DestEntry, b: DestEntry) => compareDests(a.dest, b.dest);
  const live = sorted(entry.dests, (ds) => glibcSort(ds, order), v, mode);
  return withGone(live, gone, order, v).map((dest) => ({
    kind: 'dest',
    id: dest.key,
    entry,
    dest,
    ...marksOf(h, dest.key, serviceGone || h.goneDests.has(dest.key)),
  }));
}

/**
 * Rows that went (highlight.ts) put among those still there: in address order, each before the
 * first that sorts after it; at the end in another order (their counts are no longer read). Only
 * inserted: sorting them with the rest would change the order of the rest, since ipvsadm's order
 * is not total (see glibcSort).
 */
function withGone<T>(live: T[], gone: readonly T[], order: (a: T, b: T) => number, v: ListView<ServiceSort>): T[] {
  if (gone.length === 0) return live;
  if (v.sort !== 'address') return [...live, ...gone];
  const sign = v.reverse ? -1 : 1;
  const signed = (a: T, b: T): number => sign * order(a, b);
  // One merge: thousands gone at once (ipvsadm -C on a big table) cost a walk, not a search each.
  return mergeSorted(live, glibcSort(gone, signed), signed);
}

const goneServicesOf = (h: Highlight): ServiceEntry[] => [...h.goneServices.values()].map((g) => g.entry);

const rowsMemo = memoOn<readonly ServiceEntry[], ServiceRow[]>();

/** The services pane's rows, memoised per service list on the view's inputs: moving the selection costs nothing. */
export function serviceRows(state: Pick<MonitorState, 'services' | 'svc' | 'rateMode' | 'highlight'>): ServiceRow[] {
  const v = state.svc;
  const h = state.highlight;
  const inputs = [v.expanded, v.defaultExpanded, v.filter, v.sort, v.reverse, state.rateMode, h];
  return rowsMemo(state.services, inputs, () => {
    const rows: ServiceRow[] = [];
    const visible = state.services.filter((e) => matches(e, v.filter));
    const gone = goneServicesOf(h).filter((e) => matches(e, v.filter));
    // Row ids key the drawn rows: two rows with one id would leave one drawn after it is gone. The
    // table's services have one each, so only a gone one (back since) or a real server can repeat one.
    const ids = new Set<string>();
    const add = (row: ServiceRow): boolean => {
      if (row.kind === 'service' && gone.length === 0) {
        rows.push(row);
        return true;
      }
      if (ids.has(row.id)) return false;
      ids.add(row.id);
      rows.push(row);
      return true;
    };
    const live = sorted(visible, servicesByAddress, v, state.rateMode);
    for (const entry of withGone(live, gone, byServiceAddress, v)) {
      const expanded = isExpanded(state, entry.key);
      const gone = h.goneServices.has(entry.key);
      if (!add({ kind: 'service', id: entry.key, entry, expanded, ...marksOf(h, entry.key, gone) }) || !expanded)
        continue;
      for (const row of childRows(entry, v, state.rateMode, h, gone)) add(row);
    }
    return rows;
  });
}

/** Stable id of a neighbour row. */
export const neighbourId = (n: Neighbour): string => `${n.ifindex} ${n.address}`;

/**
 * Addresses in numeric order ("10.0.0.9" before "10.0.0.10"). One collator, made at the first sort:
 * `localeCompare` with a locale or options makes a new one at every call (10 us natively, 50 times
 * the collator's own compare).
 */
let numericCollator: Intl.Collator | undefined;
function byNumbers(a: string, b: string): number {
  numericCollator ??= new Intl.Collator('en', { numeric: true });
  return numericCollator.compare(a, b);
}

const ARP_ORDER = {
  iface: (a: Neighbour, b: Neighbour) => a.interface.localeCompare(b.interface) || byNumbers(a.address, b.address),
  address: (a: Neighbour, b: Neighbour) => a.af - b.af || byNumbers(a.address, b.address),
  state: (a: Neighbour, b: Neighbour) =>
    (a.states[0] ?? '').localeCompare(b.states[0] ?? '') || a.interface.localeCompare(b.interface),
};

const arpMemo = memoOn<readonly Neighbour[], Neighbour[]>();
/** The key of the memo before the first neighbour read. */
const NO_NEIGHBOURS: readonly Neighbour[] = [];

/** Neighbour rows: filtered by interface (or address) and sorted; memoised per neighbour list. */
export function arpRows(state: Pick<MonitorState, 'neighbours' | 'arp'>): Neighbour[] {
  const { filter, sort, reverse } = state.arp;
  const neighbours = state.neighbours ?? NO_NEIGHBOURS;
  return arpMemo(neighbours, [filter, sort, reverse], () => {
    const f = filter.toLowerCase();
    const rows = neighbours.filter((n) => !f || n.interface.toLowerCase().includes(f) || n.address.includes(f));
    rows.sort(ARP_ORDER[sort]);
    if (reverse) rows.reverse();
    return rows;
  });
}

/** The smallest scroll that keeps `index` on screen. */
export function scrollTo(offset: number, index: number, height: number, total: number): number {
  const h = Math.max(1, height);
  let o = offset;
  if (index < o) o = index;
  if (index >= o + h) o = index - h + 1;
  return Math.max(0, Math.min(o, total - h));
}

const rowIds = memoOn<readonly ServiceRow[], string[]>();
/** Row ids, once per row list: every key press re-finds the selection among them. */
const idsOf = (rows: readonly ServiceRow[]): string[] => rowIds(rows, [], () => rows.map((r) => r.id));

function clampList<S extends string>(v: ListView<S>, ids: readonly string[]): ListView<S> {
  let index = v.selected === undefined ? -1 : ids.indexOf(v.selected);
  if (index < 0) index = Math.max(0, Math.min(v.index, ids.length - 1));
  const selected = ids[index];
  const offset = scrollTo(v.offset, index, v.height, ids.length);
  if (selected === v.selected && index === v.index && offset === v.offset) return v;
  return { ...v, selected, index, offset };
}

/** Re-finds both selections after any change (rows come and go) and keeps them on screen. */
export function clampViews(state: MonitorState): MonitorState {
  const svc = clampList(state.svc, idsOf(serviceRows(state)));
  const arp = clampList(state.arp, arpRows(state).map(neighbourId));
  return svc === state.svc && arp === state.arp ? state : { ...state, svc: { ...state.svc, ...svc }, arp };
}

/** The selected service (whatever row of it is selected). */
export function selectedService(state: MonitorState): ServiceEntry | undefined {
  const id = state.svc.selected;
  if (id === undefined) return undefined;
  const key = serviceOfRow(id);
  return state.services.find((s) => s.key === key);
}

/** The selected row when it is gone (shown a few seconds after it left the table), with when it went. */
export function selectedGone(state: MonitorState): { what: string; at: number } | undefined {
  const id = state.svc.selected;
  if (id === undefined) return undefined;
  const h = state.highlight;
  const service = h.goneServices.get(serviceOfRow(id));
  if (service) return { what: serviceLabel(service.entry.service), at: service.at };
  const dest = h.goneDests.get(id)?.entry.dest;
  return dest && { what: endpoint(dest.af, dest.address, dest.port), at: h.goneDests.get(id)!.at };
}

/** The selected real server, when a real-server row is selected. */
export function selectedDest(state: MonitorState): DestEntry | undefined {
  const id = state.svc.selected;
  return id === undefined ? undefined : selectedService(state)?.dests?.find((d) => d.key === id);
}
