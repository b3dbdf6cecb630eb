/**
 * The exporter's groups besides the table, against the lab kernel and ipvstop's own commands: the timeouts
 * equal `ipvsadm -L --timeout`, each numeric `net.ipv4.vs.*` setting equals /proc/sys, the doctor's counts
 * equal `ipvstop doctor --json`'s, connection entries by state equal `ipvsadm -Lcn`'s, and --max-series
 * cuts and says so. The HA group is checked where keepalived runs (ha.test.ts); here, with no HA daemon,
 * it says `none`. The lab's clients are paused: the connection table then changes only as entries expire.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LabExporter, linesOf, seriesValue } from './exporterRun.js';
import { pauseTraffic, ROOT, resumeTraffic, sh, shRaw } from './helpers.js';

const plain = new LabExporter(10091);
const withConns = new LabExporter(10092, { args: '--collect.conn-states' });
const capped = new LabExporter(10093, { args: '--max-series 20' });
const ALL = [plain, withConns, capped];

beforeAll(async () => {
  await pauseTraffic();
  for (const e of ALL) await e.answering();
});

afterAll(async () => {
  for (const e of ALL) e.stop();
  await resumeTraffic();
});

/** The labels of a sample line. */
const labelsOf = (line: string): Record<string, string> =>
  Object.fromEntries([...line.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));

describe('the settings', () => {
  it('has the timeouts of ipvsadm -L --timeout, also after ipvsadm --set changes them', async () => {
    const timeouts = async () => /(\d+) (\d+) (\d+)\s*$/.exec(await sh('ipvsadm -L --timeout'))!.slice(1);
    const before = await timeouts();
    const check = async () => {
      const t = await plain.scrape();
      expect(['tcp', 'tcpfin', 'udp'].map((p) => seriesValue(t, `ipvs_timeout_seconds{protocol="${p}"}`))).toEqual(
        await timeouts(),
      );
    };
    await check();
    try {
      await sh('ipvsadm --set 1000 130 310');
      await check();
      expect(await timeouts()).toEqual(['1000', '130', '310']);
    } finally {
      await sh(`ipvsadm --set ${before.join(' ')}`);
    }
  });

  it('has each numeric net.ipv4.vs.* setting as /proc/sys has it, and leaves text settings out', async () => {
    const t = await plain.scrape();
    const names = (await sh('ls /proc/sys/net/ipv4/vs')).split('\n').filter(Boolean);
    let numeric = 0;
    for (const name of names) {
      const read = await shRaw(`cat /proc/sys/net/ipv4/vs/${name}`);
      if (read.status !== 0) continue; // write-only
      const numbers = read.stdout.trim().split(/\s+/);
      if (!numbers.every((n) => /^-?\d+$/.test(n))) {
        expect(t, name).not.toContain(`ipvs_sysctl_${name}`);
        continue;
      }
      numeric++;
      const exported =
        numbers.length === 1
          ? [seriesValue(t, `ipvs_sysctl_${name}`)]
          : numbers.map((_n, i) => seriesValue(t, `ipvs_sysctl_${name}{index="${i}"}`));
      expect(exported, name).toEqual(numbers);
    }
    expect(numeric).toBeGreaterThan(20);
  });

  it('says no HA daemon runs here, as a fact and not as an error', async () => {
    const t = await plain.scrape();
    expect(t).toContain('\nipvs_ha_daemon_info{daemon="none"} 1\n');
    expect(t).toContain('\nipvs_exporter_scrape_errors_total{source="ha"} 0\n');
    expect(t).not.toMatch(/^ipvs_(vrrp|vip|healthcheck)_/m);
  });
});

/** `ipvstop doctor --json`'s findings as `rule severity` -> count. */
async function doctorCounts(): Promise<Map<string, number>> {
  const r = await shRaw(`node ${ROOT}bin/ipvstop doctor --json`);
  const doc = JSON.parse(r.stdout) as { findings: { ruleId: string; severity: string }[] };
  const counts = new Map<string, number>();
  for (const f of doc.findings)
    counts.set(`${f.ruleId} ${f.severity}`, (counts.get(`${f.ruleId} ${f.severity}`) ?? 0) + 1);
  return counts;
}

const exportedCounts = (t: string): Map<string, number> =>
  new Map(
    linesOf(t, 'ipvs_doctor_findings').map((l) => {
      const { rule, severity } = labelsOf(l);
      return [`${rule} ${severity}`, Number(l.slice(l.lastIndexOf(' ') + 1))];
    }),
  );

describe('the doctor', () => {
  it.each([
    ['with the connection table (conn-states on)', withConns],
    ['without it (no finding in the paused lab needs the entries)', plain],
  ])("has ipvstop doctor --json's counts by rule and severity, %s", async (_what, exporter) => {
    for (let i = 0; i < 10; i++) {
      const before = await doctorCounts();
      const t = await exporter.scrape();
      const after = await doctorCounts();
      if (JSON.stringify([...before]) !== JSON.stringify([...after])) continue;
      expect([...exportedCounts(t)].sort()).toEqual([...before].sort());
      expect(before.size).toBeGreaterThan(0);
      const critical = [...before].filter(([k]) => k.endsWith(' critical')).reduce((n, [, c]) => n + c, 0);
      expect(seriesValue(t, 'ipvs_doctor_findings_by_severity{severity="critical"}')).toBe(String(critical));
      return;
    }
    throw new Error('ipvstop doctor never found the same twice around a scrape');
  });
});

/** `ipvsadm -Lcn`'s entries, templates left out, counted as `SERVICE state` and `SERVICE -> SERVER state`. */
function entryCounts(listing: string): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (k: string) => counts.set(k, (counts.get(k) ?? 0) + 1);
  for (const line of listing.split('\n')) {
    const [pro, , state, source, virtual, dest] = line.trim().split(/\s+/);
    if (!dest || pro === 'pro' || pro === 'IPVS') continue;
    if (source?.endsWith(':0') && (state === 'NONE' || state === 'ASSURED')) continue;
    add(`${pro} ${virtual} ${state}`);
    add(`${pro} ${virtual} -> ${dest} ${state}`);
  }
  return counts;
}

function exportedEntries(t: string): Map<string, number> {
  const counts = new Map<string, number>();
  const key = (l: Record<string, string>) =>
    `${l.protocol!.toUpperCase()} ${l.family === 'ipv6' ? `[${l.address}]` : l.address}:${l.port}`;
  const bracket = (a: string) => (a.includes(':') ? `[${a}]` : a);
  for (const line of linesOf(t, 'ipvs_service_connection_entries')) {
    const l = labelsOf(line);
    counts.set(`${key(l)} ${l.state}`, Number(line.slice(line.lastIndexOf(' ') + 1)));
  }
  for (const line of linesOf(t, 'ipvs_backend_connection_entries')) {
    const l = labelsOf(line);
    const server = `${bracket(l.backend_address!)}:${l.backend_port}`;
    counts.set(`${key(l)} -> ${server} ${l.state}`, Number(line.slice(line.lastIndexOf(' ') + 1)));
  }
  return counts;
}

describe('connection entries by state (--collect.conn-states)', () => {
  it("has ipvsadm -Lcn's entries per service and per real server, by state", async () => {
    for (let i = 0; i < 20; i++) {
      // Counted, not compared as text: each line's time left changes every second.
      const expected = entryCounts(await sh('ipvsadm -Lcn'));
      const t = await withConns.scrape();
      const after = entryCounts(await sh('ipvsadm -Lcn'));
      if (JSON.stringify([...expected].sort()) !== JSON.stringify([...after].sort())) continue;
      expect(expected.size).toBeGreaterThan(4);
      expect([...exportedEntries(t)].sort()).toEqual([...expected].sort());
      expect(await plain.scrape()).not.toContain('connection_entries');
      return;
    }
    throw new Error('ipvsadm -Lcn never read the same twice around a scrape');
  });
});

describe('--max-series', () => {
  it('exports that many series of the groups, counts the rest, says so once, and still passes promtool', async () => {
    const t = await capped.scrape();
    await capped.scrape();
    const own = /^ipvs_(up|exporter_)/;
    const series = t.split('\n').filter((l) => l && !l.startsWith('#') && !own.test(l));
    expect(series).toHaveLength(20);
    const dropped = Number(seriesValue(t, 'ipvs_exporter_series_dropped'));
    const whole = (await plain.scrape()).split('\n').filter((l) => l && !l.startsWith('#') && !own.test(l));
    expect(dropped).toBe(whole.length - 20);
    expect(capped.stderr.match(/series over --max-series 20 are left out/g)).toHaveLength(1);
    const check = await shRaw(`curl -s http://127.0.0.1:${capped.port}/metrics | promtool check metrics`);
    expect(check.stdout + check.stderr).toBe('');
  });
});
