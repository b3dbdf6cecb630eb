/** A scrape: one shared table read, a deadline, and ipvs_up 0 (not a failed scrape) when the read fails. */
import { describe, expect, it } from 'vitest';
import { Scraper, type TableReader } from '../../src/cli/exporterScrape.js';
import type { IpvsSnapshot } from '../../src/kernel/ipvs/types.js';
import { formatExposition } from '../../src/output/metrics/exposition.js';
import { COLLECT_GROUPS } from '../../src/output/metrics/ipvsMetrics.js';
import { dest, service, snapshot } from '../output/fixtures.js';

const SNAP: IpvsSnapshot = snapshot([{ service: service({}), dests: [dest({})] }]);

/** A reader whose reads the test ends by hand. */
function slowReader() {
  const pending: ((s: IpvsSnapshot) => void)[] = [];
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
});
