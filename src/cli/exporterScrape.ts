/**
 * One scrape: the IPVS table read once (through the same reader as `ipvstop list`), turned into metric
 * families with the exporter's own. Concurrent scrapes share the read in flight, so a slow table never
 * stacks reads up; a scrape that waits past its deadline answers without the table (ipvs_up 0, an error
 * counted as source "deadline") while the read goes on for the next one.
 */
import type { IpvsSnapshot } from '../kernel/ipvs/types.js';
import type { MetricFamily } from '../output/metrics/exposition.js';
import { type CollectGroup, ipvsFamilies, type OverloadMemory } from '../output/metrics/ipvsMetrics.js';

/** What reads the table; the real one opens netlink (kept open between scrapes), tests pass a fake. */
export interface TableReader {
  read(): Promise<IpvsSnapshot>;
}

/** Where a scrape can fail, for `ipvs_exporter_scrape_errors_total{source}`. */
export type ErrorSource = 'ipvs' | 'deadline';

export interface ScrapeOptions {
  groups: ReadonlySet<CollectGroup>;
  /** How long a scrape waits for the table, in ms. */
  deadlineMs: number;
  version: string;
  /** One line for stderr: a read failing, then working again (said once each, not per scrape). */
  log(line: string): void;
}

const TIMED_OUT = Symbol('timed out');

export class Scraper {
  private inFlight: Promise<IpvsSnapshot> | undefined;
  private readonly errors: Record<ErrorSource, number> = { ipvs: 0, deadline: 0 };
  private readonly overloaded: OverloadMemory = new Map();
  private lastProblem: string | undefined;

  constructor(
    private readonly reader: TableReader,
    private readonly o: ScrapeOptions,
  ) {}

  /** The table read, shared with every scrape that comes while it runs. */
  private shared(): Promise<IpvsSnapshot> {
    if (!this.inFlight) {
      this.inFlight = this.reader.read().finally(() => {
        this.inFlight = undefined;
      });
    }
    return this.inFlight;
  }

  private async withDeadline(): Promise<IpvsSnapshot | typeof TIMED_OUT> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<typeof TIMED_OUT>((r) => {
      timer = setTimeout(() => r(TIMED_OUT), this.o.deadlineMs);
    });
    try {
      return await Promise.race([this.shared(), deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  private problem(line: string | undefined): void {
    if (line !== this.lastProblem) this.o.log(line ?? 'the IPVS table is read again');
    this.lastProblem = line;
  }

  async scrape(): Promise<MetricFamily[]> {
    const start = performance.now();
    let families: MetricFamily[] = [];
    let up = 0;
    try {
      const snap = await this.withDeadline();
      if (snap === TIMED_OUT) {
        this.errors.deadline++;
        this.problem(`the IPVS table read took longer than ${this.o.deadlineMs} ms`);
      } else {
        families = ipvsFamilies(snap, this.o.groups, this.overloaded);
        up = 1;
        this.problem(undefined);
      }
    } catch (e) {
      this.errors.ipvs++;
      this.problem(`the IPVS table could not be read: ${(e as Error).message.split('\n')[0]}`);
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
        help: 'How long this scrape took to read the IPVS table.',
        samples: [{ labels: {}, value: Math.round(seconds * 1e6) / 1e6 }],
      },
      {
        name: 'ipvs_exporter_scrape_errors',
        type: 'counter',
        help: 'Scrapes without the IPVS table since the exporter started, by source: ipvs (the read failed), deadline.',
        samples: (Object.keys(this.errors) as ErrorSource[]).map((source) => ({
          labels: { source },
          value: this.errors[source],
        })),
      },
    ];
  }
}
