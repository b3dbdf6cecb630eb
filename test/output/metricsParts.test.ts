/** The exporter's families besides the table's: settings, HA, the doctor, connection states, and the --max-series cap. */
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/doctor/types.js';
import { attributeConnections } from '../../src/domain/attribution.js';
import { haStatus } from '../../src/domain/ha.js';
import type { HaReading } from '../../src/kernel/keepalived/haReading.js';
import type { CheckedServer } from '../../src/kernel/keepalived/types.js';
import type { ConnTableSummary } from '../../src/kernel/proc/types.js';
import { capSeries, type ExporterReading, readingFamilies } from '../../src/output/metrics/exporterMetrics.js';
import { formatExposition, type MetricFamily, seriesCount } from '../../src/output/metrics/exposition.js';
import { COLLECT_GROUPS, type CollectGroup } from '../../src/output/metrics/ipvsMetrics.js';
import { ServerMemory } from '../../src/output/metrics/serverMemory.js';
import { NO_HA_DAEMON, vrrpInstance } from '../ui/fakes.js';
import { dest, service, snapshot } from './fixtures.js';

const ALL = new Set<CollectGroup>(COLLECT_GROUPS);
const text = (r: ExporterReading, groups = ALL) =>
  formatExposition(readingFamilies(r, groups, new ServerMemory()), 'text');
const lines = (t: string, name: string) =>
  t.split('\n').filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `));

const SNAP = snapshot(
  [{ service: service({}), dests: [dest({ weight: 3 }), dest({ address: '198.51.100.12', weight: 2 })] }],
  { daemons: [{ state: 'master', mcastInterface: 'eth1', syncId: 51 }] },
);
const BACKEND_11 =
  'family="ipv4",protocol="tcp",address="192.0.2.1",port="80",backend_address="198.51.100.11",backend_port="80"';
const BACKEND_12 = BACKEND_11.replace('198.51.100.11', '198.51.100.12');

describe('the settings', () => {
  const sysctls = {
    'net.ipv4.vs.expire_nodest_conn': '1',
    'net.ipv4.vs.sync_threshold': '3 50',
    'net.ipv4.vs.est_cpulist': '0-3',
    'net.ipv4.vs.bad-name': '1',
  };

  it('give the timeouts in seconds, the sync daemons as info, and each numeric sysctl its own gauge', () => {
    const t = text({ snap: SNAP, sysctls });
    expect(lines(t, 'ipvs_timeout_seconds')).toEqual([
      'ipvs_timeout_seconds{protocol="tcp"} 900',
      'ipvs_timeout_seconds{protocol="tcpfin"} 120',
      'ipvs_timeout_seconds{protocol="udp"} 300',
    ]);
    expect(t).toContain('ipvs_sync_daemon_info{state="master",interface="eth1",syncid="51"} 1\n');
    expect(t).toContain(
      '# HELP ipvs_sysctl_expire_nodest_conn The net.ipv4.vs.expire_nodest_conn setting, in its own unit (/proc/sys/net/ipv4/vs/expire_nodest_conn).\n# TYPE ipvs_sysctl_expire_nodest_conn gauge\nipvs_sysctl_expire_nodest_conn 1\n',
    );
    expect(lines(t, 'ipvs_sysctl_sync_threshold')).toEqual([
      'ipvs_sysctl_sync_threshold{index="0"} 3',
      'ipvs_sysctl_sync_threshold{index="1"} 50',
    ]);
    // Text settings and names no kernel has are not made into metric names.
    expect(t).not.toContain('est_cpulist');
    expect(t).not.toContain('bad');
  });

  it('without a sync daemon or sysctls (IPVS not loaded) still give the timeouts, and no empty family', () => {
    const t = text({ snap: { ...SNAP, daemons: [] }, sysctls: null });
    expect(t).toContain('ipvs_timeout_seconds{protocol="udp"} 300\n');
    expect(t).not.toContain('ipvs_sync_daemon');
    expect(t).not.toContain('ipvs_sysctl_');
  });
});

const check = (server: string, up: boolean, service = 'TCP 192.0.2.1:80'): CheckedServer => ({
  service,
  server,
  up,
  weight: 3,
  effectiveWeight: 3,
  checkers: ['TCP_CHECK'],
  failedCheckers: up ? 0 : 1,
  inhibitOnFailure: true,
});

const KEEPALIVED: HaReading = {
  ...NO_HA_DAEMON,
  daemon: 'keepalived',
  pid: 7,
  addresses: ['10.5.0.100'],
  keepalived: {
    masters: new Map(),
    instances: [
      vrrpInstance({
        state: 'MASTER',
        priority: 150,
        effectivePriority: 140,
        vips: ['10.5.0.100/24', '10.5.0.101/24'],
      }),
    ],
    checks: [
      check('198.51.100.11:80', false),
      check('198.51.100.12:80', true),
      check('[2001:db8::11]:443', true, 'TCP [2001:db8::1]:443'),
      check('198.51.100.13:0', false, 'FWM 9'),
      check('not an address', true),
    ],
  },
};

describe('the HA families', () => {
  const t = text({ snap: SNAP, ha: haStatus(KEEPALIVED, SNAP.services, SNAP.daemons) });

  it('give each VRRP instance one series per state, 1 for the one it is in, and its priorities', () => {
    expect(t).toContain('ipvs_ha_daemon_info{daemon="keepalived"} 1\n');
    expect(lines(t, 'ipvs_vrrp_state')).toEqual([
      'ipvs_vrrp_state{vrrp_instance="VI_1",state="INIT"} 0',
      'ipvs_vrrp_state{vrrp_instance="VI_1",state="BACKUP"} 0',
      'ipvs_vrrp_state{vrrp_instance="VI_1",state="MASTER"} 1',
      'ipvs_vrrp_state{vrrp_instance="VI_1",state="FAULT"} 0',
    ]);
    expect(t).toContain('ipvs_vrrp_priority{vrrp_instance="VI_1"} 150\n');
    expect(t).toContain('ipvs_vrrp_effective_priority{vrrp_instance="VI_1"} 140\n');
  });

  it('say which VIP is on this director, without its prefix length', () => {
    expect(lines(t, 'ipvs_vip_present')).toEqual([
      'ipvs_vip_present{vrrp_instance="VI_1",address="10.5.0.100"} 1',
      'ipvs_vip_present{vrrp_instance="VI_1",address="10.5.0.101"} 0',
    ]);
  });

  it("give each health check the labels of the real server's ipvs_backend_weight, also for one not in the table (words it cannot read: none)", () => {
    expect(lines(t, 'ipvs_healthcheck_up')).toEqual([
      `ipvs_healthcheck_up{${BACKEND_11}} 0`,
      `ipvs_healthcheck_up{${BACKEND_12}} 1`,
      'ipvs_healthcheck_up{family="ipv6",protocol="tcp",address="2001:db8::1",port="443",backend_address="2001:db8::11",backend_port="443"} 1',
      'ipvs_healthcheck_up{family="ipv4",fwmark="9",backend_address="198.51.100.13",backend_port="0"} 0',
    ]);
    expect(t).toContain(`ipvs_backend_weight{${BACKEND_11}} 3\n`);
  });

  it('say "none" and nothing more on a director without an HA daemon, and nothing when the group is off', () => {
    const none = text({ snap: SNAP, ha: haStatus(NO_HA_DAEMON, SNAP.services, []) });
    expect(none).toContain('ipvs_ha_daemon_info{daemon="none"} 1\n');
    expect(none).not.toMatch(/^ipvs_(vrrp|vip|healthcheck)/m);
    const off = text({ snap: SNAP, ha: haStatus(KEEPALIVED, SNAP.services, []) }, new Set(['services']));
    expect(off).not.toContain('ipvs_ha_');
    expect(off).not.toContain('ipvs_vrrp_');
  });
});

const finding = (ruleId: string, severity: Finding['severity']): Finding => ({
  ruleId,
  severity,
  where: 'x',
  what: 'x',
  why: 'x',
  remedy: 'x',
});

describe('the doctor', () => {
  it('counts findings by rule and severity, and by severity alone with 0 for none', () => {
    const findings = [
      finding('table.syn-flood', 'critical'),
      finding('sysctl.x', 'warning'),
      finding('sysctl.x', 'warning'),
    ];
    const t = text({ snap: SNAP, findings });
    expect(lines(t, 'ipvs_doctor_findings')).toEqual([
      'ipvs_doctor_findings{rule="sysctl.x",severity="warning"} 2',
      'ipvs_doctor_findings{rule="table.syn-flood",severity="critical"} 1',
    ]);
    expect(lines(t, 'ipvs_doctor_findings_by_severity')).toEqual([
      'ipvs_doctor_findings_by_severity{severity="critical"} 1',
      'ipvs_doctor_findings_by_severity{severity="warning"} 2',
      'ipvs_doctor_findings_by_severity{severity="info"} 0',
    ]);
    expect(text({ snap: SNAP, findings }, new Set(['services']))).not.toContain('ipvs_doctor');
  });
});

describe('connection entries by state', () => {
  const summary = (rows: [string, string, number][]): ConnTableSummary => {
    const groups = new Map();
    for (const [destAddress, state, n] of rows) {
      groups.set(`${destAddress} ${state}`, {
        protocol: 'TCP',
        af: 2,
        virtualAddress: '192.0.2.1',
        virtualPort: 80,
        destAddress,
        destPort: 80,
        states: { [state]: n },
        templates: {},
        maxExpires: 0,
      });
    }
    return { groups } as unknown as ConnTableSummary;
  };
  const conns = attributeConnections(
    SNAP.services,
    summary([
      ['198.51.100.11', 'ESTABLISHED', 5],
      ['198.51.100.11', 'SYN_RECV', 2],
      ['198.51.100.12', 'SYN_RECV', 1],
    ]),
  );

  it('count entries per service and per real server, by the kernel state name', () => {
    const t = text({ snap: SNAP, conns });
    const svc = 'family="ipv4",protocol="tcp",address="192.0.2.1",port="80"';
    expect(t).toContain(`ipvs_service_connection_entries{${svc},state="SYN_RECV"} 3\n`);
    expect(t).toContain(`ipvs_service_connection_entries{${svc},state="ESTABLISHED"} 5\n`);
    expect(t).toContain(`ipvs_backend_connection_entries{${BACKEND_11},state="SYN_RECV"} 2\n`);
    expect(t).toContain(`ipvs_backend_connection_entries{${BACKEND_12},state="SYN_RECV"} 1\n`);
  });

  it('leave the per-backend series out with the backends group', () => {
    const t = text({ snap: SNAP, conns }, new Set(['services', 'conn-states']));
    expect(t).toContain('ipvs_service_connection_entries{');
    expect(t).not.toContain('ipvs_backend_connection_entries');
  });
});

describe('--max-series', () => {
  it('keeps the first N series in order and counts the rest', () => {
    const families = readingFamilies({ snap: SNAP, sysctls: null }, ALL, new ServerMemory());
    const total = families.reduce((n, f) => n + seriesCount(f), 0);
    expect(capSeries(families, total)).toEqual({ families, dropped: 0 });
    const cut = capSeries(families, 10);
    expect(cut.dropped).toBe(total - 10);
    expect(cut.families.reduce((n, f) => n + seriesCount(f), 0)).toBe(10);
    expect(cut.families[0]).toEqual(families[0]);
    // What is written is those 10 series, the first of the full text's, in order.
    const series = (fs: MetricFamily[]) =>
      formatExposition(fs, 'text')
        .split('\n')
        .filter((l) => l && !l.startsWith('#'));
    expect(series(cut.families)).toEqual(series(families).slice(0, 10));
  });
});
