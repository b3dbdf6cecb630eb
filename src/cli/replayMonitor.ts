/**
 * `ipvstop replay [--dir DIR] [--at TIME]`: the monitor over a recording, at TIME (the newest
 * sample by default), with every key that only looks: panes, `[ ] { }`, filter, sort, zoom,
 * Events. The samples from 15 minutes before TIME to 15 minutes after are read (decoded once,
 * then kept in the monitor's own history); their events fill the Events pane. Nothing is read
 * from the kernel and no action acts.
 */

import type { KernelActions } from '../actions/types.js';
import { HistoryReader } from '../history/reader.js';
import type { HistorySample } from '../history/sample.js';
import type { ServiceTable } from '../kernel/ipvs/types.js';
import type { MonitorSources } from '../kernel/sources.js';
import { eventsAlong } from '../state/events.js';
import { replayState } from '../state/past.js';
import { MonitorTimeline } from '../state/timeline.js';
import type { LoggedEvent, MonitorConfig } from '../state/types.js';
import { SYN_RECV_PILING_WORDS } from '../state/watchEvents.js';
import type { ReplayFlags } from './historyArgs.js';
import type { Io } from './program.js';
import { terminalProblem } from './terminal.js';
import { parseAt } from './timeArg.js';

/** The HA daemon's kinds: the HA pane shows these (state/eventWords.ts). */
const HA_KINDS: ReadonlySet<string> = new Set(['vrrp', 'checker', 'ha-daemon']);

/** How much of the recording around TIME is read: `[` and `]` go this far either way. */
const WINDOW_MS = 15 * 60_000;
const REFUSAL = 'a replay shows a recording; it never acts on the kernel';

const notRecorded = (): Promise<never> => Promise.reject(new Error('not recorded'));
/** Never read (a replay starts no poller), and failing if it were. */
export const NO_SOURCES: MonitorSources = {
  readServices: notRecorded as () => Promise<ServiceTable>,
  readDests: notRecorded,
  readConnTable: notRecorded,
  readNeighbours: notRecorded,
  readConnRows: notRecorded,
};

export const REFUSING: KernelActions = {
  refusal: REFUSAL,
  run: async () => ({ ok: false, message: `refused: ${REFUSAL}` }),
  weightWarnings: () => [],
  serversAt: async () => [],
  savedWeight: async () => undefined,
  interfaces: async () => [],
  localAddresses: async () => [],
  interfaceFor: async () => undefined,
};

export async function replayMonitor(f: ReplayFlags, io: Io, now = Date.now()): Promise<number> {
  // Bad input first: a mistyped time is the line to fix, whatever the terminal.
  const asked = f.at === undefined ? undefined : parseAt(f.at, now);
  const problem = terminalProblem({
    stdinIsTty: process.stdin.isTTY === true,
    stdoutIsTty: process.stdout.isTTY === true,
    term: process.env.TERM,
  });
  if (problem !== undefined) {
    const why = problem.slice(0, problem.indexOf(';'));
    io.stderr.write(`ipvstop: replay: ${why}; for scripts use replay --at TIME --json, or --events\n`);
    return 2;
  }
  const store = HistoryReader.open(f.dir);
  const times = store.times();
  if (times.length === 0) {
    io.stderr.write(`ipvstop: replay: ${f.dir} holds no sample\n`);
    return 1;
  }
  const at = asked ?? times.at(-1)!;
  const from = at - WINDOW_MS;
  const to = at + WINDOW_MS;
  const inWindow = times.filter((t) => t >= from && t <= to).length;
  if (times[0]! > at || inWindow === 0) {
    io.stderr.write(`ipvstop: replay: no sample near ${new Date(at).toISOString()} in ${f.dir}\n`);
    return 1;
  }
  io.stderr.write(`ipvstop: replay: reading ${inWindow} samples of ${f.dir}…\n`);
  const header = store.headers().at(-1)!;
  const replay = replayOf([...store.between(from, to)], header.intervalMs, at, now);
  for (const v of ['CI', 'CONTINUOUS_INTEGRATION']) if (v in process.env) process.env[v] = 'false';
  process.env.NODE_ENV ??= 'production';
  const { runMonitor } = await import('../ui/run.js');
  return runMonitor({
    sources: NO_SOURCES,
    actions: REFUSING,
    host: { hostname: header.host, kernelRelease: 'recorded' },
    intervalSec: header.intervalMs / 1000,
    readOnly: true,
    exact: false,
    noColor: (process.env.NO_COLOR ?? '') !== '',
    replay,
  });
}

/** The monitor's history, config and first state over recorded samples (oldest first), at `at`. */
export function replayOf(samples: readonly HistorySample[], intervalMs: number, at: number, now: number) {
  const timeline = new MonitorTimeline({ spanMs: 4 * WINDOW_MS, maxBytes: 512 * 1024 * 1024 });
  let prevAt = Number.NEGATIVE_INFINITY;
  for (const s of samples) {
    timeline.keepSample(s, prevAt);
    prevAt = s.takenAt;
  }
  // The monitor's origins, and its mark on a pile-up's start (watchEvents.ts synRecvEvents).
  const events: LoggedEvent[] = [...eventsAlong(samples, { intervalMs })].map((e) => ({
    at: e.at,
    from: HA_KINDS.has(e.kind) ? 'ha' : e.kind === 'syn-recv' ? 'conn' : 'table',
    text: e.text,
    ...(e.kind === 'syn-recv' && e.text.startsWith(SYN_RECV_PILING_WORDS) && { warn: true as const }),
  }));
  // A VRRP transition carries keepalived's own time, which can be before the sample that saw it.
  events.sort((x, y) => x.at - y.at);
  const config: MonitorConfig = { intervalMs, exact: false, refusal: REFUSAL, replay: true };
  const initial = replayState(config, timeline, events, Math.max(0, timeline.indexAt(at)), now);
  return { timeline, initial, config };
}
