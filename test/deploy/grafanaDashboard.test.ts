/**
 * The Grafana dashboard selects only metrics the exporter writes. The names come from the exporter's own
 * metric definitions (a scrape of a one-service table with every group on), not from a list kept by hand; the
 * lab test (test/lab/exporter.test.ts) runs each query through a real Prometheus.
 */
import { describe, expect, it } from 'vitest';
import { Scraper } from '../../src/cli/exporterScrape.js';
import { formatExposition } from '../../src/output/metrics/exposition.js';
import { COLLECT_GROUPS } from '../../src/output/metrics/ipvsMetrics.js';
import { dest, service, snapshot } from '../output/fixtures.js';
import { metricNames, panelQueries, readDashboard } from './dashboard.js';

/** Every series name of a scrape, as the text format writes them (with `_total` and `_info`). */
async function exportedNames(): Promise<Set<string>> {
  const snap = snapshot([{ service: service({}), dests: [dest({})] }]);
  const scraper = new Scraper(
    { read: async () => ({ snap }) },
    { groups: new Set(COLLECT_GROUPS), deadlineMs: 1000, version: '0', log: () => {} },
  );
  const text = formatExposition(await scraper.scrape(), 'text');
  const names = text.split('\n').filter((l) => l && !l.startsWith('#'));
  // `up` is Prometheus's own series for each target.
  return new Set(['up', ...names.map((l) => /^[\w:]+/.exec(l)![0])]);
}

describe('deploy/grafana/ipvstop.json', () => {
  const dashboard = readDashboard();
  const queries = panelQueries(dashboard);

  it('finds the metric names in a query', () => {
    const expr = 'topk(10, sum by (a, b) (rate(x_total{job="$job",c=~"d|e"}[$__rate_interval]))) / on (a) y == 1';
    expect(metricNames(expr)).toEqual(['x_total', 'y']);
    expect(metricNames('sum without (state) (z{state="active"}) == 0 and up offset 5m')).toEqual(['z', 'up']);
  });

  it('selects only metrics the exporter writes, in every query', async () => {
    const exported = await exportedNames();
    expect(exported.has('ipvs_backend_connections_total')).toBe(true);
    expect(queries.length).toBeGreaterThan(15);
    for (const q of queries) {
      const names = metricNames(q.expr);
      expect(names.length, `${q.panel} ${q.refId}: ${q.expr}`).toBeGreaterThan(0);
      for (const name of names) expect(exported.has(name), `${q.panel} ${q.refId}: ${name}`).toBe(true);
    }
    for (const v of dashboard.templating.list.filter((x) => x.type === 'query')) {
      const query = typeof v.query === 'string' ? v.query : v.query.query;
      const metric = /^label_values\(([\w:]+)/.exec(query)?.[1];
      expect(metric && exported.has(metric), `variable ${v.name}: ${query}`).toBe(true);
    }
  });

  it('has a Prometheus data source variable that every panel uses', () => {
    const ds = dashboard.templating.list.find((v) => v.type === 'datasource');
    expect(ds?.query).toBe('prometheus');
    const text = JSON.stringify(dashboard.panels);
    expect(text.match(/"uid":"\$\{datasource\}"/g)?.length).toBeGreaterThan(queries.length);
    expect(text).not.toMatch(/"uid":"(?!\$\{datasource\})/);
  });
});
