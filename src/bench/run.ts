/**
 * `npm run bench`: every figure of the performance issue with its anchor and
 * the ratio, lab figures from one boot of the lab kernel. Prints a Markdown
 * table (the README keeps the latest one).
 */
import { ensureLabPackages } from '../lab/deps.js';
import { runInLab } from '../lab/uml.js';
import { connParseFigures } from './connParseBench.js';

interface PaneFigures { cpuMsPerRefresh: number; bytesPerRefresh: number; bytesPerRefreshOneChange: number; firstFrameMs: number; peakRssMiB: number }
interface LabFigures {
  big: { watch: PaneFigures; ipvstop: PaneFigures };
  small: { watch: PaneFigures; ipvstop: PaneFigures };
  live: { watch: PaneFigures; ipvstop: PaneFigures };
  conn: { rows: number; ipvstopMs: number; catMs: number; ipvsadmAwkMs: number; rssMiBAfter: number };
}

const f1 = (n: number): string => (n >= 100 ? n.toFixed(0) : n.toFixed(1));
const ratio = (a: number, b: number): string => (b > 0 ? `${(a / b).toFixed(2)}x` : 'n/a');

function row(figure: string, ours: string, anchor: string, r: string, target: string): string {
  // Shell pipelines in a label must not split the Markdown row.
  return `| ${figure.replaceAll('|', '\\|')} | ${ours} | ${anchor} | ${r} | ${target} |`;
}

export function labTable(f: LabFigures): string[] {
  const { big, small, live, conn } = f;
  return [
    row('1. CPU per refresh, 1,000 x 10, 200x50, -i 2 vs watch -n2', `${f1(big.ipvstop.cpuMsPerRefresh)} ms`, `${f1(big.watch.cpuMsPerRefresh)} ms`, ratio(big.ipvstop.cpuMsPerRefresh, big.watch.cpuMsPerRefresh), '<= 1x'),
    row(`2. state counts, ${conn.rows} entries vs cat (floor)`, `${f1(conn.ipvstopMs)} ms`, `${f1(conn.catMs)} ms`, ratio(conn.ipvstopMs, conn.catMs), '<= 1.2x'),
    row(`2. state counts, ${conn.rows} entries vs ipvsadm -Lcn | awk | sort | uniq -c`, `${f1(conn.ipvstopMs)} ms`, `${f1(conn.ipvsadmAwkMs)} ms`, ratio(conn.ipvstopMs, conn.ipvsadmAwkMs), 'report'),
    row('3. bytes per refresh, 1,000 x 10 static, 200x50', `${f1(big.ipvstop.bytesPerRefresh)} B`, `${f1(big.watch.bytesPerRefresh)} B`, ratio(big.ipvstop.bytesPerRefresh, big.watch.bytesPerRefresh), '<= 1x'),
    row('3. bytes per refresh, 1,000 x 10, one cell changes, 200x50', `${f1(big.ipvstop.bytesPerRefreshOneChange)} B`, `${f1(big.watch.bytesPerRefreshOneChange)} B`, ratio(big.ipvstop.bytesPerRefreshOneChange, big.watch.bytesPerRefreshOneChange), '<= 1x'),
    row('3. bytes per refresh, live table, 200x50, -i 1', `${f1(live.ipvstop.bytesPerRefresh)} B`, `${f1(live.watch.bytesPerRefresh)} B`, ratio(live.ipvstop.bytesPerRefresh, live.watch.bytesPerRefresh), '<= 1x'),
    row('4. CPU per refresh, 100 x 10 unchanged, -i 1', `${f1(small.ipvstop.cpuMsPerRefresh)} ms`, `${f1(small.watch.cpuMsPerRefresh)} ms`, ratio(small.ipvstop.cpuMsPerRefresh, small.watch.cpuMsPerRefresh), '< 10 ms'),
    row('4. start to first full frame, 100 x 10', `${f1(small.ipvstop.firstFrameMs)} ms`, `${f1(small.watch.firstFrameMs)} ms`, ratio(small.ipvstop.firstFrameMs, small.watch.firstFrameMs), 'report'),
    row('5. peak RSS, 1,000 x 10', `${f1(big.ipvstop.peakRssMiB)} MiB`, `${f1(big.watch.peakRssMiB)} MiB (watch)`, '', 'report'),
    row(`5. RSS after counting ${conn.rows} entries`, `${f1(conn.rssMiBAfter)} MiB`, '', '', 'flat'),
  ];
}

async function nativeRows(): Promise<string[]> {
  const n = await connParseFigures();
  n.cleanup();
  return [
    row(`2n. state counts, generated ${n.rows} rows, natively vs cat (floor)`, `${f1(n.ipvstopMs)} ms`, `${f1(n.catMs)} ms`, ratio(n.ipvstopMs, n.catMs), '<= 1.2x'),
    row(`2n. same file vs awk '{print $8}' | sort | uniq -c`, `${f1(n.ipvstopMs)} ms`, `${f1(n.awkMs)} ms`, ratio(n.ipvstopMs, n.awkMs), 'report'),
    row('5n. peak RSS counting it', `${f1(n.rssMiB)} MiB`, '', '', 'flat'),
  ];
}

async function main(): Promise<void> {
  const header = ['| figure | ipvstop | anchor | ratio | target |', '|---|---|---|---|---|'];
  process.stderr.write('bench: native connection-table parse (1,000,000 rows)\n');
  const native = await nativeRows();
  process.stdout.write(`${[...header, ...native].join('\n')}\n`);
  if (process.argv.includes('--native')) return;
  ensureLabPackages((l) => process.stderr.write(`${l}\n`));
  process.stderr.write('bench: booting the lab (this takes a few minutes)\n');
  const r = await runInLab({
    job: 'bash src/lab/guest/start-lab.sh >/dev/null 2>&1 && node dist/bench/labBench.js > /run/io/out/figures.json',
    timeoutMs: 30 * 60_000,
  });
  const json = r.files.get('figures.json');
  if (r.status !== 0 || !json) {
    process.stderr.write(`${r.console.split('\n').slice(-30).join('\n')}\nbench: the lab run failed (status ${r.status})\n`);
    process.exitCode = 1;
    return;
  }
  process.stdout.write(`${labTable(JSON.parse(json) as LabFigures).join('\n')}\n`);
}

await main();
