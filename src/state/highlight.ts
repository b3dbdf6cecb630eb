/**
 * Change highlighting, as `watch -d` and htop's new and dying rows: the marks the Services pane
 * draws for a few seconds after a refresh found a change (tableDiff.ts). Rows that went are kept
 * here with their last reading, so that they can be drawn marked gone; they are never in
 * `state.services`, so nothing counts them or acts on them. Pure: the reducer keeps the marks and
 * a timer's event (at nextExpiry) drops those whose time is up.
 */

import type { Timeouts } from '../kernel/ipvs/types.js';
import type { ServiceKey } from './identity.js';
import { diffTables } from './tableDiff.js';
import type { ChangedField, DestEntry, Highlight, MonitorState, ServiceEntry } from './types.js';

export type { ChangedField, Highlight };

/**
 * How long a mark stays: long enough to be seen at a glance, even at -i 0.2. A changed value
 * stays marked at least until the next refresh, as with `watch -d`, at intervals longer than this.
 */
export const HIGHLIGHT_MS = 5000;

export const NO_HIGHLIGHT: Highlight = {
  changed: new Map(),
  added: new Map(),
  goneServices: new Map(),
  goneDests: new Map(),
  timeouts: new Map(),
};

function keepUntil<K, V>(m: ReadonlyMap<K, V>, at: number, until: (v: V) => number): ReadonlyMap<K, V> {
  let next: Map<K, V> | undefined;
  for (const [k, v] of m) {
    if (until(v) > at) continue;
    next ??= new Map(m);
    next.delete(k);
  }
  return next ?? m;
}

/** The marks still due at `at` (the same object when none ran out). */
export function expireHighlight(h: Highlight, at: number): Highlight {
  const changed = keepUntil(h.changed, at, (c) => c.until);
  const added = keepUntil(h.added, at, (u) => u);
  const goneServices = keepUntil(h.goneServices, at, (g) => g.until);
  const goneDests = keepUntil(h.goneDests, at, (g) => g.until);
  const timeouts = keepUntil(h.timeouts, at, (u) => u);
  const same = changed === h.changed && added === h.added && timeouts === h.timeouts;
  if (same && goneServices === h.goneServices && goneDests === h.goneDests) return h;
  return { changed, added, goneServices, goneDests, timeouts };
}

/** When the first mark runs out; undefined when there is none. */
export function nextExpiry(h: Highlight): number | undefined {
  let first = Infinity;
  for (const c of h.changed.values()) first = Math.min(first, c.until);
  for (const u of h.added.values()) first = Math.min(first, u);
  for (const g of h.goneServices.values()) first = Math.min(first, g.until);
  for (const g of h.goneDests.values()) first = Math.min(first, g.until);
  for (const u of h.timeouts.values()) first = Math.min(first, u);
  return first === Infinity ? undefined : first;
}

/** The marks after a refresh read at `at` found `prev` become `next`. */
export function advanceHighlight(
  h: Highlight,
  prev: readonly ServiceEntry[],
  next: readonly ServiceEntry[],
  at: number,
  intervalMs: number,
): Highlight {
  const diff = diffTables(prev, next);
  const live = expireHighlight(h, at);
  if (diff.added.length + diff.removedServices.length + diff.removedDests.length + diff.changed.size === 0) return live;
  const until = at + HIGHLIGHT_MS;
  const changed = new Map(live.changed);
  const added = new Map(live.added);
  const goneServices = new Map(live.goneServices);
  const goneDests = new Map(live.goneDests);
  for (const [key, fields] of diff.changed) {
    const old = changed.get(key)?.fields ?? [];
    changed.set(key, { fields: new Set([...old, ...fields]), until: at + Math.max(HIGHLIGHT_MS, intervalMs) });
  }
  for (const key of diff.added) {
    added.set(key, until);
    // Back within the few seconds it was shown gone: it is new again, not gone.
    goneServices.delete(key);
    goneDests.delete(key);
  }
  for (const entry of diff.removedServices) {
    goneServices.set(entry.key, { entry, at, until });
    for (const d of entry.dests ?? []) goneDests.delete(d.key); // shown with their service now
  }
  for (const { service, dest } of diff.removedDests) goneDests.set(dest.key, { entry: dest, at, until, service });
  return { ...live, changed, added, goneServices, goneDests };
}

const TIMEOUT_NAMES = ['tcp', 'tcpFin', 'udp'] as const;

/** The marks with the connection timeouts that changed from `prev` to `next` (the Timeouts pane's). */
export function markTimeouts(h: Highlight, prev: Timeouts, next: Timeouts, at: number, intervalMs: number): Highlight {
  const changed = TIMEOUT_NAMES.filter((k) => prev[k] !== next[k]);
  if (changed.length === 0) return h;
  const timeouts = new Map(h.timeouts);
  for (const k of changed) timeouts.set(k, at + Math.max(HIGHLIGHT_MS, intervalMs));
  return { ...h, timeouts };
}

/** The state after a refresh, marked (unless --no-highlight); the first table marks nothing. */
export function withHighlight(before: MonitorState, after: MonitorState, at: number): MonitorState {
  if (after.config.highlight === false || before.meta === undefined || after.meta === undefined) return after;
  const interval = after.config.intervalMs;
  const marked = advanceHighlight(before.highlight, before.services, after.services, at, interval);
  const highlight = markTimeouts(marked, before.meta.timeouts, after.meta.timeouts, at, interval);
  return highlight === after.highlight ? after : { ...after, highlight };
}

/** A row's marks: gone (its service went too, or it did), new, or what of it changed. */
export function marksOf(
  h: Highlight,
  key: string,
  gone: boolean,
): { mark?: 'new' | 'gone'; changed?: ReadonlySet<ChangedField> } {
  if (gone) return { mark: 'gone' };
  if (h.added.has(key)) return { mark: 'new' };
  const changed = h.changed.get(key)?.fields;
  return changed ? { changed } : {};
}

/** Gone real servers by service, built once per set of marks (a host removed from 10,000 services is 10,000). */
const goneByService = new WeakMap<Highlight, Map<ServiceKey, DestEntry[]>>();

/** The real servers of a service still there that went, as last read. */
export function goneDestsOf(h: Highlight, service: ServiceKey): readonly DestEntry[] {
  if (h.goneDests.size === 0) return [];
  let index = goneByService.get(h);
  if (!index) {
    index = new Map();
    for (const g of h.goneDests.values()) {
      const list = index.get(g.service);
      if (list) list.push(g.entry);
      else index.set(g.service, [g.entry]);
    }
    goneByService.set(h, index);
  }
  return index.get(service) ?? [];
}
