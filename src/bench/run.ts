/**
 * `npm run bench`: every figure of the performance issue with its anchor and
 * the ratio, lab figures from one boot of the lab kernel. Prints a Markdown
 * table (the README keeps the latest one).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { ensureLabPackages } from '../lab/deps.js';
import { runInLab } from '../lab/uml.js';
import { connParseFigures } from './connParseBench.js';
import { connsRows } from './connsBench.js';
import { type ExporterFigures, exporterRows } from './exporterBench.js';
import { type FleetFigures, fleetRows } from './fleetBench.js';
import { historyFigures } from './historyBench.js';
import type { Latency } from './scaleBench.js';
import { startupFigures, startupRows } from './startup.js';
import { f1, ratio, row } from './table.js';
import { timelineFigures } from './timelineBench.js';
import { type WholeRunFigures, wholeRunRows } from './wholeRun.js';

interface PaneFigures {
  cpuMsPerRefresh: number;
  bytesPerRefresh: number;
  bytesPerRefreshOneChange: number;
  firstFrameMs: number;
  peakRssMiB: number;
}
interface LabFigures {
  big?: { watch: PaneFigures; ipvstop: PaneFigures };
  small?: { watch: PaneFigures; ipvstop: PaneFigures };
  live?: { watch: PaneFigures; ipvstop: PaneFigures };
  conn?: {
    rows: number;
    ipvstopMs: number;
    catMs: number;
    ipvsadmAwkMs: number;
    rssMiB: number;
    smallRows: number;
    smallRssMiB: number;
  };
  scale?: {
    watch: PaneFigures;
    ipvstop: PaneFigures;
    list: { ipvstopMs: number; ipvsadmMs: number; identical: boolean; runs: number };
  };
  /** The whole run at 1,000 x 10 and 10,000 x 4. */
  run?: WholeRunFigures[];
  keys?: { large: { idle: Latency; churn: Latency }; small: { idle: Latency; churn: Latency } };
  /** A scrape against node_exporter's IPVS collector at 10,000 x 4 and 1,000 x 10. */
  exporter?: ExporterFigures[];
  /** The fleet of 50 at 1,000 x 10 and on the lab's table. */
  fleet?: FleetFigures[];
  /** Figures that could not be measured, by section, with the reason. */
  errors?: Record<string, string>;
}

type Pair = { watch: PaneFigures; ipvstop: PaneFigures };
/** One figure of a pane measurement: ours, watch's, the ratio. */
function paneRow(label: string, p: Pair, pick: (f: PaneFigures) => number, unit: string, target: string): string {
  return row(
    label,
    `${f1(pick(p.ipvstop))} ${unit}`,
    `${f1(pick(p.watch))} ${unit}`,
    ratio(pick(p.ipvstop), pick(p.watch)),
    target,
  );
}

/** The Kubernetes-scale rows: 10,000 x 4 against watch and ipvsadm, keys against a 100-service table. */
function scaleRows(f: LabFigures): string[] {
  const rows: string[] = [];
  const { scale, keys } = f;
  if (scale) {
    rows.push(
      paneRow(
        '6. CPU per refresh, 10,000 x 4, 200x50, -i 2 vs watch -n2',
        scale,
        (x) => x.cpuMsPerRefresh,
        'ms',
        '<= 0.5x',
      ),
      row(
        `6. ipvstop list vs ipvsadm -L -n, 10,000 x 4 (${scale.list.identical ? 'byte-identical' : 'OUTPUT DIFFERS'})`,
        `${f1(scale.list.ipvstopMs)} ms`,
        `${f1(scale.list.ipvsadmMs)} ms`,
        ratio(scale.list.ipvstopMs, scale.list.ipvsadmMs),
        '<= 1x, identical',
      ),
      row(
        '6. peak RSS, 10,000 x 4',
        `${f1(scale.ipvstop.peakRssMiB)} MiB`,
        `${f1(scale.watch.peakRssMiB)} MiB (watch)`,
        '',
        'report',
      ),
    );
  }
  if (keys) {
    for (const mode of ['idle', 'churn'] as const) {
      for (const p of ['p50', 'p99'] as const) {
        const [large, small] = [keys.large[mode][p], keys.small[mode][p]];
        rows.push(
          row(
            `6. key to screen ${p}, ${mode === 'idle' ? 'idle' : '100 services/s churn'}, 10,000 x 4 vs 100 x 4`,
            `${f1(large)} ms`,
            `${f1(small)} ms`,
            ratio(large, small),
            '<= 2x',
          ),
        );
      }
    }
  }
  return rows;
}

export function labTable(f: LabFigures): string[] {
  const { big, small, live, conn } = f;
  const rows: string[] = (f.run ?? []).flatMap((w) =>
    wholeRunRows(
      w,
      w.services >= 10_000
        ? { cpu: '<= 0.3x', rss: '<= 120 MiB', firstFrame: 'report' }
        : { cpu: '<= 0.5x', rss: '<= 80 MiB', firstFrame: '<= 4x' },
    ),
  );
  rows.push(...scaleRows(f));
  for (const e of f.exporter ?? [])
    rows.push(...exporterRows(e, e.services === 1000 && !e.changing ? '<= 1x' : 'report'));
  for (const fleet of f.fleet ?? []) rows.push(...fleetRows(fleet));
  if (big) {
    rows.push(
      paneRow(
        '1. CPU per refresh, 1,000 x 10, 200x50, -i 2 vs watch -n2',
        big,
        (x) => x.cpuMsPerRefresh,
        'ms',
        '<= 1x',
      ),
      paneRow('3. bytes per refresh, 1,000 x 10 static, 200x50', big, (x) => x.bytesPerRefresh, 'B', '<= 1x'),
      paneRow(
        '3. bytes per refresh, 1,000 x 10, one cell changes, 200x50',
        big,
        (x) => x.bytesPerRefreshOneChange,
        'B',
        '<= 1x',
      ),
    );
  }
  if (live)
    rows.push(paneRow('3. bytes per refresh, live table, 200x50, -i 1', live, (x) => x.bytesPerRefresh, 'B', '<= 1x'));
  if (small) {
    rows.push(
      paneRow('4. CPU per refresh, 100 x 10 unchanged, -i 1', small, (x) => x.cpuMsPerRefresh, 'ms', '< 10 ms'),
      paneRow('4. start to first full frame, 100 x 10', small, (x) => x.firstFrameMs, 'ms', 'report'),
    );
  }
  if (big)
    rows.push(
      row(
        '5. peak RSS, 1,000 x 10',
        `${f1(big.ipvstop.peakRssMiB)} MiB`,
        `${f1(big.watch.peakRssMiB)} MiB (watch)`,
        '',
        '<= 80 MiB',
      ),
    );
  if (conn) {
    rows.push(
      row(
        `2. state counts, ${conn.rows} entries vs cat (floor)`,
        `${f1(conn.ipvstopMs)} ms`,
        `${f1(conn.catMs)} ms`,
        ratio(conn.ipvstopMs, conn.catMs),
        '<= 1.2x',
      ),
      row(
        `2. state counts, ${conn.rows} entries vs ipvsadm -Lcn | awk | sort | uniq -c`,
        `${f1(conn.ipvstopMs)} ms`,
        `${f1(conn.ipvsadmAwkMs)} ms`,
        ratio(conn.ipvstopMs, conn.ipvsadmAwkMs),
        'report',
      ),
      row(
        `5. peak RSS of a process counting ${conn.rows} entries, vs ${conn.smallRows}`,
        `${f1(conn.rssMiB)} MiB`,
        `${f1(conn.smallRssMiB)} MiB`,
        ratio(conn.rssMiB, conn.smallRssMiB),
        'flat (1x)',
      ),
    );
  }
  for (const [section, reason] of Object.entries(f.errors ?? {}))
    rows.push(row(`${section}: not measured`, reason, '', '', ''));
  return rows;
}

async function nativeRows(): Promise<string[]> {
  const n = await connParseFigures();
  n.cleanup();
  return [
    row(
      `2n. state counts, generated ${n.rows} rows, natively vs cat (floor)`,
      `${f1(n.ipvstopMs)} ms`,
      `${f1(n.catMs)} ms`,
      ratio(n.ipvstopMs, n.catMs),
      '<= 1.2x',
    ),
    row(
      `2n. same file vs awk '{print $8}' | sort | uniq -c`,
      `${f1(n.ipvstopMs)} ms`,
      `${f1(n.awkMs)} ms`,
      ratio(n.ipvstopMs, n.awkMs),
      'report',
    ),
    row(
      `5n. peak RSS of a process counting ${n.rows} rows, vs ${n.smallRows}`,
      `${f1(n.rssMiB)} MiB`,
      `${f1(n.smallRssMiB)} MiB`,
      ratio(n.rssMiB, n.smallRssMiB),
      'flat (1x)',
    ),
  ];
}

/**
 * Bytes and CPU per recorded sample; the day's size against the issue's 200 MB at 1,000 x 10 every 10 s,
 * and with traffic, against the least any lossless store could take for it (the traffic's own information).
 */
function historyRows(): string[] {
  return historyFigures().map((h) =>
    row(
      `history: a sample of ${h.services.toLocaleString('en')} x ${h.dests}, ${h.busy ? 'traffic on every server' : 'idle'}${h.conns ? '' : ', --no-conns'}`,
      `${f1(h.bytesPerSample / 1024)} KiB, ${f1(h.cpuMsPerSample)} ms CPU; ${f1(h.mbPerDay)} MB/day at 10 s`,
      h.busy ? `${f1(h.floorMbPerDay)} MB/day (any lossless store)` : '-',
      h.busy ? ratio(h.mbPerDay, h.floorMbPerDay) : '-',
      h.services === 1000 ? '<= 200 MB/day; <= 200 ms (2% of 10 s)' : 'report',
    ),
  );
}

/** The monitor's history: bytes and CPU per moment, 15 minutes at -i 1 against issue 24's 32 MiB at 1,000 x 10. */
function timelineRows(): string[] {
  return timelineFigures().map((t) =>
    row(
      `monitor history: a moment of ${t.services.toLocaleString('en')} x ${t.dests}, ${t.busy ? 'traffic on every server' : 'idle'}`,
      `${f1(t.bytesPerMoment / 1024)} KiB, ${f1(t.cpuMsPerMoment)} ms CPU; ${f1(t.mibPer15Min)} MiB for 15 min at 1 s`,
      '-',
      '-',
      t.services === 1000 ? '<= 32 MiB for 15 min' : 'report',
    ),
  );
}

/** The native sections; true when a flag asked for them only. */
async function nativeSections(header: string[]): Promise<boolean> {
  process.stderr.write('bench: start-up, natively (interleaved runs)\n');
  const startup = startupRows(startupFigures());
  process.stdout.write(`${[...header, ...startup].join('\n')}\n`);
  if (process.argv.includes('--startup')) return true;
  process.stderr.write('bench: the history store, natively (60 samples each)\n');
  process.stdout.write(`${[...header, ...historyRows()].join('\n')}\n`);
  process.stderr.write("bench: the monitor's history, natively (120 moments each)\n");
  process.stdout.write(`${[...header, ...timelineRows()].join('\n')}\n`);
  if (process.argv.includes('--history')) return true;
  process.stderr.write('bench: native connection-table parse (1,000,000 rows)\n');
  const native = await nativeRows();
  process.stderr.write('bench: native conns and row reads (1,000,000 rows, IPv4 and IPv6)\n');
  native.push(...(await connsRows()));
  process.stdout.write(`${[...header, ...native].join('\n')}\n`);
  if (process.argv.includes('--native')) return true;
  return false;
}

/**
 * UML backs the guest's memory with one host mapping per page run, and a guest process of a few hundred MiB
 * (the exporter at 10,000 x 4) passes the host's default vm.max_map_count of 65,530: the guest then dies
 * ("UML ran out of memory on the host side"). Raised for the bench when we are root, and said.
 */
function raiseMapCount(): void {
  const file = '/proc/sys/vm/max_map_count';
  const now = Number(readFileSync(file, 'utf8'));
  if (now >= 262_144 || process.getuid?.() !== 0) return;
  writeFileSync(file, '262144');
  process.stderr.write(`bench: vm.max_map_count raised from ${now} to 262144 for the lab guest\n`);
}

async function main(): Promise<void> {
  const header = ['| figure | ipvstop | anchor | ratio | target |', '|---|---|---|---|---|'];
  if (!process.argv.includes('--lab')) {
    const done = await nativeSections(header);
    if (done) return;
  }
  ensureLabPackages((l) => process.stderr.write(`${l}\n`));
  raiseMapCount();
  process.stderr.write('bench: booting the lab (this takes a few minutes)\n');
  const r = await runInLab({
    job: 'bash src/lab/guest/start-lab.sh >/dev/null 2>&1 && node dist/bench/labBench.js /run/io/out/figures.json',
    timeoutMs: 60 * 60_000,
    // The exporter section runs node_exporter and two ipvstop exporters side by side: about 500 MiB at 10,000 x 4.
    // V8 sizes its heap from the memory it sees: peak RSS in this guest is not that of a 1 GiB one (docs/performance.md).
    memMb: 2048,
    env: Object.fromEntries(
      ['BENCH_ONLY', 'BENCH_WINDOW_S', 'BENCH_RUNS'].flatMap((k) => (process.env[k] ? [[k, process.env[k]!]] : [])),
    ),
    echo: process.stderr,
  });
  const json = r.files.get('figures.json');
  if (json) process.stdout.write(`${[...header, ...labTable(JSON.parse(json) as LabFigures)].join('\n')}\n`);
  if (r.status !== 0 || !json) {
    process.stderr.write(
      `bench: the lab run failed (${r.timedOut ? 'timed out after 60 min' : `status ${r.status}`}); its console is above\n`,
    );
    process.exitCode = 1;
  }
}

await main();
