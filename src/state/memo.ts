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
