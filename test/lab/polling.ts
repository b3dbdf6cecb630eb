/**
 * The lab's one way to wait for something that moves on its own time (a daemon, the monitor, the kernel's
 * timers): look, and look again after a pause, until it holds or the time is up.
 *
 * The pause is twice the look's own time. The guest has one core, and a look there is a process start: a
 * tmux capture took 160-180 ms, an `ipvstop list --json` 2-3 s (2026-12-06). Looking every 100-500 ms, a
 * wait took half the core or more from the daemon or the monitor it waited on (one cl_status took 10 s
 * during heartbeat's takeover). Pausing twice as long keeps a wait's share of the core to a third.
 */

export interface PollOptions<T> {
  /** The shortest pause between two looks. */
  minPauseMs?: number;
  /**
   * Pause exactly `minPauseMs`: for a delay held to a bound with no slack, where a look that comes late
   * adds its lateness to what is measured.
   */
  exact?: boolean;
  /** A look that throws is tried again; past the time, the last error is the wait's failure. */
  retryErrors?: boolean;
  /** What a look saw, in the failure's message (default: a string as it is, else JSON). */
  show?: (seen: T) => string;
}

/**
 * What moves on a daemon's timer (keepalived's checker) is seen up to a pause late: with pauses of 5 s
 * after a `list --json`, the HA suite's test of a failed check took 34 s against 18 s in one CI run.
 */
const MAX_PAUSE_MS = 2000;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const shown = (seen: unknown): string => (typeof seen === 'string' ? seen : JSON.stringify(seen));

/**
 * Looks until `holds` is true of what `look` gives, and returns that; one look comes at or after the time
 * is up. Past `timeoutMs`, fails naming `what` with the last thing seen.
 */
export async function pollUntil<T>(
  what: string,
  look: () => Promise<T> | T,
  holds: (seen: T) => boolean,
  timeoutMs: number,
  { minPauseMs = 500, exact = false, retryErrors = false, show = shown }: PollOptions<T> = {},
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const began = Date.now();
    let last: { seen: T } | { error: unknown };
    try {
      last = { seen: await look() };
    } catch (error) {
      if (!retryErrors) throw error;
      last = { error };
    }
    if ('seen' in last && holds(last.seen)) return last.seen;
    if (Date.now() >= end) {
      if ('error' in last) throw last.error;
      throw new Error(`waited ${timeoutMs / 1000} s for ${what}; last seen:\n${show(last.seen)}`);
    }
    const pause = exact ? minPauseMs : Math.max(minPauseMs, Math.min(2 * (Date.now() - began), MAX_PAUSE_MS));
    await sleep(pause);
  }
}

/** `pollUntil` for a check that answers yes or no. */
export async function pollUntilTrue(
  what: string,
  check: () => Promise<boolean> | boolean,
  timeoutMs: number,
  options: Omit<PollOptions<boolean>, 'show'> = {},
): Promise<void> {
  await pollUntil(what, check, (yes) => yes, timeoutMs, { ...options, show: () => 'not yet' });
}
