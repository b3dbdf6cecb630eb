/**
 * How many of the kernel's 2 s ticks a change of the counters covers. IPVS reports its counters
 * as its rate estimator last folded the per-CPU counts in, once a tick (a timer re-armed 2 s after
 * it ran up to 6.1, so a little over 2 s, 2.08 s on the lab's slow guest; kthreads since 6.2, 2 s
 * on average). Reads less than a tick apart see at most one tick: a change is one tick's worth.
 * Reads a tick or more apart see one of two counts (3 s hold one or two ticks, 5 s two or three),
 * and only the traffic tells which: the count whose rate agrees with the counters' growth since an
 * earlier reading far enough back (an anchor). Dividing by the time between the reads instead
 * made rates swing 28 / 14 / 28 at -i 3 under a steady 21 a second.
 */

/** The estimator's period, as the kernel counts it (its own rates are per 2 s too). */
export const KERNEL_TICK_MS = 2000;
/** Periods a real kernel's ticks come at: a timer a little late each time (6.1), a kthread that catches up (6.2+). */
const PERIODS_MS = [1980, KERNEL_TICK_MS, 2120] as const;
const LONGEST_MS = PERIODS_MS[2];
/**
 * A read is timed when it starts, and the kernel answers a little later (a slow guest, a big
 * dump): the values a read at `at` sees may come from a tick up to this much after `at`.
 */
const ANSWER_MS = 250;

/** An earlier reading of a counter set: when, after when the tick that made its values came, and their sum. */
export interface Anchor {
  at: number;
  /** The tick its values came from was in (after, at]. */
  after: number;
  sum: bigint;
}

/** What tick counting needs of a counter set's past. */
export interface TickTrack {
  /** When the current counter values were first read (poller clock, ms). */
  since: number;
  /** The read before, which still saw the values before them (-Infinity: none): the kernel ticked in between. */
  before: number;
  /** Earlier readings, oldest first, at least a tick apart. */
  anchors: readonly Anchor[];
}

/** Places tried for the tick that made the current values, in the window the reads put it in. */
const PHASE_SAMPLES = 16;

/**
 * The tick counts that fit a read at `prevAt` that saw the old values and one at `at` that sees
 * new ones, if ticks come every `periodMs`: the ticks in (prevAt, at], each bringing a tick's worth
 * of traffic (or nothing, when none flowed), counted from the one that made the old values, which
 * came after `track.before` and by `track.since`. Each count comes with its share of the places
 * that give it, among those that put a tick between the reads (there was a change).
 */
export function tickChoices(
  track: TickTrack,
  prevAt: number,
  at: number,
  periodMs = KERNEL_TICK_MS,
  answerMs = 0,
): Map<number, number> {
  // The read before not known: the real time since the counters were first read.
  if (!Number.isFinite(prevAt)) return new Map([[Math.max(1, (at - track.since) / KERNEL_TICK_MS), 1]]);
  const latest = track.since + answerMs;
  const window = latest - Math.max(track.before, latest - periodMs);
  const counts = new Map<number, number>();
  for (let i = 0; i < PHASE_SAMPLES; i++) {
    const tick = latest - ((i + 0.5) / PHASE_SAMPLES) * window;
    const n = Math.floor((at - tick) / periodMs) - Math.floor((prevAt - tick) / periodMs);
    if (n > 0) counts.set(n, (counts.get(n) ?? 0) + 1);
  }
  // No place fits when the kernel ticked late: the one tick the change shows, more if the reads were far apart.
  if (counts.size === 0) return new Map([[Math.max(1, Math.floor((at - prevAt) / KERNEL_TICK_MS)), 1]]);
  const fits = [...counts.values()].reduce((a, b) => a + b, 0);
  for (const [n, c] of counts) counts.set(n, c / fits);
  return counts;
}

/** From this many ticks on, the likely count's error is at most 1/(2n + 1) (14% at 3 ticks): good enough meanwhile. */
const MANY_TICKS = 3;
/** From this many ticks on, a count's share says more than the middle of the counts. */
const SHARES_TELL = 7;

/**
 * The ticks to divide by when the count is not known: the middle of the two counts, at most 1/(2n + 1)
 * off whichever it is; from SHARES_TELL ticks on, the average by share (exact on average over phases).
 */
function meanTicks(choices: Map<number, number>): number {
  const counts = [...choices.keys()];
  const [lo, hi] = [Math.min(...counts), Math.max(...counts)];
  if (lo < SHARES_TELL) return (lo + hi) / 2;
  return [...choices].reduce((avg, [n, share]) => avg + n * share, 0);
}

/** A count this likely by where the tick may be is taken when the traffic cannot tell. */
const LIKELY = 0.8;
/** How far (as a log ratio: ~5%) a count's rate may be from the reference and still agree: traffic is never quite steady. */
const AGREES = 0.05;
const MAX_ANCHORS = 8;

/** The tick a read at `at` sees came after this: after the read before (which saw older values), at most a tick back. */
export const tickAfter = (at: number, prevAt: number): number => Math.max(prevAt, at - LONGEST_MS);

/** How far apart (log ratio) two ranges of rates are; 0 when they overlap. */
const apart = (lo1: number, hi1: number, lo2: number, hi2: number): number =>
  Math.max(0, Math.log(lo1 / hi2), Math.log(lo2 / hi1));

/**
 * How far each count's rate (at any period a kernel ticks at) is from the growth since anchor `a`
 * over the time between the ticks its and this reading's values came from (each in its bracket).
 */
function misfits(counts: number[], a: Anchor, at: number, after: number, growth: bigint, sum: bigint): number[] {
  const since = Number(sum - a.sum);
  const [shortest, longest] = [Math.max(after - a.at - ANSWER_MS, 1), at + ANSWER_MS - a.after];
  const g = Number(growth);
  return counts.map((n) =>
    n * PERIODS_MS[0] >= longest
      ? Infinity
      : apart(g / (n * LONGEST_MS), g / (n * PERIODS_MS[0]), since / longest, since / shortest),
  );
}

/**
 * The count among `counts` that the traffic picks: the only one whose rate agrees with the growth
 * since an anchor, the newest anchor that decides (its rate is the most recent); else, when `nearest`,
 * the one nearest the growth since the oldest anchor, if one is nearest; undefined when none is.
 */
function pickByTraffic(
  counts: number[],
  track: TickTrack,
  [at, after]: [number, number],
  [growth, sum]: [bigint, bigint],
  nearest: boolean,
): number | undefined {
  const anchors = track.anchors.filter((a) => sum > a.sum);
  if (growth <= 0n || anchors.length === 0) return undefined;
  for (const a of [...anchors].reverse()) {
    const fit = counts.filter((_, i) => misfits(counts, a, at, after, growth, sum)[i]! <= AGREES);
    if (fit.length === 1) return fit[0];
  }
  if (!nearest) return undefined;
  const m = misfits(counts, anchors[0]!, at, after, growth, sum);
  const best = Math.min(...m);
  return m.filter((v) => v === best).length === 1 ? counts[m.indexOf(best)] : undefined;
}

/**
 * The number of ticks a change of the counters covers (`growth`: of the counters' sum, now `sum`).
 * Where the reads leave one count, that one. Where they leave more (reads a tick or more apart), the
 * traffic decides (pickByTraffic). When it cannot: the likely count when the counts are many, then
 * the count nearest the traffic, the one likely by where the ticks may be; else undefined (not yet
 * known: the screen shows '-').
 */
export function foldedTicks(track: TickTrack, prevAt: number, at: number, growth = 0n, sum = 0n): number | undefined {
  // Reads closer than any tick period (the answer's lateness included) hold one tick: the change shows it.
  if (Number.isFinite(prevAt) && at + ANSWER_MS - prevAt < PERIODS_MS[0]) return 1;
  const choices = tickChoices(track, prevAt, at);
  const all = new Set(choices.keys());
  // Any period a kernel ticks at, and answers that came late (the tick that made the values read at the
  // start of the window, or at its end, later than the read began).
  for (const p of PERIODS_MS) {
    for (const [from, to] of [
      [prevAt, at],
      [prevAt, at + ANSWER_MS],
      [prevAt + ANSWER_MS, at],
    ] as const)
      for (const n of tickChoices(track, from, to, p, ANSWER_MS).keys()) all.add(n);
  }
  const counts = [...all].sort((a, b) => a - b);
  if (counts.length === 1) return counts[0];
  const read: [number, number] = [at, tickAfter(at, prevAt)];
  const picked = pickByTraffic(counts, track, read, [growth, sum], false);
  if (picked !== undefined) return picked;
  if (counts[0]! >= MANY_TICKS) return meanTicks(choices);
  const [likely, share] = [...choices].reduce((a, b) => (b[1] > a[1] ? b : a));
  return pickByTraffic(counts, track, read, [growth, sum], true) ?? (share >= LIKELY ? likely : undefined);
}

/** The anchors after a reading at `at`: it joins them when the last is a tick old; a reset (smaller sum) starts over. */
export function nextAnchors(anchors: readonly Anchor[], at: number, prevAt: number, sum: bigint): readonly Anchor[] {
  const last = anchors.at(-1);
  const anchor = { at, after: tickAfter(at, prevAt), sum };
  if (!last || sum < last.sum) return [anchor];
  if (at - last.at < KERNEL_TICK_MS) return anchors;
  return [...anchors.slice(-(MAX_ANCHORS - 1)), anchor];
}
