/**
 * `ipvstop exporter` against node_exporter's IPVS collector (Debian's prometheus-node-exporter, only that
 * collector) on the same table in the lab guest: each process's own CPU per scrape, wall time, series and
 * bytes per scrape, CPU while idle between scrapes, and peak RSS. The three exporters run side by side and
 * are scraped in turn, round after round: the guest's speed moves with its host's load from one minute to
 * the next (node_exporter's own figure went from 1,580 to 1,480 ms a scrape between two runs, and ours the
 * other way), and scrapes seconds apart share it. Each round gives ours a ratio to node_exporter's.
 * Each scrape asks for gzip, as Prometheus does by default; both exporters then compress.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { cpuMs, median, peakRssMiB, sleep } from './measure.js';
import { f1, ratio, row } from './table.js';

export interface ScrapeFigures {
  cpuMsPerScrape: number;
  /** Each round's CPU ms, in round order (the ratios to node_exporter's are taken round by round). */
  cpuMsEach: number[];
  wallMsPerScrape: number;
  series: number;
  /** The text's bytes, and the bytes sent (gzip's). */
  bytes: number;
  wireBytes: number;
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
  /** What changed in the table before each round, if anything (the bench table is otherwise idle). */
  changing?: string;
}

/** A change to the table before each round of scrapes, outside the measured scrapes. */
export interface RoundChange {
  what: string;
  before(round: number): void;
}
type Key = 'nodeExporter' | 'ipvstop' | 'ipvstopTable';

const PORTS: Record<Key, number> = { nodeExporter: 10095, ipvstop: 10096, ipvstopTable: 10097 };
/** The scrape timeout curl keeps and tells the exporter, in seconds. */
const SCRAPE_TIMEOUT_S = 120;

const bodyFile = (key: Key): string => `/tmp/bench-exporter-${key}`;

/**
 * One scrape with curl into the exporter's body file (the text, uncompressed by curl); its wall time and the
 * bytes sent. Throws with curl's status and words unless HTTP 200. It says its timeout and asks for gzip as
 * Prometheus does: ipvstop then waits for the table up to 80% of the timeout, not its 8 s without the header,
 * which the lab's read at 10,000 x 4 with the default groups passes.
 */
function scrapeOnce(key: Key): { wallMs: number; wireBytes: number } {
  const t = performance.now();
  const url = `http://127.0.0.1:${PORTS[key]}/metrics`;
  const asPrometheus = [
    ...['-m', String(SCRAPE_TIMEOUT_S), '-H', `X-Prometheus-Scrape-Timeout-Seconds: ${SCRAPE_TIMEOUT_S}`],
    ...['-H', 'Accept-Encoding: gzip', '--compressed'],
  ];
  const out = ['-sS', '-o', bodyFile(key), '-w', '%{http_code} %{size_download}'];
  const r = spawnSync('curl', [...out, ...asPrometheus, url], { encoding: 'utf8' });
  const [status, wireBytes] = r.stdout.split(' ');
  if (r.status !== 0 || status !== '200')
    throw new Error(`a scrape failed: curl exit ${r.status}, HTTP ${status || '-'}: ${r.stderr.trim()}`);
  return { wallMs: performance.now() - t, wireBytes: Number(wireBytes) };
}

/**
 * Throws unless the scrape has the table (ipvs_up 1, in the exporter's own families at the top): one that
 * passed its read deadline answers without it, while the read goes on, and its CPU is no scrape's.
 */
function checkUp(key: Key): void {
  const top = spawnSync('head', ['-c', '16384', bodyFile(key)], { encoding: 'utf8' }).stdout;
  if (!/^ipvs_up 1$/m.test(top)) throw new Error('a scrape answered without the table (ipvs_up is not 1)');
}

/** One exporter of the three: its process and what it has measured so far, or why it stopped. */
class Exporter {
  readonly cpu: number[] = [];
  readonly wall: number[] = [];
  private wireBytes = 0;
  error: string | undefined;
  private said = '';
  private readonly child: ChildProcess;

  constructor(
    readonly key: Key,
    private readonly name: string,
    argv: string[],
    /** Each scrape must have the table (ipvstop's ipvs_up). */
    private readonly up: boolean,
  ) {
    this.child = spawn(argv[0]!, argv.slice(1), {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, CI: '' },
    });
    this.child.stderr!.on('data', (b) => {
      this.said = (this.said + b).slice(-2000);
    });
  }

  /** Waits until it answers a scrape (unmeasured: first reads, caches). */
  async ready(): Promise<void> {
    const deadline = performance.now() + 60_000;
    for (;;) {
      if (this.child.exitCode !== null) return this.fail(`exited with status ${this.child.exitCode}`);
      try {
        scrapeOnce(this.key);
        return;
      } catch (e) {
        if (performance.now() > deadline) return this.fail(`never answered: ${(e as Error).message}`);
        await sleep(250);
      }
    }
  }

  /** One measured scrape, unless it failed before. */
  scrape(): void {
    if (this.error) return;
    try {
      const before = cpuMs(this.child.pid!);
      const { wallMs, wireBytes } = scrapeOnce(this.key);
      this.cpu.push(cpuMs(this.child.pid!) - before);
      this.wall.push(wallMs);
      this.wireBytes = wireBytes;
      if (this.up) checkUp(this.key);
    } catch (e) {
      this.fail((e as Error).message);
    }
  }

  cpuNow(): number {
    return this.error ? 0 : cpuMs(this.child.pid!);
  }

  figures(idleCpuMs: number): Measured {
    if (this.error) return { error: this.error };
    // Counted by grep: the bench's own heap stays out of the guest's memory (a scrape at 10,000 x 4 is 100+ MB).
    const series = Number(spawnSync('grep', ['-cv', '^#', bodyFile(this.key)], { encoding: 'utf8' }).stdout.trim());
    return {
      cpuMsPerScrape: median(this.cpu),
      cpuMsEach: this.cpu,
      wallMsPerScrape: median(this.wall),
      series,
      bytes: statSync(bodyFile(this.key)).size,
      wireBytes: this.wireBytes,
      idleCpuMs,
      peakRssMiB: peakRssMiB(this.child.pid!),
    };
  }

  async stop(): Promise<void> {
    const c = this.child;
    c.kill('SIGKILL');
    await new Promise((r) => (c.exitCode !== null || c.signalCode !== null ? r(0) : c.once('exit', r)));
  }

  private fail(why: string): void {
    this.error ??= `${this.name}: ${why}${this.said ? `; it said: ${this.said.trim()}` : ''}`;
  }
}

/** The three exporters side by side on the table loaded now, scraped in turn for `rounds` rounds. */
export async function exporterFigures(
  main: string,
  services: number,
  dests: number,
  rounds: number,
  log: (line: string) => void,
  change?: RoundChange,
): Promise<ExporterFigures> {
  const listen = (key: Key) => `127.0.0.1:${PORTS[key]}`;
  const ipvstop = (key: Key) => [process.execPath, main, 'exporter', '--web.listen-address', listen(key)];
  const nodeExporter = ['prometheus-node-exporter', '--collector.disable-defaults', '--collector.ipvs'];
  const exporters = [
    new Exporter(
      'nodeExporter',
      'prometheus-node-exporter',
      [...nodeExporter, '--web.disable-exporter-metrics', `--web.listen-address=${listen('nodeExporter')}`],
      false,
    ),
    new Exporter('ipvstop', 'ipvstop exporter', ipvstop('ipvstop'), true),
    new Exporter(
      'ipvstopTable',
      'ipvstop exporter (services and real servers)',
      [...ipvstop('ipvstopTable'), '--no-collect.settings', '--no-collect.ha', '--no-collect.doctor'],
      true,
    ),
  ];
  try {
    log(
      `exporter: node_exporter's IPVS collector, ipvstop's default groups and its table alone at ${services} x ${dests}${change ? `, ${change.what}` : ''}`,
    );
    for (const e of exporters) await e.ready();
    // Each round in another order, so that no exporter always follows the same one.
    for (let i = 0; i < rounds; i++) {
      change?.before(i);
      for (let j = 0; j < exporters.length; j++) exporters[(i + j) % exporters.length]!.scrape();
    }
    const idleBefore = exporters.map((e) => e.cpuNow());
    await sleep(10_000);
    const [n, all, table] = exporters.map((e, i) => e.figures(e.cpuNow() - idleBefore[i]!));
    return { services, dests, nodeExporter: n!, ipvstop: all!, ipvstopTable: table!, changing: change?.what };
  } finally {
    for (const e of exporters) await e.stop();
  }
}

/** The median of ours / node_exporter's CPU, round by round (rounds where both scraped). */
function roundRatio(ours: ScrapeFigures, theirs: ScrapeFigures): string {
  const each = ours.cpuMsEach.flatMap((x, i) => {
    const n = theirs.cpuMsEach[i];
    return n ? [x / n] : [];
  });
  return each.length ? ratio(median(each), 1) : 'n/a';
}

/** The text's size and what was sent of it (gzip). */
const mb = (x: ScrapeFigures) => `${f1(x.bytes / 1e6)} MB, ${f1(x.wireBytes / 1e6)} MB sent`;

/** The bench rows of one table size: ours against node_exporter's collector. */
export function exporterRows(e: ExporterFigures, target: string): string[] {
  const size = `${e.services.toLocaleString('en')} x ${e.dests}${e.changing ? `, ${e.changing}` : ''}`;
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
            `25. exporter CPU per scrape, ${size}, ${what} (${x.series.toLocaleString('en')} series, ${mb(x)}; node_exporter ${n.series.toLocaleString('en')}, ${mb(n)})`,
            `${f1(x.cpuMsPerScrape)} ms`,
            anchor(n.cpuMsPerScrape, 'ms'),
            roundRatio(x, n),
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
