import { sameKeysInPlace } from './identity.js';
import type { ServiceEntry } from './types.js';

/**
 * Memoisation keyed by a part of the state (an array or object the reducer
 * replaces when it changes): one cached value per key object, recomputed when
 * the other `inputs` differ by identity. Unlike one module-wide slot, two
 * states (a test's, a second monitor's) do not evict each other, and a state
 * that is dropped takes its entries with it.
 */
export function memoOn<K extends object, V>(): (key: K, inputs: readonly unknown[], compute: () => V) => V {
  const cache = new WeakMap<K, { inputs: readonly unknown[]; value: V }>();
  return (key, inputs, compute) => {
    const hit = cache.get(key);
    if (hit && hit.inputs.length === inputs.length && hit.inputs.every((x, i) => x === inputs[i])) return hit.value;
    const value = compute();
    cache.set(key, { inputs, value });
    return value;
  };
}

/** The services in the same places, each with the same real servers read (or none), by key. */
function sameShape(a: readonly ServiceEntry[], b: readonly ServiceEntry[]): boolean {
  const sameDests = (x: ServiceEntry, y: ServiceEntry): boolean =>
    x.dests === y.dests || (x.dests !== undefined && y.dests !== undefined && sameKeysInPlace(x.dests, y.dests));
  return sameKeysInPlace(a, b) && b.every((y, i) => sameDests(a[i]!, y));
}

/**
 * Memoisation of what depends on the table's addresses alone (which services, which real servers),
 * not on its counters: per service list as memoOn, and also kept while a poll leaves every service
 * and real server read where it was, as every poll of a steady table does (the other `inputs` the same).
 */
export function memoOnShape<V>(): (
  services: readonly ServiceEntry[],
  inputs: readonly unknown[],
  compute: () => V,
) => V {
  const byList = memoOn<readonly ServiceEntry[], V>();
  let last: { services: readonly ServiceEntry[]; inputs: readonly unknown[]; value: V } | undefined;
  const keeps = (l: NonNullable<typeof last>, services: readonly ServiceEntry[], inputs: readonly unknown[]) =>
    l.inputs.length === inputs.length && l.inputs.every((x, i) => x === inputs[i]) && sameShape(l.services, services);
  return (services, inputs, compute) =>
    byList(services, inputs, () => {
      last = last && keeps(last, services, inputs) ? { ...last, services } : { services, inputs, value: compute() };
      return last.value;
    });
}
