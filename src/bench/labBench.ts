/**
 * The lab half of `npm run bench`: runs in the guest after start-lab.sh and
 * prints one JSON object of figures, each with its anchor measured in the
 * same boot on the same table (see src/bench/run.ts for the table).
 */
import { execSync, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { readConnTable } from '../kernel/proc/connTable.js';
import { benchTableRules, median, Pane, peakRssMiB, sleep, timeShell } from './measure.js';

const MAIN = fileURLToPath(new URL('../cli/main.js', import.meta.url));
const IPVSTOP = `env -u CI TERM=xterm-256color node ${MAIN}`;
const sh = (cmd: string): string => execSync(cmd, { encoding: 'utf8', shell: '/bin/bash', maxBuffer: 1 << 28 });
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

function loadTable(services: number, dests: number): void {
  sh('ipvsadm -C');
  execSync('ipvsadm -R', { input: benchTableRules(services, dests) });
}

/** CPU ms per refresh of a program in a cols x rows pane, median over RUNS windows. */
async function cpuPerRefresh(name: string, command: string, intervalSec: number, cols: number, rows: number, ready: RegExp) {
  const pane = Pane.start(name, command, cols, rows);
  try {
    const firstFrameMs = await pane.waitFor(ready);
    await sleep(3000); // past start-up work
    const refreshes = 5;
    const samples: number[] = [];
    for (let i = 0; i < RUNS; i++) samples.push((await pane.cpuDuring(refreshes * intervalSec * 1000)) / refreshes);
    const bytes: number[] = [];
    for (let i = 0; i < RUNS; i++) bytes.push((await pane.bytesDuring(refreshes * intervalSec * 1000)) / refreshes);
    // One cell that changes every refresh: the first service's scheduler flips (first line of both screens).
    const flip = spawn('bash', ['-c', `while :; do ipvsadm -E -t 198.18.0.0:80 -s rr; sleep ${intervalSec}; ipvsadm -E -t 198.18.0.0:80 -s wlc; sleep ${intervalSec}; done`], { stdio: 'ignore' });
    const oneChange: number[] = [];
    try {
      if (/198\.18\./.test(ready.source)) for (let i = 0; i < RUNS; i++) oneChange.push((await pane.bytesDuring(refreshes * intervalSec * 1000)) / refreshes);
    } finally {
      flip.kill();
      sh('ipvsadm -E -t 198.18.0.0:80 -s wlc 2>/dev/null || true');
    }
    return {
      cpuMsPerRefresh: median(samples),
      bytesPerRefresh: median(bytes),
      bytesPerRefreshOneChange: oneChange.length ? median(oneChange) : NaN,
      firstFrameMs,
      peakRssMiB: peakRssMiB(pane.pid),
    };
  } finally {
    pane.stop();
  }
}

/** Fills the connection table with SYN_RECV entries (a real server that never answers), to at least `rows`. */
async function fillConnTable(rows: number): Promise<() => void> {
  sh('ipvsadm -A -t 192.0.2.3:80 -s rr && ipvsadm -a -t 192.0.2.3:80 -r 198.51.100.99:80 -m');
  const floods = ['203.0.113.2', '203.0.113.3'].map((src) =>
    spawn('ip', ['netns', 'exec', 'client', 'hping3', '-q', '-S', '-p', '80', '-a', src, '-i', 'u250', '192.0.2.3'], { stdio: 'ignore' }));
  const stop = (): void => floods.forEach((p) => p.kill());
  for (let t = 0; t < 120; t++) {
    const n = Number(sh('wc -l < /proc/net/ip_vs_conn')) - 1;
    if (n >= rows) return stop;
    await sleep(1000);
  }
  stop();
  throw new Error(`bench: the connection table never reached ${rows} rows`);
}

async function connFigures() {
  const stop = await fillConnTable(100_000);
  try {
    const ours: number[] = [];
    let rowsSeen = 0;
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      rowsSeen = (await readConnTable()).rows;
      ours.push(performance.now() - t);
    }
    return {
      rows: rowsSeen,
      ipvstopMs: median(ours),
      catMs: timeShell('cat /proc/net/ip_vs_conn > /dev/null', 5),
      ipvsadmAwkMs: timeShell("ipvsadm -Lcn | awk '{print $3}' | sort | uniq -c > /dev/null", 3),
      rssMiBAfter: process.memoryUsage().rss / 2 ** 20,
    };
  } finally {
    stop();
  }
}

async function main(): Promise<void> {
  const figures: Record<string, unknown> = {};
  // 1, 3, 5: 1,000 services x 10 real servers at 200x50, no traffic (nothing changes).
  loadTable(1000, 10);
  figures.big = {
    watch: await cpuPerRefresh('watch-big', 'watch -n2 ipvsadm -L -n', 2, 200, 50, /198\.18\./),
    ipvstop: await cpuPerRefresh('ipvstop-big', `${IPVSTOP} -i 2`, 2, 200, 50, /198\.18\./),
  };
  // 4: 100 x 10 at the default interval, nothing changes.
  loadTable(100, 10);
  figures.small = {
    watch: await cpuPerRefresh('watch-small', 'watch -n1 ipvsadm -L -n', 1, 200, 50, /198\.18\./),
    ipvstop: await cpuPerRefresh('ipvstop-small', IPVSTOP, 1, 200, 50, /198\.18\./),
  };
  // 3 (live): the lab's own table under traffic, counters changing every second.
  sh(`bash ${fileURLToPath(new URL('../../src/lab/guest/services.sh', import.meta.url))}`);
  figures.live = {
    watch: await cpuPerRefresh('watch-live', 'watch -n1 ipvsadm -L -n', 1, 200, 50, /192\.0\.2\.1:80/),
    ipvstop: await cpuPerRefresh('ipvstop-live', IPVSTOP, 1, 200, 50, /192\.0\.2\.1:80/),
  };
  // 2, 5: connection-state counts over 100,000+ entries.
  figures.conn = await connFigures();
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

await main();
