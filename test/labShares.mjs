// The kernel suites shared between two lab guests, so that both end at about the same time.
// A guest runs on one core, and much of a kernel suite is waiting on real daemons (keepalived's and
// heartbeat's takeovers, Prometheus's `for:`) or on its own pauses between looks: in a clean-clone run
// of 2026-12-07, two guests took the kernel suites from 45 minutes (one guest) to 22, each suite 0.6-2x
// its time alone (docs/lab.md).

/**
 * Each suite's seconds beside the other guest (clean-clone run of 2026-12-07); a suite not named here counts
 * as DEFAULT_SECONDS. They only balance the shares: a wrong figure makes one guest end later, nothing else.
 */
const SECONDS = {
  heartbeat: 382,
  ha: 239,
  monitor: 225,
  fleet: 173,
  doctor: 156,
  list: 132,
  churn: 111,
  rates: 107,
  exporter: 86,
  actions: 85,
  conns: 84,
  weights: 79,
  unload: 79,
  drainView: 73,
  drain: 70,
  errors: 44,
  snapshot: 41,
  exporterParts: 40,
  frame: 37,
  executable: 36,
  history: 33,
  drainKeys: 33,
  schemas: 32,
  procConn: 23,
};
const DEFAULT_SECONDS = 60;

/** The suite's name in SECONDS: its file name without `.test.ts`. */
const suiteName = (file) => file.replace(/^.*\//, '').replace(/\.test\.ts$/, '');

/**
 * Shares `files` between `guests` lists, longest first, each to the list with the fewest seconds so far;
 * each list in name order. Every file lands in exactly one list; a list may be empty.
 */
export function shareSuites(files, guests) {
  const shares = Array.from({ length: guests }, () => ({ seconds: 0, files: [] }));
  const cost = (f) => SECONDS[suiteName(f)] ?? DEFAULT_SECONDS;
  for (const file of [...files].sort((a, b) => cost(b) - cost(a) || a.localeCompare(b))) {
    const lightest = shares.reduce((min, s) => (s.seconds < min.seconds ? s : min));
    lightest.seconds += cost(file);
    lightest.files.push(file);
  }
  return shares.map((s) => ({ seconds: s.seconds, files: s.files.sort() }));
}
