/**
 * The Prometheus text exposition format (0.0.4) and OpenMetrics 1.0.0, written by hand.
 *
 * Why not prom-client: its Counter only goes up by inc() and has no set(), while the counters here are the
 * kernel's own u64 counters (they reset with `ipvsadm -Z`, and must be exported exact). prom-client would also
 * hold every series in a registry between scrapes, and its values are JavaScript numbers, exact only to 2^53.
 * The format is small: a family is `# HELP`, `# TYPE` and one line per series.
 */

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
 * whose objects, held from the read to the last byte sent, made most of a scrape's time in the lab). Each
 * line is a series after its name: `{labels} value`. The maker writes each series once.
 */
export interface SeriesRows {
  count: number;
  lines(): Iterable<string>;
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

export function formatValue(v: number | bigint): string {
  if (typeof v === 'bigint') return v.toString();
  if (Number.isNaN(v)) return 'NaN';
  if (v === Number.POSITIVE_INFINITY) return '+Inf';
  if (v === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(v);
}

/** `a="1",b="2"`, escaped, without braces. */
export const renderLabels = (labels: Labels): string =>
  Object.entries(labels)
    .map(([k, v]) => `${k}="${escapeLabelValue(v)}"`)
    .join(',');

function labelText(s: Sample): string {
  const own = renderLabels(s.labels);
  const all = s.prefix ? (own ? `${s.prefix},${own}` : s.prefix) : own;
  return all ? `{${all}}` : '';
}

function typeLine(f: MetricFamily, format: ExpositionFormat): string {
  if (format === 'openmetrics') return `# TYPE ${f.name} ${f.type}`;
  // The text format has no info type: an info metric is a gauge of value 1 there.
  return `# TYPE ${f.name}${SUFFIX[f.type]} ${f.type === 'info' ? 'gauge' : f.type}`;
}

/** The size of the pieces exposition() yields: small next to a scrape of a Kubernetes-sized table (100 MB). */
const CHUNK_CHARS = 64 * 1024;

/**
 * The families as one exposition, in pieces of about CHUNK_CHARS: a server writes each as it comes and waits
 * for the socket, so a scrape's text is never whole in memory (at 10,000 x 4 it is over 100 MB). A series
 * (same name, same labels) is written once: the first wins. Two entries of one identity can come from one
 * read when the table changes during a multi-message netlink dump, and a repeated series makes Prometheus
 * reject the whole scrape.
 */
export function* exposition(families: readonly MetricFamily[], format: ExpositionFormat): Generator<string> {
  let chunk = '';
  for (const f of families) {
    const full = f.name + SUFFIX[f.type];
    const helpName = format === 'openmetrics' ? f.name : full;
    chunk += `# HELP ${helpName} ${escapeHelp(f.help, format)}\n${typeLine(f, format)}\n`;
    if (f.rows) {
      for (const line of f.rows.lines()) {
        chunk += `${full}${line}\n`;
        if (chunk.length >= CHUNK_CHARS) {
          yield chunk;
          chunk = '';
        }
      }
      continue;
    }
    const seen = new Set<string>();
    for (const s of f.samples) {
      const labels = labelText(s);
      if (seen.has(labels)) continue;
      seen.add(labels);
      chunk += `${full}${labels} ${formatValue(s.value)}\n`;
      if (chunk.length >= CHUNK_CHARS) {
        yield chunk;
        chunk = '';
      }
    }
  }
  if (format === 'openmetrics') chunk += '# EOF\n';
  yield chunk;
}

/** The whole exposition as one string (tests, and callers with small tables). */
export const formatExposition = (families: readonly MetricFamily[], format: ExpositionFormat): string =>
  [...exposition(families, format)].join('');

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
