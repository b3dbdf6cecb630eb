/** Lookups by a row's raw bytes, four at a time, for ConnCounter. */

/**
 * An open-addressing hash table from a fixed number of int32 words to an id:
 * the rows' raw bytes find their group and state without a string.
 */
export class WordTable {
  private keys: Int32Array;
  private ids: Int32Array;
  private size = 0;

  constructor(
    private readonly width: number,
    capacity = 64,
  ) {
    this.keys = new Int32Array(capacity * width);
    this.ids = new Int32Array(capacity).fill(-1);
  }

  /** The id stored for the words in `key` (of hashWords() `hash`), or -1. */
  get(key: Int32Array, hash: number): number {
    const { keys, ids, width } = this;
    const mask = ids.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const id = ids[slot]!;
      if (id < 0) return -1;
      // Without a branch per word: nearly every lookup is a hit.
      let diff = 0;
      for (let i = 0, k = slot * width; i < width; i++, k++) diff |= keys[k]! ^ key[i]!;
      if (diff === 0) return id;
    }
  }

  /** Stores `id` for a key that get() did not find. */
  add(key: Int32Array, id: number): void {
    if ((this.size + 1) * 2 > this.ids.length) this.grow();
    const mask = this.ids.length - 1;
    let slot = hashWords(key, this.width) & mask;
    while (this.ids[slot]! >= 0) slot = (slot + 1) & mask;
    this.keys.set(key.subarray(0, this.width), slot * this.width);
    this.ids[slot] = id;
    this.size++;
  }

  private grow(): void {
    const { keys, ids, width } = this;
    this.keys = new Int32Array(keys.length * 2);
    this.ids = new Int32Array(ids.length * 2).fill(-1);
    this.size = 0;
    for (let slot = 0; slot < ids.length; slot++) {
      if (ids[slot]! >= 0) this.add(keys.subarray(slot * width, (slot + 1) * width), ids[slot]!);
    }
  }
}

/**
 * The hash of a key of words: each word times its own odd constant, summed,
 * so the multiplies do not wait on each other; callers reading words inline
 * hash them as they go, with the same constants.
 */
export const MULTIPLIERS = new Int32Array([
  0x9e3779b1, 0x85ebca77, 0xc2b2ae3d, 0x27d4eb2f, 0x165667b1, 0xd3a2646d, 0xfd7046c5, 0xb55a4f09,
]);
export function hashWords(key: Int32Array, width: number): number {
  let h = 0;
  for (let i = 0; i < width; i++) h = (h + Math.imul(key[i]!, MULTIPLIERS[i]!)) | 0;
  return finalHash(h);
}
export function finalHash(h: number): number {
  return h ^ (h >>> 16);
}
