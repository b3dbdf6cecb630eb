/**
 * The Prometheus text exposition format (0.0.4) and OpenMetrics 1.0.0, written by hand.
 *
 * Why not prom-client: its Counter only goes up by inc() and has no set(), while the counters here are the
 * kernel's own u64 counters (they reset with `ipvsadm -Z`, and must be exported exact). prom-client would also
 * hold every series in a registry between scrapes, and its values are JavaScript numbers, exact only to 2^53.
 * The format is small: a family is `# HELP`, `# TYPE` and one line per series.
 */
import { ExpositionWriter, utf8 } from './expositionWriter.js';

export type MetricType = 'counter' | 'gauge' | 'info';

export type Labels = Readonly<Record<string, string>>;

export interface Sample {
  /**
   * Labels written already (renderLabels), before `labels`: the many series of one service or real server
   * share them, and escaping them once per server rather than once per series halves a scrape's time.
   */
  prefix?: string;
  labels: Labels;
  /** bigint for the kernel's u64 counters, printed exact. */
  value: number | bigint;
}

/**
 * Series written as the exposition goes, none held between (ipvsFamilies: 170,000 series at 1,000 x 10,
 * whose objects, held from the read to the last byte sent, made most of a scrape's time in the lab). The
 * maker writes each series once, with `out.series`, and yields when a piece is full (`out.full`), between two
 * rows of series, so that the pieces filled so far are sent while the rest is written.
 */
export interface SeriesRows {
  count: number;
  /** Writes the first `limit` series, each under `name` (the family's name with its suffix, as bytes). */
  write(out: ExpositionWriter, name: Uint8Array, limit: number): Iterable<void>;
}

/**
 * One metric family. `name` is the base name: a counter's samples get `_total`, an info metric's `_info`
 * (in OpenMetrics the TYPE line names the family without them, in the text format with them). Its series
 * are `samples` (checked for repeats here) or `rows`.
 */
export type MetricFamily = { name: string; help: string; type: MetricType } & (
  | { samples: Sample[]; rows?: undefined }
  | { rows: SeriesRows; samples?: undefined }
);

/** How many series the family has. */
export const seriesCount = (f: MetricFamily): number => (f.rows ? f.rows.count : f.samples.length);

export type ExpositionFormat = 'text' | 'openmetrics';

export const CONTENT_TYPES: Record<ExpositionFormat, string> = {
  text: 'text/plain; version=0.0.4; charset=utf-8',
  openmetrics: 'application/openmetrics-text; version=1.0.0; charset=utf-8',
};

const SUFFIX: Record<MetricType, string> = { counter: '_total', gauge: '', info: '_info' };

const NEEDS_ESCAPE = /[\\"\n]/;

/** A label value: backslash, double quote and line feed escaped (the same in both formats). */
export const escapeLabelValue = (v: string): string =>
  NEEDS_ESCAPE.test(v) ? v.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n') : v;

/** HELP text: the text format escapes backslash and line feed; OpenMetrics the double quote too. */
function escapeHelp(text: string, format: ExpositionFormat): string {
  const s = text.replaceAll('\\', '\\\\').replaceAll('\n', '\\n');
  return format === 'openmetrics' ? s.replaceAll('"', '\\"') : s;
}

/**
 * `a="1",b="2"`, escaped, without braces. A label whose value is empty is left out: Prometheus and OpenMetrics
 * take it as absent, so the series are the same, and `fwmark=""` on each of an address service's real
 * servers' 16 series was 1.7 MB of the 27.6 MB of a scrape at 1,000 x 10.
 */
export const renderLabels = (labels: Labels): string =>
  Object.entries(labels)
    .filter(([, v]) => v !== '')
    .map(([k, v]) => `${k}="${escapeLabelValue(v)}"`)
    .join(',');

function typeLine(f: MetricFamily, format: ExpositionFormat): string {
  if (format === 'openmetrics') return `# TYPE ${f.name} ${f.type}`;
  // The text format has no info type: an info metric is a gauge of value 1 there.
  return `# TYPE ${f.name}${SUFFIX[f.type]} ${f.type === 'info' ? 'gauge' : f.type}`;
}

/**
 * The families as one exposition, in pieces of about PIECE_BYTES: a server writes each as it comes and waits
 * for the socket, so a scrape's text is never whole in memory (at 10,000 x 4 it is over 100 MB). A series
 * (same name, same labels) is written once: the first wins. Two entries of one identity can come from one
 * read when the table changes during a multi-message netlink dump, and a repeated series makes Prometheus
 * reject the whole scrape.
 */
export function* exposition(families: readonly MetricFamily[], format: ExpositionFormat): Generator<Buffer> {
  const out = new ExpositionWriter();
  for (const f of families) {
    const full = f.name + SUFFIX[f.type];
    const helpName = format === 'openmetrics' ? f.name : full;
    out.text(`# HELP ${helpName} ${escapeHelp(f.help, format)}\n${typeLine(f, format)}\n`);
    const name = utf8(full);
    if (f.rows) {
      for (const _ of f.rows.write(out, name, f.rows.count)) yield* out.take();
      continue;
    }
    const seen = new Set<string>();
    for (const s of f.samples) {
      const own = renderLabels(s.labels);
      const labels = s.prefix ?? '';
      const key = labels && own ? `${labels},${own}` : labels || own;
      if (seen.has(key)) continue;
      seen.add(key);
      out.series(name, utf8(labels), utf8(own), s.value);
      if (out.full) yield* out.take();
    }
  }
  if (format === 'openmetrics') out.text('# EOF\n');
  yield* out.end();
}

/** The whole exposition as one string (tests, and callers with small tables). */
export const formatExposition = (families: readonly MetricFamily[], format: ExpositionFormat): string =>
  Buffer.concat([...exposition(families, format)]).toString('utf8');

/**
 * OpenMetrics when the scraper's Accept header asks for it (Prometheus sends
 * `application/openmetrics-text;version=1.0.0;q=0.5,...;text/plain;version=0.0.4;q=0.4,...`), else the text
 * format. The media types are compared by their q values, as a scraper weighs them; a plain `*\/*` is text.
 */
export function negotiateFormat(accept: string | undefined): ExpositionFormat {
  let om = -1;
  let text = -1;
  for (const part of (accept ?? '').slice(0, 2048).split(',')) {
    const [type = '', ...params] = part.split(';').map((p) => p.trim().toLowerCase());
    const q = Number(params.find((p) => p.startsWith('q='))?.slice(2) ?? '1');
    const weight = Number.isFinite(q) ? q : 0;
    if (type === 'application/openmetrics-text') om = Math.max(om, weight);
    else if (type === 'text/plain' || type === '*/*' || type === 'text/*') text = Math.max(text, weight);
  }
  return om > 0 && om >= text ? 'openmetrics' : 'text';
}
