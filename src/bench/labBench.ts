/**
 * The lab half of `npm run bench`: runs in the guest after start-lab.sh and
 * writes one JSON object of figures (argv[2]), each with its anchor measured in the
 * same boot on the same table (see src/bench/run.ts for the table).
 */
import { execSync, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { errorLine } from '../errors.js';
import { exporterFigures, type RoundChange } from './exporterBench.js';
import { fleetFigures } from './fleetBench.js';
import { connFigures } from './floodBench.js';
import { benchTableRules, benchWeightEdits, median, Pane, peakRssMiB, sleep } from './measure.js';
import { keyLatency, listFigures, startChurn } from './scaleBench.js';
import { wholeRunFigures } from './wholeRun.js';

const MAIN = fileURLToPath(new URL('../../bin/ipvstop', import.meta.url));
/** Where the figures go (argv[2]). */
const OUT = process.argv[2] ?? '/run/io/out/figures.json';
const IPVSTOP = `env -u CI TERM=xterm-256color node ${MAIN}`;
const sh = (cmd: string): string =>
  execSync(cmd, { encoding: 'utf8', shell: '/bin/bash', maxBuffer: 1 << 28, timeout: 180_000 });
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
/** BENCH_ONLY=conn,live: just these sections (big, small, live, conn, scale, keys, run, exporter, fleet). */
const ONLY = process.env.BENCH_ONLY?.split(',');
const started = performance.now();

/** Progress on stderr (the guest console, echoed by `npm run bench`): a long run must show where it is. */
function log(message: string): void {
  process.stderr.write(`bench [${((performance.now() - started) / 1000).toFixed(0)} s]: ${message}\n`);
}

/** The bench table loaded last (sections that use the same one do not load it again). */
let loaded = '';

/**
 * The director's side of the bench table, as on a real one: its VIPs (198.18.0.0/16) taken as local
 * and its NAT real servers (198.19.0.0/16) on a network of its own. Without them the doctor finds
 * every VIP not local and every real server unrouted, thousands of findings no director has.
 */
let directorReady = false;
function readyDirector(): void {
  if (directorReady) return;
  directorReady = true;
  sh('ip route replace local 198.18.0.0/16 dev lo');
  sh('ip link add bench0 type dummy && ip link set bench0 up && ip route replace 198.19.0.0/16 dev bench0');
}

function loadTable(services: number, dests: number): void {
  readyDirector();
  if (loaded === `${services}x${dests}`) return;
  loaded = `${services}x${dests}`;
  log(`loading ${services} services x ${dests} real servers`);
  sh('ipvsadm -C');
  execSync('ipvsadm -R', { input: benchTableRules(services, dests), timeout: 180_000 });
}

/**
 * The exporter against node_exporter at 10,000 x 4 (the table the run left), at 1,000 x 10, and at 1,000 x 10
 * with every real server's weight changed before each round: no dump is the same as the last, so nothing the
 * netlink client keeps is of use (docs/prometheus.md).
 */
async function exporterRuns() {
  const at = (s: number, d: number, scrapes: number, change?: RoundChange) => {
    loadTable(s, d);
    return exporterFigures(MAIN, s, d, scrapes, log, change);
  };
  const everyWeight = {
    what: "every real server's weight changed before each round",
    before: (round: number) =>
      execSync('ipvsadm -R', { input: benchWeightEdits(1000, 10, round + 1), timeout: 180_000 }),
  };
  const runs = [await at(10_000, 4, RUNS), await at(1000, 10, RUNS + 2), await at(1000, 10, RUNS + 2, everyWeight)];
  // The bench table as it was, for what comes after.
  execSync('ipvsadm -R', { input: benchWeightEdits(1000, 10, 0), timeout: 180_000 });
  return runs;
}

/**
 * CPU ms and bytes per refresh of a program in a cols x rows pane, medians over RUNS windows;
 * with `flips`, also bytes per refresh while one cell (the first bench service's scheduler) changes.
 */
async function cpuPerRefresh(
  name: string,
  command: string,
  intervalSec: number,
  cols: number,
  rows: number,
  ready: RegExp,
  flips = false,
  bytes = true,
) {
  log(`${name}: ${command} at ${cols}x${rows}`);
  const pane = Pane.start(name, command, cols, rows);
  try {
    const firstFrameMs = await pane.waitFor(ready);
    log(`${name}: first frame after ${firstFrameMs.toFixed(0)} ms; measuring`);
    await sleep(3000); // past start-up work
    const refreshes = 5;
    const samples: number[] = [];
    for (let i = 0; i < RUNS; i++) samples.push((await pane.cpuDuring(refreshes * intervalSec * 1000)) / refreshes);
    const written: number[] = [];
    for (let i = 0; bytes && i < RUNS; i++)
      written.push((await pane.bytesDuring(refreshes * intervalSec * 1000)) / refreshes);
    const oneChange = flips ? await bytesWhileOneCellFlips(pane, intervalSec, refreshes) : [];
    return {
      cpuMsPerRefresh: median(samples),
      bytesPerRefresh: written.length ? median(written) : NaN,
      bytesPerRefreshOneChange: oneChange.length ? median(oneChange) : NaN,
      firstFrameMs,
      peakRssMiB: peakRssMiB(pane.pid),
    };
  } finally {
    pane.stop();
  }
}

/** Bytes per refresh while one cell (the first bench service's scheduler, first line of both screens) changes every refresh. */
async function bytesWhileOneCellFlips(pane: Pane, intervalSec: number, refreshes: number): Promise<number[]> {
  const flip = spawn(
    'bash',
    [
      '-c',
      `while :; do ipvsadm -E -t 198.18.0.0:80 -s rr; sleep ${intervalSec}; ipvsadm -E -t 198.18.0.0:80 -s wlc; sleep ${intervalSec}; done`,
    ],
    { stdio: 'ignore' },
  );
  try {
    const bytes: number[] = [];
    for (let i = 0; i < RUNS; i++) bytes.push((await pane.bytesDuring(refreshes * intervalSec * 1000)) / refreshes);
    return bytes;
  } finally {
    flip.kill();
    sh('ipvsadm -E -t 198.18.0.0:80 -s wlc 2>/dev/null || true');
  }
}

/** One figure's measurement; a failure is kept as its message so the other figures still print. */
async function measure<T>(figures: Record<string, unknown>, name: string, fn: () => Promise<T>): Promise<void> {
  if (ONLY && !ONLY.includes(name)) return;
  try {
    figures[name] = await fn();
  } catch (e) {
    log(`${name} failed: ${(e as Error).message}`);
    (figures.errors as Record<string, string>)[name] = errorLine(e);
  }
  // Written after every figure: a run cut short still reports what it measured.
  writeFileSync(OUT, `${JSON.stringify(figures)}\n`);
}

async function main(): Promise<void> {
  const figures: Record<string, unknown> = { errors: {} };
  // 1, 3, 5: 1,000 services x 10 real servers at 200x50, no traffic (nothing changes).
  await measure(figures, 'big', async () => {
    loadTable(1000, 10);
    return {
      watch: await cpuPerRefresh('watch-big', 'watch -n2 ipvsadm -L -n', 2, 200, 50, /198\.18\./, true),
      ipvstop: await cpuPerRefresh('ipvstop-big', `${IPVSTOP} -i 2`, 2, 200, 50, /198\.18\./, true),
    };
  });
  // 4: 100 x 10 at the default interval, nothing changes.
  await measure(figures, 'small', async () => {
    loadTable(100, 10);
    return {
      watch: await cpuPerRefresh('watch-small', 'watch -n1 ipvsadm -L -n', 1, 200, 50, /198\.18\./),
      ipvstop: await cpuPerRefresh('ipvstop-small', IPVSTOP, 1, 200, 50, /198\.18\./),
    };
  });
  // 3 (live): the lab's own table under traffic, counters changing every second.
  await measure(figures, 'live', async () => {
    sh(`bash ${fileURLToPath(new URL('../../src/lab/guest/services.sh', import.meta.url))}`);
    loaded = '';
    return {
      watch: await cpuPerRefresh('watch-live', 'watch -n1 ipvsadm -L -n', 1, 200, 50, /192\.0\.2\.1:80/),
      ipvstop: await cpuPerRefresh('ipvstop-live', IPVSTOP, 1, 200, 50, /192\.0\.2\.1:80/),
    };
  });
  // Kubernetes scale: 10,000 x 4 at 200x50, -i 2 against watch -n2; then `list` against ipvsadm -L -n.
  await measure(figures, 'scale', async () => {
    loadTable(10_000, 4);
    return {
      watch: await cpuPerRefresh('watch-k8s', 'watch -n2 ipvsadm -L -n', 2, 200, 50, /198\.18\./, false, false),
      ipvstop: await cpuPerRefresh('ipvstop-k8s', `${IPVSTOP} -i 2`, 2, 200, 50, /198\.18\./, false, false),
      list: listFigures(IPVSTOP, RUNS),
    };
  });
  // Key to screen at 10,000 x 4 and at 100 x 4, idle and while 100 services a second come and go.
  await measure(figures, 'keys', async () => {
    const at = async (services: number) => {
      loadTable(services, 4);
      const pane = Pane.start(`keys-${services}`, `${IPVSTOP} -i 2`, 200, 50);
      try {
        await pane.waitFor(/198\.18\./, 120_000);
        await sleep(5000); // past start-up work
        log(`keys at ${services} services: idle`);
        const idle = await keyLatency(pane, `${services}-idle`);
        const churn = startChurn(100);
        try {
          await sleep(5000);
          log(`keys at ${services} services: churn`);
          return { idle, churn: await keyLatency(pane, `${services}-churn`) };
        } finally {
          churn.stop();
          loaded = ''; // the churn's last services are left on the table
        }
      } finally {
        pane.stop();
      }
    };
    return { large: await at(10_000), small: await at(100) };
  });
  // The whole run (every loop the monitor starts, minutes after the first frame) at both sizes.
  await measure(figures, 'run', async () => {
    const windowMs = Number(process.env.BENCH_WINDOW_S ?? 120) * 1000;
    const sizes: [number, number][] = [
      [1000, 10],
      [10_000, 4],
    ];
    const runs = [];
    for (const [services, dests] of sizes) {
      loadTable(services, dests);
      runs.push(await wholeRunFigures(services, dests, windowMs, log));
    }
    return runs;
  });
  // Issue 25: a scrape against node_exporter's IPVS collector, 10,000 x 4 first (the table the run left).
  await measure(figures, 'exporter', exporterRuns);
  // Issue 26: the fleet of 50 on the lab's table under traffic, then on 100 x 4.
  await measure(figures, 'fleet', async () => {
    sh(`bash ${fileURLToPath(new URL('../../src/lab/guest/services.sh', import.meta.url))}`);
    loaded = '';
    const lab = await fleetFigures(MAIN, 'lab', RUNS, log);
    loadTable(100, 4);
    return [lab, await fleetFigures(MAIN, '100 x 4', RUNS, log)];
  });
  // 2, 5: connection-state counts over 100,000+ entries.
  await measure(figures, 'conn', () => connFigures(log));
  log('done');
}

await main();
