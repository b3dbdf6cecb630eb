/**
 * Short per-service histories (the CPS sparkline): a fixed-size ring buffer
 * per service, copied on write so the reducer stays pure (60 numbers a copy),
 * and pruned when a service disappears so memory follows the table.
 */
import type { ServiceKey } from './keys.js';

/** Points kept per service: a minute at the default 1 s interval. */
export const HISTORY_POINTS = 60;

/** An immutable ring buffer of numbers, oldest first when read. */
export class Ring {
  private constructor(
    private readonly buf: Float64Array,
    private readonly head: number,
    readonly length: number,
  ) {}

  static empty(capacity = HISTORY_POINTS): Ring {
    return new Ring(new Float64Array(capacity), 0, 0);
  }

  get capacity(): number {
    return this.buf.length;
  }

  /** A new ring with the values appended (the oldest dropped when full). */
  push(...values: number[]): Ring {
    const buf = this.buf.slice();
    let head = this.head;
    let length = this.length;
    for (const v of values) {
      buf[(head + length) % buf.length] = v;
      if (length < buf.length) length++;
      else head = (head + 1) % buf.length;
    }
    return new Ring(buf, head, length);
  }

  /** Oldest to newest. */
  toArray(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.length; i++) out.push(this.buf[(this.head + i) % this.buf.length]!);
    return out;
  }

  /** The newest `n` values, oldest first. */
  last(n: number): number[] {
    const all = this.toArray();
    return n >= all.length ? all : all.slice(all.length - n);
  }
}

/** History of every service on the table. */
export type HistoryStore = ReadonlyMap<ServiceKey, Ring>;

/**
 * Adds one point per service (and `gap` zeros before it: ticks skipped because
 * nothing changed, when the rate was therefore 0), keeping only `alive` keys.
 */
export function recordHistory(
  store: HistoryStore,
  points: ReadonlyMap<ServiceKey, number>,
  alive: ReadonlySet<ServiceKey>,
  gap = 0,
): HistoryStore {
  const next = new Map<ServiceKey, Ring>();
  for (const key of alive) {
    const ring = store.get(key) ?? Ring.empty();
    const v = points.get(key);
    if (v === undefined) {
      next.set(key, ring);
      continue;
    }
    const zeros = new Array<number>(Math.min(Math.max(0, gap), ring.capacity)).fill(0);
    next.set(key, ring.push(...zeros, v));
  }
  return next;
}
