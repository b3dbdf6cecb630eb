/**
 * One scrape: the IPVS table read once (through the same reader as `ipvstop list`), turned into metric
 * families with the exporter's own. Concurrent scrapes share the read in flight, so a slow table never
 * stacks reads up; a scrape that waits past its deadline answers without the table (ipvs_up 0, an error
 * counted as source "deadline") while the read goes on for the next one.
 */

import { capSeries, type ExporterReading, readingFamilies } from '../output/metrics/exporterMetrics.js';
import type { MetricFamily } from '../output/metrics/exposition.js';
import type { CollectGroup } from '../output/metrics/ipvsMetrics.js';
import { ServerMemory } from '../output/metrics/serverMemory.js';

/** A part of a scrape's read besides the table, which can fail alone (the rest is still exported). */
export type PartSource = 'ha' | 'doctor' | 'conns';

/** A scrape's read: the table and the parts its groups want; `failed`: the parts that could not be read, and why. */
export interface ScrapeRead extends ExporterReading {
  failed?: Partial<Record<PartSource, string>>;
}

/** What reads the table; the real one opens netlink (kept open between scrapes), tests pass a fake. */
export interface TableReader {
  read(): Promise<ScrapeRead>;
}

/** Where a scrape can fail, for `ipvs_exporter_scrape_errors_total{source}`. */
export type ErrorSource = 'ipvs' | 'deadline' | PartSource;

export interface ScrapeOptions {
  groups: ReadonlySet<CollectGroup>;
  /** How long a scrape waits for the table, in ms, when its scraper does not say how long it waits itself. */
  deadlineMs: number;
  version: string;
  /** --max-series: at most this many series of the table's groups (the exporter's own are not counted). */
  maxSeries?: number;
  /** One line for stderr: a read failing, then working again (said once each, not per scrape). */
  log(line: string): void;
}

const TIMED_OUT = Symbol('timed out');
/** The share of the scraper's own timeout a scrape waits for the table: the rest is for sending the text. */
const READ_SHARE = 0.8;
/** The longest scraper timeout taken at its word, in seconds. */
const LONGEST_TIMEOUT_S = 120;

/**
 * How long a scrape waits for the table: READ_SHARE of the timeout its scraper gives (Prometheus sends its
 * scrape_timeout in the X-Prometheus-Scrape-Timeout-Seconds header), at most LONGEST_TIMEOUT_S of it;
 * `fallbackMs` when the scraper gives none, or a value that is not a positive number of seconds.
 */
export function readDeadlineMs(timeoutHeader: string | string[] | undefined, fallbackMs: number): number {
  if (typeof timeoutHeader !== 'string' || !/^\s*\d+(\.\d+)?\s*$/.test(timeoutHeader)) return fallbackMs;
  const seconds = Number(timeoutHeader);
  if (!(seconds > 0)) return fallbackMs;
  return Math.round(Math.min(seconds, LONGEST_TIMEOUT_S) * 1000 * READ_SHARE);
}
const READ_AGAIN = 'the IPVS table is read again';
const PART_NAMES: Record<PartSource, string> = {
  ha: 'the HA daemon',
  doctor: 'the doctor',
  conns: 'the connection table',
};

export class Scraper {
  private inFlight: Promise<ScrapeRead> | undefined;
  private readonly errors: Record<ErrorSource, number> = { ipvs: 0, deadline: 0, ha: 0, doctor: 0, conns: 0 };
  /** Each server's labels and overload flag, from one scrape to the next. */
  private readonly memory = new ServerMemory();
  /** What was last said of each source (undefined: nothing wrong), so each change is said once. */
  private readonly lastProblem = new Map<ErrorSource | 'series', string | undefined>();
  private dropped = 0;

  constructor(
    private readonly reader: TableReader,
    private readonly o: ScrapeOptions,
  ) {}

  /** The table read, shared with every scrape that comes while it runs. */
  private shared(): Promise<ScrapeRead> {
    if (!this.inFlight) {
      this.inFlight = this.reader.read().finally(() => {
        this.inFlight = undefined;
      });
    }
    return this.inFlight;
  }

  private async withDeadline(deadlineMs: number): Promise<ScrapeRead | typeof TIMED_OUT> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<typeof TIMED_OUT>((r) => {
      timer = setTimeout(() => r(TIMED_OUT), deadlineMs);
    });
    try {
      return await Promise.race([this.shared(), deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** `fixed`: what to say when a problem ends. */
  private problem(source: ErrorSource, line: string | undefined, fixed: string): void {
    const before = this.lastProblem.get(source);
    if (line !== before && (line !== undefined || before !== undefined)) this.o.log(line ?? fixed);
    this.lastProblem.set(source, line);
  }

  /** The parts that failed counted and said; the groups' families, cut to --max-series. */
  private families(read: ScrapeRead): MetricFamily[] {
    for (const source of ['ha', 'doctor', 'conns'] as const) {
      const why = read.failed?.[source];
      if (why !== undefined) this.errors[source]++;
      this.problem(source, why && `${PART_NAMES[source]}: ${why}`, `${PART_NAMES[source]} is read again`);
    }
    const all = readingFamilies(read, this.o.groups, this.memory);
    if (this.o.maxSeries === undefined) return all;
    const { families, dropped } = capSeries(all, this.o.maxSeries);
    this.dropped = dropped;
    // Said when the cut starts and when it ends, not again as the number left out changes with the table.
    const cutting = this.lastProblem.get('series') !== undefined;
    if (dropped && !cutting) this.o.log(`${dropped} series over --max-series ${this.o.maxSeries} are left out`);
    if (!dropped && cutting) this.o.log(`every series fits in --max-series ${this.o.maxSeries} again`);
    this.lastProblem.set('series', dropped ? 'cut' : undefined);
    return families;
  }

  /** `deadlineMs`: how long this scrape waits for the table (readDeadlineMs), the options' when not given. */
  async scrape(deadlineMs = this.o.deadlineMs): Promise<MetricFamily[]> {
    const start = performance.now();
    let families: MetricFamily[] = [];
    let up = 0;
    this.dropped = 0;
    try {
      const snap = await this.withDeadline(deadlineMs);
      if (snap === TIMED_OUT) {
        this.errors.deadline++;
        this.problem('ipvs', `the IPVS table read took longer than ${deadlineMs} ms`, READ_AGAIN);
      } else {
        families = this.families(snap);
        up = 1;
        this.problem('ipvs', undefined, READ_AGAIN);
      }
    } catch (e) {
      this.errors.ipvs++;
      this.problem('ipvs', `the IPVS table could not be read: ${(e as Error).message.split('\n')[0]}`, READ_AGAIN);
    }
    return [...this.own(up, (performance.now() - start) / 1000), ...families];
  }

  private own(up: number, seconds: number): MetricFamily[] {
    return [
      {
        name: 'ipvs_up',
        type: 'gauge',
        help: 'Whether the IPVS table could be read in this scrape (0: IPVS absent, no rights, or too slow).',
        samples: [{ labels: {}, value: up }],
      },
      {
        name: 'ipvs_exporter_build',
        type: 'info',
        help: 'The ipvstop exporter: its version and the Node.js version running it.',
        samples: [{ labels: { version: this.o.version, nodejs: process.version }, value: 1 }],
      },
      {
        name: 'ipvs_exporter_scrape_duration_seconds',
        type: 'gauge',
        help: 'How long this scrape took to read the IPVS table and the parts its groups want (HA, settings, doctor, connection table).',
        samples: [{ labels: {}, value: Math.round(seconds * 1e6) / 1e6 }],
      },
      {
        name: 'ipvs_exporter_scrape_errors',
        type: 'counter',
        help: 'Scrapes that missed a part since the exporter started, by source: ipvs (the table read failed), deadline (it was too slow), ha, doctor, conns (the connection table).',
        samples: (Object.keys(this.errors) as ErrorSource[]).map((source) => ({
          labels: { source },
          value: this.errors[source],
        })),
      },
      {
        name: 'ipvs_exporter_series_dropped',
        type: 'gauge',
        help: 'Series this scrape left out to stay within --max-series (0 without the flag).',
        samples: [{ labels: {}, value: this.dropped }],
      },
    ];
  }
}
