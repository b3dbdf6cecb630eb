/**
 * How far apart the reads of one thing were since the poller last sent one
 * on. Rates need it: the kernel folds its counters in once per 2 s tick, and
 * a gap of a tick or more between two reads may hide a tick (rates.ts).
 */

/** Gaps between reads, per key (one key for the services dump, one per service for its real servers). */
export class ReadGaps<K> {
  private readonly lastAt = new Map<K, number>();
  private readonly longest = new Map<K, number>();

  /** A read of `key` at `at`. */
  note(key: K, at: number): void {
    const last = this.lastAt.get(key);
    const gap = last === undefined ? Infinity : at - last;
    this.longest.set(key, Math.max(this.longest.get(key) ?? 0, gap));
    this.lastAt.set(key, at);
  }

  /** The longest gap since the last take (Infinity when `key` was never read before), and starts over. */
  take(key: K): number {
    const gap = this.longest.get(key) ?? Infinity;
    this.longest.delete(key);
    return gap;
  }

  /** Forgets keys that are gone, so memory follows the table. */
  keep(alive: (key: K) => boolean): void {
    for (const k of this.lastAt.keys()) {
      if (!alive(k)) {
        this.lastAt.delete(k);
        this.longest.delete(k);
      }
    }
  }
}
