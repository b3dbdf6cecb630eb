/**
 * The Space-Saving algorithm (Metwally et al., 2005) over keys of a few int32 words (an
 * address and its family): `capacity` keys are kept; a new key past that replaces the
 * smallest, starting from its count. A count is then an upper bound, too high by at most
 * `error`; it is exact while fewer keys than `capacity` were met.
 *
 * Keys, counts, the hash index and the min-heap live in typed arrays: a million-row table
 * met by thousands of new clients replaces keys all the time, and a string or an object
 * per key made the heap grow with the table (dead keys pile up in the old generation).
 */

/** One counted key. */
export interface TopCount {
  key: string;
  count: number;
  /** How far `count` may be from the truth (0: exact). */
  error: number;
}

/** Keys kept per counter: a flood from 100,000 random sources still keeps its heavy hitters. */
export const TOP_CAPACITY = 4096;

function hashOf(key: Int32Array, width: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < width; i++) h = Math.imul(h ^ key[i]!, 0x01000193);
  return (h ^ (h >>> 15)) | 0;
}

export class BoundedCounter {
  private readonly keys: Int32Array;
  private readonly hashes: Int32Array;
  private readonly counts: Float64Array;
  private readonly errors: Float64Array;
  /** heap[i] is a slot; pos[slot] is its place in the heap (a min-heap by count). */
  private readonly heap: Int32Array;
  private readonly pos: Int32Array;
  /** Open addressing, linear probing: slot + 1, 0 for empty. */
  private readonly index: Int32Array;
  private used = 0;

  constructor(
    private readonly width: number,
    private readonly capacity = TOP_CAPACITY,
  ) {
    this.keys = new Int32Array(capacity * width);
    this.hashes = new Int32Array(capacity);
    this.counts = new Float64Array(capacity);
    this.errors = new Float64Array(capacity);
    this.heap = new Int32Array(capacity);
    this.pos = new Int32Array(capacity);
    let size = 2;
    while (size < capacity * 2) size *= 2;
    this.index = new Int32Array(size);
  }

  /**
   * Forgets every key, keeping the arrays: a counter made per read of the connection table allocated
   * and zeroed about 230 KB each time. Only the index is read before it is written.
   */
  clear(): void {
    if (this.used === 0) return;
    this.index.fill(0);
    this.used = 0;
  }

  /** Counts the key held by the first `width` words of `key`. */
  add(key: Int32Array): void {
    const h = hashOf(key, this.width);
    const found = this.find(key, h);
    if (found >= 0) {
      this.counts[found]!++;
      this.down(this.pos[found]!);
      return;
    }
    let slot: number;
    if (this.used < this.capacity) {
      slot = this.used++;
      this.counts[slot] = 1;
      this.errors[slot] = 0;
      this.pos[slot] = slot;
      this.heap[slot] = slot;
      this.setKey(slot, key, h);
      this.up(slot);
      return;
    }
    slot = this.heap[0]!;
    this.unindex(slot);
    this.setKey(slot, key, h);
    this.errors[slot] = this.counts[slot]!;
    this.counts[slot]!++;
    this.down(0);
  }

  /** The `n` largest counts, largest first (ties by the key's text, so the order is stable); `text` names a key. */
  top(n: number, text: (key: Int32Array) => string): (TopCount & { words: Int32Array })[] {
    const all: (TopCount & { words: Int32Array })[] = [];
    for (let s = 0; s < this.used; s++) {
      const words = this.keys.slice(s * this.width, (s + 1) * this.width);
      all.push({ key: text(words), words, count: this.counts[s]!, error: this.errors[s]! });
    }
    return all.sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).slice(0, n);
  }

  /**
   * The count of `key` (named `text`): the one kept, else 0, which may be short by up to the
   * smallest count kept once keys were replaced (the key may have been among them).
   */
  get(key: Int32Array, text: string): TopCount {
    const s = this.find(key, hashOf(key, this.width));
    if (s >= 0) return { key: text, count: this.counts[s]!, error: this.errors[s]! };
    const full = this.used >= this.capacity;
    return { key: text, count: 0, error: full ? this.counts[this.heap[0]!]! : 0 };
  }

  private find(key: Int32Array, h: number): number {
    const mask = this.index.length - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const e = this.index[i]!;
      if (e === 0) return -1;
      const s = e - 1;
      if (this.hashes[s] === h && this.sameKey(s, key)) return s;
    }
  }

  private sameKey(slot: number, key: Int32Array): boolean {
    for (let i = 0, k = slot * this.width; i < this.width; i++, k++) if (this.keys[k] !== key[i]) return false;
    return true;
  }

  private setKey(slot: number, key: Int32Array, h: number): void {
    for (let i = 0; i < this.width; i++) this.keys[slot * this.width + i] = key[i]!;
    this.hashes[slot] = h;
    const mask = this.index.length - 1;
    let i = h & mask;
    while (this.index[i] !== 0) i = (i + 1) & mask;
    this.index[i] = slot + 1;
  }

  /** Takes `slot` out of the index, moving back the entries after it that probed past it. */
  private unindex(slot: number): void {
    const idx = this.index;
    const mask = idx.length - 1;
    let i = this.hashes[slot]! & mask;
    while (idx[i] !== slot + 1) i = (i + 1) & mask;
    for (let j = (i + 1) & mask; idx[j] !== 0; j = (j + 1) & mask) {
      const home = this.hashes[idx[j]! - 1]! & mask;
      // The entry at j may move to i unless its home lies cyclically in (i, j].
      const between = i <= j ? home > i && home <= j : home > i || home <= j;
      if (!between) {
        idx[i] = idx[j]!;
        i = j;
      }
    }
    idx[i] = 0;
  }

  private less(i: number, j: number): boolean {
    return this.counts[this.heap[i]!]! < this.counts[this.heap[j]!]!;
  }

  private swap(i: number, j: number): void {
    const h = this.heap;
    const t = h[i]!;
    h[i] = h[j]!;
    h[j] = t;
    this.pos[h[i]!] = i;
    this.pos[h[j]!] = j;
  }

  private up(i: number): void {
    for (let p = (i - 1) >> 1; i > 0 && this.less(i, p); i = p, p = (i - 1) >> 1) this.swap(i, p);
  }

  private down(i: number): void {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < this.used && this.less(l, m)) m = l;
      if (r < this.used && this.less(r, m)) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }
}
