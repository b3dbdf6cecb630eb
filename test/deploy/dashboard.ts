/**
 * The Grafana dashboard's queries (deploy/grafana/ipvstop.json), for the host test that checks their metric
 * names and the lab test that runs them through a real Prometheus.
 */
import { readFileSync } from 'node:fs';

export const DASHBOARD = new URL('../../deploy/grafana/ipvstop.json', import.meta.url);

export interface PanelQuery {
  panel: string;
  refId: string;
  expr: string;
}

interface Panel {
  title: string;
  panels?: Panel[];
  targets?: { refId: string; expr: string }[];
}

export interface Dashboard {
  panels: Panel[];
  templating: { list: { name: string; type: string; query: string | { query: string } }[] };
}

export const readDashboard = (): Dashboard => JSON.parse(readFileSync(DASHBOARD, 'utf8')) as Dashboard;

/** Every panel's every query, rows' panels included. */
export function panelQueries(d: Dashboard): PanelQuery[] {
  const out: PanelQuery[] = [];
  const walk = (panels: Panel[]): void => {
    for (const p of panels) {
      for (const t of p.targets ?? []) out.push({ panel: p.title, refId: t.refId, expr: t.expr });
      walk(p.panels ?? []);
    }
  };
  walk(d.panels);
  return out;
}

/** The PromQL words that are not metric names (functions and aggregations are told by the `(` after them). */
const KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'offset', 'bool']);
const OPERATORS = new Set(['and', 'or', 'unless', 'atan2', 'inf', 'nan']);

/**
 * The metric names a PromQL expression selects: what is left once strings, label matchers, ranges, grouping
 * label lists, numbers and function names are taken out.
 */
export function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/gi, ' ');
  const names = new Set<string>();
  for (const m of bare.matchAll(/(?<![\w.$])([a-zA-Z_:][\w:]*)\s*(\(?)/g)) {
    const word = m[1]!.toLowerCase();
    if (!m[2] && !KEYWORDS.has(word) && !OPERATORS.has(word)) names.add(m[1]!);
  }
  return [...names];
}

/** The dashboard's variables as a test sets them: job ipvstop, every director, a rate window for 1 s scrapes. */
export function substituteVariables(expr: string, rateInterval = '10s'): string {
  return expr.replaceAll('$__rate_interval', rateInterval).replaceAll('$job', 'ipvstop').replaceAll('$instance', '.*');
}
