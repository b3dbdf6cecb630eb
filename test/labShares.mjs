// The kernel suites shared between two lab guests, so that both end at about the same time.
// The guest runs on one core, and much of a kernel suite is waiting on real daemons (keepalived's and
// heartbeat's takeovers, Prometheus's `for:`): two guests on CI's two cores ran two suites side by side
// in about the time of the longer one (rates 104 s beside drain 94 s, against 105 s and 86 s alone).

/**
 * Each suite's seconds alone in one guest (clean-clone run of 2026-12-07); a suite not named here counts
 * as DEFAULT_SECONDS. They only balance the shares: a wrong figure makes one guest end later, nothing else.
 */
const SECONDS = {
  heartbeat: 355,
  ha: 292,
  monitor: 292,
  fleet: 244,
  list: 200,
  doctor: 155,
  exporter: 136,
  rates: 111,
  drain: 91,
  weights: 83,
  conns: 73,
  exporterParts: 65,
  actions: 64,
  drainView: 63,
  unload: 60,
  snapshot: 59,
  churn: 57,
  errors: 55,
  drainKeys: 51,
  history: 47,
  procConn: 46,
  frame: 44,
  executable: 42,
  schemas: 19,
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
