/**
 * The monitor as users leave it running, in the lab: every loop it starts by default (services,
 * connections, neighbours, the doctor, the HA daemon's reads), its whole CPU over a window of minutes
 * after the first frame, from /proc of the process (reaped children included), against
 * `watch -n2 ipvsadm -L -n` on the same table over the same window. A second, profiled run
 * (`node --cpu-prof`) splits the CPU by loop, so that a regression names its cause.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bundleModules, type CpuProfile, type LoopCpu, loopCpu } from './cpuProfile.js';
import { cpuMs, median, Pane, peakRssMiB, sleep } from './measure.js';
import { f1, ratio, row } from './table.js';

const BUNDLE = fileURLToPath(new URL('../../dist/ipvstop.cjs', import.meta.url));
const MAIN = fileURLToPath(new URL('../../bin/ipvstop', import.meta.url));
const PROFILE_DIR = '/tmp/bench-profile';
/** One sample every 2 ms: fine enough for 100 ms stretches, rare enough to cost little. */
const PROFILE_INTERVAL_US = 2000;

/** One program's whole run. */
export interface RunFigures {
  /** CPU over the window, as a percentage of one core. */
  cpuPercent: number;
  firstFrameMs: number;
  peakRssMiB: number;
}

export interface WholeRunFigures {
  services: number;
  dests: number;
  windowS: number;
  watch: RunFigures;
  ipvstop: RunFigures;
  /** The profiled run: CPU by loop, and the longest stretch with no idle sample. */
  loops: LoopCpu;
  /** Node's own start in the same boot, timed as the first frame is (median of three). */
  nodeStartMs: number;
}

/** The command the monitor runs as in the bench (`node` before the launcher takes V8's own flags). */
function monitorCommand(nodeFlags: string): string {
  return `env -u CI TERM=xterm-256color node ${nodeFlags} ${MAIN} -i 2`;
}

/**
 * `watch` and the monitor side by side: each started and awaited alone (its first frame undisturbed), then
 * the CPU of both over the same window, and their peak RSS. Measured one after another, the anchor moved
 * 3.9-10% of a core between boots and with the host's load from one window to the next; in one window both
 * see the same guest.
 */
async function sideBySide(windowMs: number, ready: RegExp): Promise<{ watch: RunFigures; ipvstop: RunFigures }> {
  const panes: Pane[] = [];
  try {
    const started: { pane: Pane; firstFrameMs: number }[] = [];
    for (const [name, command] of [
      ['ipvstop-run', monitorCommand('')],
      ['watch-run', 'watch -n2 ipvsadm -L -n'],
    ] as const) {
      const pane = Pane.start(name, command, 200, 50);
      panes.push(pane);
      started.push({ pane, firstFrameMs: await pane.waitFor(ready, 300_000) });
    }
    const before = started.map((s) => cpuMs(s.pane.pid));
    await sleep(windowMs);
    const [ipvstop, watch] = started.map((s, i) => ({
      cpuPercent: (100 * (cpuMs(s.pane.pid) - before[i]!)) / windowMs,
      firstFrameMs: s.firstFrameMs,
      peakRssMiB: peakRssMiB(s.pane.pid),
    }));
    return { watch: watch!, ipvstop: ipvstop! };
  } finally {
    for (const pane of panes) pane.stop();
  }
}

/** The profiled run: the monitor quits with `q`, so that V8 writes its profile, which is split by loop. */
async function profiledRun(windowMs: number, ready: RegExp): Promise<LoopCpu> {
  rmSync(PROFILE_DIR, { recursive: true, force: true });
  const flags = `--cpu-prof --cpu-prof-dir=${PROFILE_DIR} --cpu-prof-interval=${PROFILE_INTERVAL_US}`;
  const pane = Pane.start('ipvstop-profiled', monitorCommand(flags), 200, 50);
  let firstFrameMs: number;
  try {
    firstFrameMs = await pane.waitFor(ready, 300_000);
    await sleep(windowMs);
    pane.keys('q');
    const deadline = performance.now() + 120_000;
    while (existsSync(`/proc/${pane.pid}`) && performance.now() < deadline) await sleep(200);
  } finally {
    pane.stop();
  }
  const file = readdirSync(PROFILE_DIR).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error('the profiled monitor wrote no profile');
  const profile = JSON.parse(readFileSync(`${PROFILE_DIR}/${file}`, 'utf8')) as CpuProfile;
  // From the first frame on, as the unprofiled run is measured (the profile begins about when the pane does).
  return loopCpu(profile, 'ipvstop.cjs', bundleModules(readFileSync(BUNDLE, 'utf8')), firstFrameMs);
}

/**
 * The floor of a first frame: `node -e 0` that prints `text` (which `ready` matches, as the frame does),
 * in a pane started and watched the same way, so that tmux's part is in both figures.
 */
async function nodeStartMs(ready: RegExp, text: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const pane = Pane.start(`node-start-${i}`, `sh -c "node -e \\"console.log('${text}')\\"; sleep 60"`, 200, 50);
    try {
      times.push(await pane.waitFor(ready, 120_000));
    } finally {
      pane.stop();
    }
  }
  return median(times);
}

/** Both programs side by side on the loaded table, then the profiled monitor; `log` shows progress. */
export async function wholeRunFigures(
  services: number,
  dests: number,
  windowMs: number,
  log: (line: string) => void,
): Promise<WholeRunFigures> {
  const ready = /198\.18\./;
  log(
    `whole run ${services} x ${dests}: ipvstop -i 2 and watch -n2 ipvsadm -L -n side by side for ${windowMs / 1000} s`,
  );
  const { watch, ipvstop } = await sideBySide(windowMs, ready);
  log(`whole run ${services} x ${dests}: ipvstop -i 2 under --cpu-prof for ${windowMs / 1000} s`);
  const loops = await profiledRun(windowMs, ready);
  const nodeStart = await nodeStartMs(ready, '198.18.0.1');
  return { services, dests, windowS: windowMs / 1000, watch, ipvstop, loops, nodeStartMs: nodeStart };
}

/** The section's rows: | figure | ipvstop | anchor | ratio | target |. */
export function wholeRunRows(w: WholeRunFigures, targets: { cpu: string; rss: string; firstFrame: string }): string[] {
  const size = `${w.services.toLocaleString('en')} x ${w.dests}`;
  const window = `${w.windowS} s after the first frame`;
  const loops = Object.entries(w.loops.byLoop)
    .sort((a, b) => b[1] - a[1])
    .map(([loop, ms]) => `${loop} ${f1((100 * ms) / w.loops.spanMs)}%`)
    .join(', ');
  const { ipvstop, watch } = w;
  return [
    row(
      `W. CPU, whole run, ${size}, 200x50, -i 2, ${window}, vs watch -n2 ipvsadm -L -n`,
      `${f1(ipvstop.cpuPercent)}% of a core`,
      `${f1(watch.cpuPercent)}%`,
      ratio(ipvstop.cpuPercent, watch.cpuPercent),
      targets.cpu,
    ),
    row(
      `W. peak RSS, whole run, ${size}`,
      `${f1(ipvstop.peakRssMiB)} MiB`,
      `${f1(watch.peakRssMiB)} MiB (watch)`,
      '',
      targets.rss,
    ),
    row(
      `W. first frame, ${size}, 200x50 (from the pane's start), vs node -e 0 in a pane`,
      `${f1(ipvstop.firstFrameMs)} ms`,
      `${f1(w.nodeStartMs)} ms`,
      ratio(ipvstop.firstFrameMs, w.nodeStartMs),
      targets.firstFrame,
    ),
    row(
      `W. CPU by loop, ${size} (profiled run, % of a core)`,
      `${loops}; all ${f1((100 * w.loops.busyMs) / w.loops.spanMs)}%`,
      '',
      '',
      'report',
    ),
    row(
      `W. longest stretch with no idle sample, ${size} (profiled run)`,
      `${f1(w.loops.longestBusyMs)} ms`,
      '',
      '',
      '<= 100 ms natively (lab ~10x)',
    ),
  ];
}
