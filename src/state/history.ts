/**
 * Short per-service histories (the CPS sparkline): fixed-size ring buffers
 * per service, one per rate mode so the sparkline shows what the rate columns
 * show, copied on write so the reducer stays pure (60 numbers a copy), and
 * pruned when a service disappears so memory follows the table.
 */
import type { ServiceKey } from './identity.js';

/** Points kept per service: a minute at the default 1 s interval. */
export const HISTORY_POINTS = 60;

/**
 * An immutable ring buffer of numbers, oldest first when read. Buffers are never written once
 * a ring has them, so rings may share one.
 */
export class Ring {
  private constructor(
    private readonly buf: Float64Array,
    private readonly head: number,
    readonly length: number,
    /** Zero when every value held is 0 (and the buffer past them too, as a new one is): 0 appends need no copy. */
    private readonly allZero = false,
  ) {}

  static empty(capacity = HISTORY_POINTS): Ring {
    return new Ring(new Float64Array(capacity), 0, 0, true);
  }

  get capacity(): number {
    return this.buf.length;
  }

  /** Every value held is 0 (or none is held). */
  get zeros(): boolean {
    return this.allZero;
  }

  /**
   * A new ring with the values appended (the oldest dropped when full). Zeros appended to a ring
   * of zeros share its buffer: the history of an idle service (most of a kube-proxy table of
   * 10,000 services) costs no copy per refresh.
   */
  push(...values: number[]): Ring {
    if (this.allZero && values.every((v) => v === 0)) {
      const length = Math.min(this.buf.length, this.length + values.length);
      return length === this.length ? this : new Ring(this.buf, 0, length, true);
    }
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

/** The CPS of one service at each read, as each rate mode shows it. */
export interface CpsHistory {
  /** Our deltas. */
  delta: Ring;
  /** The kernel's estimator. */
  kernel: Ring;
}

/** Values to append for one service: one per read since the last record (skipped reads first). */
export interface CpsPoints {
  delta: readonly number[];
  kernel: readonly number[];
}

/** History of every service on the table. */
export type HistoryStore = ReadonlyMap<ServiceKey, CpsHistory>;

const EMPTY: CpsHistory = { delta: Ring.empty(), kernel: Ring.empty() };

/**
 * Appends each service's points (at most a ring's worth), keeping only `alive` keys. Without
 * `alive` the services are those of the store (none came or went): only the services with points
 * are visited, so a poll of 10,000 services that changed five does not walk the other 9,995.
 */
export function recordHistory(
  store: HistoryStore,
  points: ReadonlyMap<ServiceKey, CpsPoints>,
  alive?: ReadonlySet<ServiceKey>,
): HistoryStore {
  if (!alive) return appendPoints(store, points);
  const next = new Map<ServiceKey, CpsHistory>();
  let same = alive.size === store.size;
  for (const key of alive) {
    const h = store.get(key) ?? EMPTY;
    const p = points.get(key);
    const n = p ? appended(h, p) : h;
    same &&= n === store.get(key);
    next.set(key, n);
  }
  // Nothing appended anywhere (an idle table): the same store, so nothing drawn from it changes.
  return same ? store : next;
}

function appendPoints(store: HistoryStore, points: ReadonlyMap<ServiceKey, CpsPoints>): HistoryStore {
  let next: Map<ServiceKey, CpsHistory> | undefined;
  for (const [key, p] of points) {
    const h = store.get(key) ?? EMPTY;
    const n = appended(h, p);
    if (n === store.get(key)) continue;
    next ??= new Map(store);
    next.set(key, n);
  }
  return next ?? store;
}

function appended(h: CpsHistory, p: CpsPoints): CpsHistory {
  const delta = pushTail(h.delta, p.delta);
  const kernel = pushTail(h.kernel, p.kernel);
  return delta === h.delta && kernel === h.kernel ? h : { delta, kernel };
}

/**
 * The service's history holds only zeros in both modes. More zeros would change nothing drawn from
 * it: the sparkline draws a 0 as a blank, as it draws the places before the first point, and a ring
 * of zeros has no other value for them to push out.
 */
export function historyAtRest(store: HistoryStore, key: ServiceKey): boolean {
  const h = store.get(key);
  return (h?.delta.zeros && h.kernel.zeros) === true;
}

function pushTail(ring: Ring, values: readonly number[]): Ring {
  if (values.length === 0) return ring;
  return ring.push(...values.slice(Math.max(0, values.length - ring.capacity)));
}

/** The newest `n` points of a service in the given rate mode, oldest first. */
export function historyOf(store: HistoryStore, key: ServiceKey, mode: keyof CpsHistory, n: number): number[] {
  return store.get(key)?.[mode].last(n) ?? [];
}
