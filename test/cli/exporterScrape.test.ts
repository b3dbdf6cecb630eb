/** A scrape: one shared table read, a deadline, and ipvs_up 0 (not a failed scrape) when the read fails. */
import { describe, expect, it } from 'vitest';
import { readDeadlineMs, type ScrapeRead, Scraper, type TableReader } from '../../src/cli/exporterScrape.js';
import { formatExposition } from '../../src/output/metrics/exposition.js';
import { COLLECT_GROUPS } from '../../src/output/metrics/ipvsMetrics.js';
import { dest, service, snapshot } from '../output/fixtures.js';

const SNAP: ScrapeRead = { snap: snapshot([{ service: service({}), dests: [dest({})] }]) };

/** A reader whose reads the test ends by hand. */
function slowReader() {
  const pending: ((s: ScrapeRead) => void)[] = [];
  const reader: TableReader = {
    read: () => new Promise((r) => pending.push(r)),
  };
  return { reader, pending };
}

const scraper = (reader: TableReader, deadlineMs = 5000, log: (l: string) => void = () => {}) =>
  new Scraper(reader, { groups: new Set(COLLECT_GROUPS), deadlineMs, version: '9.9.9', log });
const text = async (s: Scraper) => formatExposition(await s.scrape(), 'text');

describe('Scraper', () => {
  it('shares one read among scrapes that come while it runs', async () => {
    const { reader, pending } = slowReader();
    const s = scraper(reader);
    const three = [s.scrape(), s.scrape(), s.scrape()];
    await new Promise((r) => setTimeout(r, 10));
    expect(pending).toHaveLength(1);
    pending[0]!(SNAP);
    for (const families of await Promise.all(three)) {
      expect(formatExposition(families, 'text')).toContain('ipvs_up 1\n');
    }
    // The next scrape reads again.
    const next = s.scrape();
    await new Promise((r) => setTimeout(r, 10));
    expect(pending).toHaveLength(2);
    pending[1]!(SNAP);
    await next;
  });

  it('answers at its deadline without the table, and the read in flight serves the next scrape', async () => {
    const { reader, pending } = slowReader();
    const lines: string[] = [];
    const s = scraper(reader, 50, (l) => lines.push(l));
    const t = await text(s);
    expect(t).toContain('ipvs_up 0\n');
    expect(t).toContain('ipvs_exporter_scrape_errors_total{source="deadline"} 1\n');
    expect(t).not.toContain('ipvs_service_');
    const next = s.scrape();
    pending[0]!(SNAP);
    expect(formatExposition(await next, 'text')).toContain('ipvs_up 1\n');
    expect(pending).toHaveLength(1);
    expect(lines).toEqual(['the IPVS table read took longer than 50 ms', 'the IPVS table is read again']);
  });

  it('waits for the table as long as the scrape is given, past the deadline of the options', async () => {
    const { reader, pending } = slowReader();
    const s = scraper(reader, 20);
    const given = s.scrape(2000);
    await new Promise((r) => setTimeout(r, 100));
    pending[0]!(SNAP);
    expect(formatExposition(await given, 'text')).toContain('ipvs_up 1\n');
  });

  it("takes 80% of the scraper's timeout header for the read, within bounds, and the fallback for anything else", () => {
    expect(readDeadlineMs('10', 8000)).toBe(8000);
    expect(readDeadlineMs('30', 8000)).toBe(24_000);
    expect(readDeadlineMs(' 2.5 ', 8000)).toBe(2000);
    expect(readDeadlineMs('86400', 8000)).toBe(96_000);
    for (const bad of [undefined, '', 'soon', '-5', '0', '0.0', '1e3', 'Infinity', 'NaN', '10s', ['10', '20']]) {
      expect(readDeadlineMs(bad, 7000)).toBe(7000);
    }
  });

  it('says ipvs_up 0 and counts the error when the table cannot be read, and says so once', async () => {
    const lines: string[] = [];
    const s = scraper({ read: async () => Promise.reject(new Error('IPVS is unavailable (ENOENT)')) }, 5000, (l) =>
      lines.push(l),
    );
    await text(s);
    const t = await text(s);
    expect(t).toContain('ipvs_up 0\n');
    expect(t).toContain('ipvs_exporter_scrape_errors_total{source="ipvs"} 2\n');
    expect(t).toContain('ipvs_exporter_build_info{version="9.9.9",nodejs="');
    expect(t).toMatch(/^ipvs_exporter_scrape_duration_seconds [\d.e-]+$/m);
    expect(lines).toEqual(['the IPVS table could not be read: IPVS is unavailable (ENOENT)']);
  });

  it('exports the table when another part fails, counts that part by source, and says so once', async () => {
    const lines: string[] = [];
    let failed: ScrapeRead['failed'] = { ha: 'keepalived did not write its dump in 3000 ms' };
    const s = scraper({ read: async () => ({ ...SNAP, failed }) }, 5000, (l) => lines.push(l));
    await text(s);
    const t = await text(s);
    expect(t).toContain('ipvs_up 1\n');
    expect(t).toContain('ipvs_exporter_scrape_errors_total{source="ha"} 2\n');
    expect(t).toContain('ipvs_exporter_scrape_errors_total{source="doctor"} 0\n');
    expect(t).toContain('ipvs_backend_weight{');
    failed = {};
    await text(s);
    expect(lines).toEqual([
      'the HA daemon: keepalived did not write its dump in 3000 ms',
      'the HA daemon is read again',
    ]);
  });

  it('with --max-series leaves the series past it out, counts them, and says so once', async () => {
    const lines: string[] = [];
    const s = new Scraper(
      { read: async () => SNAP },
      { groups: new Set(COLLECT_GROUPS), deadlineMs: 5000, version: '0', log: (l) => lines.push(l), maxSeries: 4 },
    );
    await text(s);
    const t = await text(s);
    const own = ['ipvs_up', 'ipvs_exporter_'];
    const table = t.split('\n').filter((l) => l && !l.startsWith('#') && !own.some((o) => l.startsWith(o)));
    expect(table).toHaveLength(4);
    expect(t).toMatch(/^ipvs_exporter_series_dropped [1-9]\d*$/m);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\d+ series over --max-series 4 are left out$/);
    const free = await text(scraper({ read: async () => SNAP }));
    expect(free).toContain('ipvs_exporter_series_dropped 0\n');
  });

  it('with --max-series says the cut once while the number left out changes, and says when all fits again', async () => {
    const lines: string[] = [];
    const table = (n: number): ScrapeRead => ({
      snap: snapshot(Array.from({ length: n }, (_x, i) => ({ service: service({ port: i + 1 }), dests: [] }))),
    });
    const reads = [table(2), table(3), table(4), table(1)];
    const s = new Scraper(
      { read: async () => reads.shift()! },
      { groups: new Set(['services']), deadlineMs: 5000, version: '0', log: (l) => lines.push(l), maxSeries: 11 },
    );
    const dropped = [];
    for (let i = 0; i < 4; i++) dropped.push(/^ipvs_exporter_series_dropped (\d+)$/m.exec(await text(s))?.[1]);
    // A service has 11 series.
    expect(dropped).toEqual(['11', '22', '33', '0']);
    expect(lines).toEqual([
      '11 series over --max-series 11 are left out',
      'every series fits in --max-series 11 again',
    ]);
  });
});
