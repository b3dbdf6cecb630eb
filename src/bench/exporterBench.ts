/**
 * `ipvstop exporter` against node_exporter's IPVS collector (Debian's prometheus-node-exporter, only that
 * collector) on the same table in the lab guest: each process's own CPU per scrape (utime+stime over a few
 * scrapes in a row), wall time, series and bytes per scrape, CPU while idle between scrapes, and peak RSS.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { cpuMs, median, peakRssMiB, sleep } from './measure.js';
import { f1, ratio, row } from './table.js';

export interface ScrapeFigures {
  cpuMsPerScrape: number;
  wallMsPerScrape: number;
  series: number;
  bytes: number;
  /** CPU ms over 10 s with no scrape. */
  idleCpuMs: number;
  peakRssMiB: number;
}
/** A measurement, or why it could not be taken (the others still are). */
export type Measured = ScrapeFigures | { error: string };
export interface ExporterFigures {
  services: number;
  dests: number;
  nodeExporter: Measured;
  /** The default groups: services, real servers, settings, HA, the doctor. */
  ipvstop: Measured;
  /** Services and real servers only, node_exporter's ground (with the traffic counters it lacks). */
  ipvstopTable: Measured;
}

const PORT = 10095;
const BODY = '/tmp/bench-exporter-body';
/** The scrape timeout curl keeps and tells the exporter, in seconds. */
const SCRAPE_TIMEOUT_S = 120;

/**
 * One scrape with curl into BODY; its wall time. Throws with curl's status and words unless HTTP 200. It
 * says its timeout as Prometheus does: ipvstop then waits for the table up to 80% of it, not its 8 s without
 * the header, which the lab's read at 10,000 x 4 with the default groups passes.
 */
function scrapeOnce(): number {
  const t = performance.now();
  const url = `http://127.0.0.1:${PORT}/metrics`;
  const timeout = ['-m', String(SCRAPE_TIMEOUT_S), '-H', `X-Prometheus-Scrape-Timeout-Seconds: ${SCRAPE_TIMEOUT_S}`];
  const r = spawnSync('curl', ['-sS', '-o', BODY, '-w', '%{http_code}', ...timeout, url], { encoding: 'utf8' });
  if (r.status !== 0 || r.stdout !== '200')
    throw new Error(`a scrape failed: curl exit ${r.status}, HTTP ${r.stdout || '-'}: ${r.stderr.trim()}`);
  return performance.now() - t;
}

/**
 * Throws unless the scrape in BODY has the table (ipvs_up 1, in the exporter's own families at the top): one
 * that passed its read deadline answers without it, while the read goes on, and its CPU is no scrape's.
 */
function checkUp(): void {
  const top = spawnSync('head', ['-c', '16384', BODY], { encoding: 'utf8' }).stdout;
  if (!/^ipvs_up 1$/m.test(top)) throw new Error('a scrape answered without the table (ipvs_up is not 1)');
}

async function waitAnswering(child: ChildProcess, name: string): Promise<void> {
  const deadline = performance.now() + 60_000;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with status ${child.exitCode}`);
    try {
      scrapeOnce();
      return;
    } catch {
      await sleep(250);
    }
  }
  throw new Error(`${name} never answered on port ${PORT}`);
}

async function attempt(name: string, argv: string[], scrapes: number, up = true): Promise<Measured> {
  try {
    return await measureScrapes(name, argv, scrapes, up);
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/**
 * Starts `argv`, scrapes it once (unmeasured: first reads, caches), then `scrapes` in a row, then sits idle;
 * `up`: each scrape must have the table (ipvstop's ipvs_up).
 */
async function measureScrapes(name: string, argv: string[], scrapes: number, up: boolean): Promise<ScrapeFigures> {
  const child = spawn(argv[0]!, argv.slice(1), {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, CI: '' },
  });
  let said = '';
  child.stderr!.on('data', (b) => {
    said = (said + b).slice(-2000);
  });
  try {
    await waitAnswering(child, name);
    const cpu: number[] = [];
    const wall: number[] = [];
    for (let i = 0; i < scrapes; i++) {
      const before = cpuMs(child.pid!);
      wall.push(scrapeOnce());
      cpu.push(cpuMs(child.pid!) - before);
      if (up) checkUp();
    }
    // Counted by grep: the bench's own heap stays out of the guest's memory (a scrape at 10,000 x 4 is 100+ MB).
    const series = Number(spawnSync('grep', ['-cv', '^#', BODY], { encoding: 'utf8' }).stdout.trim());
    const idleBefore = cpuMs(child.pid!);
    await sleep(10_000);
    return {
      cpuMsPerScrape: median(cpu),
      wallMsPerScrape: median(wall),
      series,
      bytes: statSync(BODY).size,
      idleCpuMs: cpuMs(child.pid!) - idleBefore,
      peakRssMiB: peakRssMiB(child.pid!),
    };
  } catch (e) {
    throw new Error(`${name}: ${(e as Error).message}${said ? `; it said: ${said.trim()}` : ''}`);
  } finally {
    child.kill('SIGKILL');
    await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(0) : child.once('exit', r)));
  }
}

/** The three exporters, one after another, on the table loaded now. */
export async function exporterFigures(
  main: string,
  services: number,
  dests: number,
  scrapes: number,
  log: (line: string) => void,
): Promise<ExporterFigures> {
  const listen = `127.0.0.1:${PORT}`;
  const ipvstop = [process.execPath, main, 'exporter', '--web.listen-address', listen];
  log(`exporter: node_exporter's IPVS collector at ${services} x ${dests}`);
  const nodeExporter = await attempt(
    'prometheus-node-exporter',
    [
      'prometheus-node-exporter',
      '--collector.disable-defaults',
      '--collector.ipvs',
      '--web.disable-exporter-metrics',
      `--web.listen-address=${listen}`,
    ],
    scrapes,
    false,
  );
  log(`exporter: ipvstop exporter, default groups, at ${services} x ${dests}`);
  const all = await attempt('ipvstop exporter', ipvstop, scrapes);
  log(`exporter: ipvstop exporter, services and real servers only, at ${services} x ${dests}`);
  const noGroups = ['--no-collect.settings', '--no-collect.ha', '--no-collect.doctor'];
  const table = await attempt('ipvstop exporter', ipvstop.concat(noGroups), scrapes);
  return { services, dests, nodeExporter, ipvstop: all, ipvstopTable: table };
}

/** The bench rows of one table size: ours against node_exporter's collector. */
export function exporterRows(e: ExporterFigures, target: string): string[] {
  const size = `${e.services.toLocaleString('en')} x ${e.dests}`;
  const failed = (['nodeExporter', 'ipvstop', 'ipvstopTable'] as const).flatMap((k) => {
    const m = e[k];
    return 'error' in m ? [row(`25. exporter at ${size}, ${k}: not measured`, m.error, '', '', '')] : [];
  });
  const n = e.nodeExporter;
  if ('error' in n) return failed;
  const anchor = (x: number, unit: string) => `${f1(x)} ${unit} (node_exporter)`;
  const scrape = (what: string, x: Measured, goal: string) =>
    'error' in x
      ? []
      : [
          row(
            `25. exporter CPU per scrape, ${size}, ${what} (${x.series.toLocaleString('en')} series, ${f1(x.bytes / 1e6)} MB; node_exporter ${n.series.toLocaleString('en')}, ${f1(n.bytes / 1e6)} MB)`,
            `${f1(x.cpuMsPerScrape)} ms`,
            anchor(n.cpuMsPerScrape, 'ms'),
            ratio(x.cpuMsPerScrape, n.cpuMsPerScrape),
            goal,
          ),
        ];
  const all = e.ipvstop;
  const detail =
    'error' in all
      ? []
      : [
          row(
            `25. exporter scrape wall time, ${size}, default groups`,
            `${f1(all.wallMsPerScrape)} ms`,
            anchor(n.wallMsPerScrape, 'ms'),
            ratio(all.wallMsPerScrape, n.wallMsPerScrape),
            'report',
          ),
          row(
            `25. exporter CPU over 10 s idle between scrapes, ${size}`,
            `${f1(all.idleCpuMs)} ms`,
            anchor(n.idleCpuMs, 'ms'),
            '',
            'idle (~0)',
          ),
          row(
            `25. exporter peak RSS, ${size}, default groups`,
            `${f1(all.peakRssMiB)} MiB`,
            anchor(n.peakRssMiB, 'MiB'),
            ratio(all.peakRssMiB, n.peakRssMiB),
            'report',
          ),
        ];
  return [
    ...scrape('default groups', all, target),
    ...scrape('services and real servers only', e.ipvstopTable, target),
    ...detail,
    ...failed,
  ];
}
