/**
 * The HA pair (src/lab/guest/ha.sh): two directors in their own network namespaces, each with
 * keepalived from Debian, DR real servers, a client. What ipvstop says about them is checked
 * against keepalived's own word (its JSON dump's last transition) and the kernel (ipvsadm, ip); what
 * `ipvstop exporter` says on each too, and deploy/'s split-brain and no-usable-backend alerts fire on a
 * Prometheus scraping both. The failover is timed on ha-b's monitor and on the fleet screen over ssh.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LabExporter, seriesValue } from './exporterRun.js';
import { pauseTraffic, ROOT, resumeTraffic, sh, shRaw, waitUntil } from './helpers.js';
import { startPair, stopPair } from './pairs.js';
import { pollUntil } from './polling.js';
import { startRulesPrometheus } from './prometheus.js';
import { pairFleetScreen, startPairSshd, stopPairSshd } from './sshd.js';
import { Screen } from './tmux.js';

const GUEST = `${ROOT}src/lab/guest`;
const RUN = '/run/ipvstop-ha';
const MAIN = `${ROOT}bin/ipvstop`;

interface HaJson {
  daemon: string | null;
  instances: {
    name: string;
    state: string;
    priority: number;
    effectivePriority: number;
    vipsPresent: boolean;
    master: string | null;
    lastTransition: string | null;
  }[];
  checks: { service: string; server: string; up: boolean; weight: number | null; configuredWeight: number }[];
  syncDaemons: { state: string; interface: string; syncId: number }[];
  syncedEntries: number | null;
  error: string | null;
}

/** `ipvstop list --json` on one director; its `ha` part. */
async function ha(director: string): Promise<HaJson> {
  const r = await shRaw(`ip netns exec ${director} node ${MAIN} list --json`);
  if (r.status !== 0) throw new Error(`list --json on ${director}: exit ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout).ha as HaJson;
}

/** Asks until `ok` holds (keepalived and its checks move on their own time), else fails with the last answer. */
const until = (director: string, ok: (h: HaJson) => boolean, timeoutMs = 30_000): Promise<HaJson> =>
  pollUntil(`${director}'s list --json to get there`, () => ha(director), ok, timeoutMs);

/**
 * `ipvstop exporter` on each director (one port: each has its own network namespace), once the pair is up,
 * on every address: a Prometheus in the client's namespace scrapes both.
 */
let exporters: { a: LabExporter; b: LabExporter };
/** The labels of real server 10.5.0.22:8080 of TCP 10.5.0.100:8080, as ipvs_backend_weight has them. */
const RS2_8080 =
  'family="ipv4",protocol="tcp",address="10.5.0.100",port="8080",backend_address="10.5.0.22",backend_port="8080"';
const vrrpStates = (t: string): Record<string, string | undefined> =>
  Object.fromEntries(
    ['INIT', 'BACKUP', 'MASTER', 'FAULT'].map((s) => [
      s,
      seriesValue(t, `ipvs_vrrp_state{vrrp_instance="VI_1",state="${s}"}`),
    ]),
  );

const screens: Screen[] = [];
function monitor(director: string): Screen {
  const s = Screen.start(`ha${screens.length}`, '', 120, 40, director);
  screens.push(s);
  return s;
}

beforeAll(async () => {
  // The pair has its own client: the single-director lab's is paused, not to share the one-core guest.
  await pauseTraffic();
  await startPair('keepalived');
  await until('ha-a', (h) => h.instances[0]?.state === 'MASTER', 60_000);
  exporters = {
    a: new LabExporter(10085, { netns: 'ha-a', host: '' }),
    b: new LabExporter(10085, { netns: 'ha-b', host: '' }),
  };
  await exporters.a.answering();
  await exporters.b.answering();
}, 120_000);

afterAll(async () => {
  for (const s of screens) s.kill();
  exporters?.a.stop();
  exporters?.b.stop();
  await stopPair('keepalived');
  await resumeTraffic();
});

describe('the pair at rest', () => {
  it('list --json: ha-a is MASTER holding the VIP, ha-b BACKUP without it, sync daemons on both', async () => {
    const a = await ha('ha-a');
    expect(a.daemon).toBe('keepalived');
    expect(a.error).toBeNull();
    expect(a.instances).toEqual([
      expect.objectContaining({
        name: 'VI_1',
        state: 'MASTER',
        priority: 150,
        effectivePriority: 150,
        vipsPresent: true,
      }),
    ]);
    expect(a.syncDaemons).toEqual([{ state: 'master', interface: 'eth0', syncId: 51 }]);
    expect(await sh('ip -n ha-a -o addr show dev eth0')).toContain('10.5.0.100/24');
    // The client's connections, copied to the backup by the sync daemon.
    const b = await until('ha-b', (h) => (h.syncedEntries ?? 0) > 0);
    expect(b.instances).toEqual([
      expect.objectContaining({ state: 'BACKUP', priority: 100, vipsPresent: false, master: '10.5.0.11' }),
    ]);
    expect(b.syncDaemons).toEqual([{ state: 'backup', interface: 'eth0', syncId: 51 }]);
    expect(await sh('ip -n ha-b -o addr show dev eth0')).not.toContain('10.5.0.100');
    expect(await sh('ip netns exec ha-b cat /proc/net/ip_vs_conn_sync')).toMatch(/ SYNC /);
  });

  it("the exporters: keepalived's VRRP state and priority, the VIP where ip says, the sync daemons, checks up", async () => {
    const [a, b] = [await exporters.a.scrape(), await exporters.b.scrape()];
    expect([(await ha('ha-a')).instances[0]?.state, (await ha('ha-b')).instances[0]?.state]).toEqual([
      'MASTER',
      'BACKUP',
    ]);
    expect(vrrpStates(a)).toEqual({ INIT: '0', BACKUP: '0', MASTER: '1', FAULT: '0' });
    expect(vrrpStates(b)).toEqual({ INIT: '0', BACKUP: '1', MASTER: '0', FAULT: '0' });
    expect(a).toContain('\nipvs_ha_daemon_info{daemon="keepalived"} 1\n');
    expect(seriesValue(a, 'ipvs_vrrp_priority{vrrp_instance="VI_1"}')).toBe('150');
    expect(seriesValue(b, 'ipvs_vrrp_effective_priority{vrrp_instance="VI_1"}')).toBe('100');
    expect(seriesValue(a, 'ipvs_vip_present{vrrp_instance="VI_1",address="10.5.0.100"}')).toBe('1');
    expect(seriesValue(b, 'ipvs_vip_present{vrrp_instance="VI_1",address="10.5.0.100"}')).toBe('0');
    expect(a).toContain('\nipvs_sync_daemon_info{state="master",interface="eth0",syncid="51"} 1\n');
    expect(b).toContain('\nipvs_sync_daemon_info{state="backup",interface="eth0",syncid="51"} 1\n');
    expect(seriesValue(a, `ipvs_healthcheck_up{${RS2_8080}}`)).toBe('1');
    expect(a).toContain('\nipvs_exporter_scrape_errors_total{source="ha"} 0\n');
    const lint = await shRaw(`ip netns exec ha-a curl -s http://127.0.0.1:10085/metrics | promtool check metrics`);
    expect(lint.stdout + lint.stderr).toBe('');
  });

  it("doctor: the VIP's absence on the backup is expected (info), not critical", async () => {
    const r = await shRaw(`ip netns exec ha-b node ${MAIN} doctor --json`);
    const findings = (JSON.parse(r.stdout) as { findings: { ruleId: string; severity: string; where: string }[] })
      .findings;
    const vip = findings.filter((f) => f.ruleId === 'address.vip-not-local');
    expect(vip.length).toBeGreaterThan(0);
    expect(vip.map((f) => f.severity)).toEqual(vip.map(() => 'info'));
  });

  it('the screens: a MASTER VI_1 badge and a BACKUP badge; pane 6 shows the instance and the checks', async () => {
    const a = monitor('ha-a');
    const b = monitor('ha-b');
    await a.waitFor(/^ MASTER VI_1 /m, 60_000);
    await b.waitFor(/^ BACKUP VI_1 /m, 60_000);
    // Pane 5: the doctor takes the role from the same reading, so the backup's missing VIP is info there too.
    b.keys('5');
    await b.waitFor(
      /info [^\n]*10\.5\.0\.100 is on no local interface \(expected: this director is the HA backup\)/,
      60_000,
    );
    expect(b.text()).not.toMatch(/CRIT [^\n]*\[address\.vip-not-local\]/);
    a.keys('6');
    await a.waitFor(/VI_1 MASTER +prio 150\/150[\s\S]*VIP 10\.5\.0\.100\/24 present[\s\S]*10\.5\.0\.22:8080 +up/);
    a.kill();
  });
});

describe('a real server fails its health check', () => {
  it('is shown down by the checker with the weight keepalived gave it (0: inhibit_on_failure)', async () => {
    await sh(`kill $(cat ${RUN}/ha-rs2-8080.pid)`);
    const down = await until('ha-a', (h) => h.checks.some((c) => c.server === '10.5.0.22:8080' && !c.up));
    expect(down.checks.find((c) => c.server === '10.5.0.22:8080')).toEqual(
      expect.objectContaining({ service: 'TCP 10.5.0.100:8080', up: false, weight: 0, configuredWeight: 3 }),
    );
    expect(await sh('ip netns exec ha-a ipvsadm -Ln -t 10.5.0.100:8080')).toMatch(/10\.5\.0\.22:8080 +Route +0 /);
    // The exporter: the check down, with the labels of the kernel's weight (0) beside it.
    const t = await exporters.a.scrape();
    expect([
      seriesValue(t, `ipvs_healthcheck_up{${RS2_8080}}`),
      seriesValue(t, `ipvs_backend_weight{${RS2_8080}}`),
    ]).toEqual(['0', '0']);
    await sh(
      `ip netns exec ha-rs2 setsid node ${GUEST}/ha-server.mjs 8080 >/dev/null 2>&1 < /dev/null & echo $! > ${RUN}/ha-rs2-8080.pid`,
    );
    await until('ha-a', (h) => h.checks.every((c) => c.up));
  });
});

describe("deploy/'s alert rules on a Prometheus scraping both directors", () => {
  // Both alerts in one Prometheus run: IpvsServiceNoUsableBackend's `for: 1m` runs while the split brain is made.
  it('IpvsVrrpSplitBrain fires once VRRP is blocked, and not before; IpvsServiceNoUsableBackend for a service at weight 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipvstop-ha-prometheus-'));
    const prom = startRulesPrometheus(dir, 10090, ['10.5.0.11:10085', '10.5.0.12:10085'], 'ha-client');
    const alert = async (name: string) => (await prom.alerts()).filter((a) => a.labels.alertname === name);
    const splitBrain = async () => (await alert('IpvsVrrpSplitBrain'))[0];
    // A service of ha-a's own, beside keepalived's (it leaves services it does not configure alone until a reload).
    await sh(`ip netns exec ha-a ipvsadm -A -t 10.5.0.100:81 -s rr
      ip netns exec ha-a ipvsadm -a -t 10.5.0.100:81 -r 10.5.0.21:81 -g -w 1`);
    try {
      await waitUntil(
        'Prometheus to scrape both directors and count one MASTER of VI_1',
        async () => {
          const up = await prom.query('count by (job) (up == 1)', 'job').catch((e: Error) => e.message);
          const masters = await prom
            .query('sum by (vrrp_instance) (ipvs_vrrp_state{state="MASTER"})', 'vrrp_instance')
            .catch((e: Error) => e.message);
          const done =
            typeof up === 'object' && up.ipvstop === '2' && typeof masters === 'object' && masters.VI_1 === '1';
          return { done, seen: JSON.stringify({ up, masters }) };
        },
        60_000,
      );
      expect(await splitBrain()).toBeUndefined();
      await waitUntil(
        "Prometheus to count ha-a's service on port 81 with one active real server",
        async () => {
          const active = await prom.query('ipvs_service_backends{port="81",state="active"}', 'instance');
          return { done: active['10.5.0.11:10085'] === '1', seen: JSON.stringify(active) };
        },
        30_000,
      );
      expect(await alert('IpvsServiceNoUsableBackend')).toEqual([]);
      await sh('ip netns exec ha-a ipvsadm -e -t 10.5.0.100:81 -r 10.5.0.21:81 -g -w 0');
      const zeroedAt = Date.now();
      // As in fleet.test.ts: ha-b stops hearing ha-a's adverts (IP protocol 112) and takes over; ha-a,
      // hearing a lower priority, stays MASTER.
      await sh(`ip netns exec ha-b tc qdisc add dev eth0 ingress
        ip netns exec ha-b tc filter add dev eth0 parent ffff: protocol ip u32 match ip protocol 112 0xff action drop`);
      try {
        // Its `for: 30s`, scrapes every 2 s, and a slow guest.
        await waitUntil(
          'IpvsVrrpSplitBrain to fire',
          async () => {
            const alert = await splitBrain();
            return { done: alert?.state === 'firing', seen: JSON.stringify(await prom.alerts()) };
          },
          90_000,
        );
        expect((await splitBrain())?.labels).toMatchObject({
          vrrp_instance: 'VI_1',
          job: 'ipvstop',
          severity: 'critical',
        });
      } finally {
        await sh('ip netns exec ha-b tc qdisc del dev eth0 ingress');
      }
      await until('ha-b', (h) => h.instances[0]?.state === 'BACKUP');
      // Its `for: 1m` from the first scrape at weight 0 (scrapes every 2 s, rules evaluated every second).
      await waitUntil(
        'IpvsServiceNoUsableBackend to fire for port 81',
        async () => {
          const alerts = await alert('IpvsServiceNoUsableBackend');
          return { done: alerts.some((a) => a.state === 'firing'), seen: JSON.stringify(alerts) };
        },
        Math.max(30_000, zeroedAt + 110_000 - Date.now()),
      );
      // Only that service: keepalived's two on both directors still have usable real servers.
      expect((await alert('IpvsServiceNoUsableBackend')).map((a) => a.labels)).toEqual([
        expect.objectContaining({
          instance: '10.5.0.11:10085',
          address: '10.5.0.100',
          port: '81',
          severity: 'critical',
        }),
      ]);
    } finally {
      await sh('ip netns exec ha-a ipvsadm -D -t 10.5.0.100:81');
      const exited = new Promise((r) => prom.child.once('exit', r));
      prom.child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    }
  }, 260_000);
});

describe('failover', () => {
  it("after the master's keepalived stops, ha-b shows MASTER with its VIP within 5 s of keepalived's transition, on its monitor and on the fleet screen", async () => {
    const b = screens[1] ?? monitor('ha-b');
    b.keys('6');
    await b.waitFor(/VI_1 BACKUP/, 30_000);
    // The fleet screen over real ssh from the client's namespace, as fleet.test.ts runs it (VIPS is the 4th column).
    await startPairSshd();
    const fleet = pairFleetScreen('ha-fleet', '--interval 1');
    let after: HaJson;
    try {
      await fleet.waitFor(/^[ >]ha-a ok +MASTER VI_1 +1 [\s\S]*^[ >]ha-b ok +BACKUP VI_1 +0 /m, 60_000);
      await sh(`kill $(cat ${RUN}/ha-a.pid)`);
      const at = (p: Promise<string>) => p.then(() => Date.now());
      const [seen, fleetSeen] = await Promise.all([
        at(b.waitFor(/^ MASTER VI_1 [\s\S]*VI_1 MASTER [\s\S]*VIP 10\.5\.0\.100\/24 present/m, 30_000)),
        at(fleet.waitFor(/^[ >]ha-b ok +MASTER VI_1 +1 /m, 30_000)),
      ]);
      after = await ha('ha-b');
      const transition = Date.parse(after.instances[0]?.lastTransition ?? '');
      expect(after.instances[0]).toEqual(expect.objectContaining({ state: 'MASTER', vipsPresent: true }));
      console.log(
        `failover: after keepalived's transition, ha-b's screen showed MASTER in ${seen - transition} ms, the fleet screen in ${fleetSeen - transition} ms`,
      );
      expect(seen - transition).toBeLessThan(5000);
      expect(fleetSeen - transition).toBeLessThan(5000);
      // The old master is read, without an HA daemon now.
      await fleet.waitFor(/^[ >]ha-a ok +- +0 /m, 10_000);
    } finally {
      fleet.kill();
      await stopPairSshd();
    }
    expect(b.text()).toMatch(/VI_1 BACKUP -> MASTER/);
    expect(await sh('ip -n ha-b -o addr show dev eth0')).toContain('10.5.0.100/24');
    // The new master's sync daemon sends; the old one, without keepalived, has no HA daemon.
    expect(after.syncDaemons).toEqual([expect.objectContaining({ state: 'master' })]);
    expect((await ha('ha-a')).daemon).toBeNull();
    // Pane 7 has it too, dated by keepalived's transition.
    b.keys('7');
    await b.waitFor(/ 7 Events[\s\S]*\d\d:\d\d:\d\d {2}VI_1 BACKUP -> MASTER/, 10_000);
    // The exporters: ha-b MASTER with the VIP; on ha-a no HA daemon, which its doctor calls critical.
    const b2 = await exporters.b.scrape();
    expect(vrrpStates(b2)).toEqual({ INIT: '0', BACKUP: '0', MASTER: '1', FAULT: '0' });
    expect(seriesValue(b2, 'ipvs_vip_present{vrrp_instance="VI_1",address="10.5.0.100"}')).toBe('1');
    const a2 = await exporters.a.scrape();
    expect(a2).toContain('\nipvs_ha_daemon_info{daemon="none"} 1\n');
    expect(a2).not.toContain('ipvs_vrrp_state{');
    expect(seriesValue(a2, 'ipvs_doctor_findings{rule="ha.daemon-stopped",severity="critical"}')).toBe('1');
  }, 150_000);
});

describe('the doctor and the HA daemon', () => {
  it('the first frames show no error while keepalived is read; once it stops, pane 5 says so (critical)', async () => {
    const b = monitor('ha-b');
    // Until the badge shows keepalived was read, no frame may show an error (a dump not yet written is not one):
    // every 200 ms, not to miss a frame.
    const noError = (): string => {
      const frame = b.text();
      expect(frame).not.toMatch(/\d+ ERROR|reading HA daemon failed/);
      return frame;
    };
    const badge = (frame: string): boolean => /^ (MASTER|BACKUP) /m.test(frame);
    await pollUntil('the HA badge', noError, badge, 60_000, { minPauseMs: 200, exact: true });
    b.keys('5');
    await b.waitFor(/5 Doctor\]? +checked \d\d:\d\d:\d\d/, 30_000);
    expect(b.text()).not.toContain('ha.daemon-stopped');
    await sh(`kill $(cat ${RUN}/ha-b.pid)`);
    // Within the HA view's 5 s and the doctor's 10 s (and a slow guest).
    const text = await b.waitFor(/CRIT keepalived: keepalived was running here and is not running now/, 45_000);
    expect(text).toContain('[ha.daemon-stopped]');
  }, 150_000);
});
