/**
 * The pause between two checks of a wait in the guest. The guest has one core, and a check there is a
 * process start: a tmux capture took 160-180 ms, an `ipvstop list --json` 2-3 s (2026-12-06). Checked
 * every 100-500 ms, a wait took half the core or more from the daemon or the monitor it waited on (one
 * cl_status took 10 s during heartbeat's takeover). Pausing twice the check's own time keeps a wait's
 * share of the core to a third.
 */
export function pauseAfterCheck(checkStartedAt: number, minMs: number): Promise<void> {
  const ms = Math.max(minMs, Math.min(2 * (Date.now() - checkStartedAt), MAX_PAUSE_MS));
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * What moves on a daemon's timer (keepalived's checker) is seen up to a pause late: with pauses of 5 s
 * after a `list --json`, the HA suite's test of a failed check took 34 s against 18 s in one CI run.
 */
const MAX_PAUSE_MS = 2000;
