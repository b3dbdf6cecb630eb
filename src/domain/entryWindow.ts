/**
 * Selects the few entries the browser shows out of a table of up to a million, in one pass and
 * bounded memory: the `after` first entries at or after an anchor in the browser's order, and
 * the `before` last ones before it, plus how many matched and how many come before the window.
 * Scrolling moves the anchor; the next read selects around it (keyset paging), so no read holds
 * more than the window.
 */
import type { ConnRow } from '../kernel/proc/types.js';

/** Where the window is anchored: before everything, after everything, or at an entry's place. */
export type EntryAnchor = 'start' | 'end' | ConnRow;

/** What one read selected. */
export interface EntryWindowRows {
  /** In the browser's order. */
  rows: ConnRow[];
  /** Entries of the whole order before rows[0]. */
  first: number;
  /** Entries that matched the read's filter, in all. */
  matched: number;
}

/** The `max` least entries by `order` seen so far, kept sorted (insertion: few rows enter once it is full). */
class Least {
  readonly rows: ConnRow[] = [];
  constructor(
    private readonly max: number,
    private readonly order: (a: ConnRow, b: ConnRow) => number,
  ) {}

  add(row: ConnRow): void {
    const rows = this.rows;
    if (this.max === 0) return;
    if (rows.length === this.max && this.order(row, rows[rows.length - 1]!) >= 0) return;
    let lo = 0;
    let hi = rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.order(rows[mid]!, row) <= 0) lo = mid + 1;
      else hi = mid;
    }
    rows.splice(lo, 0, row);
    if (rows.length > this.max) rows.pop();
  }
}

export class EntryWindowSelector {
  private readonly after: Least;
  private readonly before: Least;
  private matched = 0;
  private beforeCount = 0;

  constructor(
    private readonly order: (a: ConnRow, b: ConnRow) => number,
    private readonly anchor: EntryAnchor,
    sizes: { before: number; after: number },
  ) {
    this.after = new Least(sizes.after, order);
    // The last entries before the anchor are the least in the reversed order.
    this.before = new Least(sizes.before, (a, b) => order(b, a));
  }

  add(row: ConnRow): void {
    this.matched++;
    const a = this.anchor;
    const isBefore = a === 'end' || (a !== 'start' && this.order(row, a) < 0);
    if (isBefore) {
      this.beforeCount++;
      this.before.add(row);
    } else this.after.add(row);
  }

  result(): EntryWindowRows {
    const before = [...this.before.rows].reverse();
    return {
      rows: [...before, ...this.after.rows],
      first: this.beforeCount - before.length,
      matched: this.matched,
    };
  }
}
