/** A record with one value for each of `keys`, made by `value` (Object.fromEntries, typed). */
export function recordOf<K extends string, V>(keys: readonly K[], value: (k: K) => V): Record<K, V> {
  return Object.fromEntries(keys.map((k) => [k, value(k)])) as Record<K, V>;
}
