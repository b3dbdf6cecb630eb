import { describe, expect, it } from 'vitest';
import type { IpvsSnapshot } from '../../src/kernel/ipvs/types.js';
import {
  escapeLabelValue,
  formatExposition,
  type MetricFamily,
  negotiateFormat,
} from '../../src/output/metrics/exposition.js';
import { COLLECT_GROUPS, type CollectGroup, ipvsFamilies } from '../../src/output/metrics/ipvsMetrics.js';
import { ServerMemory } from '../../src/output/metrics/serverMemory.js';
import { dest, service, snapshot, stats } from './fixtures.js';

const ALL = new Set<CollectGroup>(COLLECT_GROUPS);
const text = (snap: IpvsSnapshot, groups = ALL) =>
  formatExposition(ipvsFamilies(snap, groups, new ServerMemory()), 'text');
/** Sample lines (name and labels) of an exposition. */
const seriesOf = (t: string) =>
  t
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.slice(0, l.lastIndexOf(' ')));
const sampleValue = (t: string, series: string) => {
  const line = t.split('\n').find((l) => l.startsWith(`${series} `));
  return line?.slice(series.length + 1);
};

/** One address:port for TCP and UDP, IPv4 and IPv6 fwmark services of one mark, and an IPv6 service. */
const CROWDED = snapshot([
  { service: service({ protocol: 6 }), dests: [dest({})] },
  { service: service({ protocol: 17 }), dests: [dest({})] },
  { service: service({ protocol: 132 }), dests: [dest({})] },
  { service: service({ protocol: 0, fwmark: 7, address: '0.0.0.0', port: 0 }), dests: [dest({})] },
  { service: service({ af: 10, protocol: 0, fwmark: 7, address: '::', port: 0 }), dests: [dest({})] },
  {
    service: service({ af: 10, address: '2001:db8::1', netmask: '128' }),
    dests: [dest({ af: 10, address: '2001:db8::11' }), dest({ af: 10, address: '2001:db8::12' })],
  },
]);

describe('the text format', () => {
  it('escapes backslash, double quote and line feed in label values, and HELP text', () => {
    expect(escapeLabelValue('a\\b"c\nd')).toBe('a\\\\b\\"c\\nd');
    const f: MetricFamily = {
      name: 'x',
      type: 'gauge',
      help: 'a \\ b\nc "q"',
      samples: [{ labels: { l: 'a\\b"c\nd' }, value: 1 }],
    };
    expect(formatExposition([f], 'text')).toBe('# HELP x a \\\\ b\\nc "q"\n# TYPE x gauge\nx{l="a\\\\b\\"c\\nd"} 1\n');
    expect(formatExposition([f], 'openmetrics')).toContain('# HELP x a \\\\ b\\nc \\"q\\"\n');
  });

  it("writes the kernel's u64 counters exact, past 2^53", () => {
    const max = 2n ** 64n - 1n;
    const snap = snapshot([
      {
        service: service({ stats: stats({ connections: max, inBytes: 2n ** 53n + 1n }) }),
        dests: [dest({ stats: stats({ outPackets: max - 1n }) })],
      },
    ]);
    const t = text(snap);
    const svc = 'family="ipv4",protocol="tcp",address="192.0.2.1",port="80"';
    expect(sampleValue(t, `ipvs_service_connections_total{${svc}}`)).toBe('18446744073709551615');
    expect(sampleValue(t, `ipvs_service_bytes_total{${svc},direction="in"}`)).toBe('9007199254740993');
    const be = `${svc},backend_address="198.51.100.11",backend_port="80"`;
    expect(sampleValue(t, `ipvs_backend_packets_total{${be},direction="out"}`)).toBe('18446744073709551614');
  });

  it('has no duplicate series for TCP, UDP and SCTP on one address:port, fwmark in both families, IPv6', () => {
    const series = seriesOf(text(CROWDED));
    expect(new Set(series).size).toBe(series.length);
    // Each service has its own connections counter: six services, six series.
    expect(series.filter((s) => s.startsWith('ipvs_service_connections_total{'))).toHaveLength(6);
    expect(series).toContain('ipvs_service_connections_total{family="ipv6",fwmark="7"}');
    expect(series).toContain(
      'ipvs_backend_weight{family="ipv6",protocol="tcp",address="2001:db8::1",port="80",backend_address="2001:db8::12",backend_port="80"}',
    );
  });

  it('writes a series that one read gave twice (a dump racing a change) once', () => {
    const twice = snapshot([
      { service: service({}), dests: [dest({})] },
      { service: service({}), dests: [dest({})] },
    ]);
    const series = seriesOf(text(twice));
    expect(new Set(series).size).toBe(series.length);
    expect(series.filter((s) => s.startsWith('ipvs_service_connections_total{'))).toHaveLength(1);
  });

  it('keeps the first of a real server given twice, and a real server only the second copy of its service has', () => {
    const twice = snapshot([
      { service: service({}), dests: [dest({ weight: 3 })] },
      { service: service({}), dests: [dest({ weight: 9 }), dest({ address: '198.51.100.99', weight: 4 })] },
    ]);
    const t = text(twice);
    const series = seriesOf(t);
    expect(new Set(series).size).toBe(series.length);
    expect(series.filter((s) => s.startsWith('ipvs_backend_weight{'))).toHaveLength(2);
    expect(t).toMatch(/^ipvs_backend_weight\{[^}]*backend_address="198\.51\.100\.11"[^}]*\} 3$/m);
    expect(t).toMatch(/^ipvs_backend_weight\{[^}]*backend_address="198\.51\.100\.99"[^}]*\} 4$/m);
  });

  it('declares counters with _total, info metrics as gauges, and uses base units', () => {
    const t = text(CROWDED);
    expect(t).toContain('# TYPE ipvs_service_connections_total counter\n');
    expect(t).toContain('# TYPE ipvs_service_info gauge\n');
    expect(t).toContain('# TYPE ipvs_backend_connections_active gauge\n');
    for (const m of t.matchAll(/^# TYPE (\S+) (\S+)$/gm)) expect(m[1]!.endsWith('_total')).toBe(m[2] === 'counter');
  });
});

describe('OpenMetrics', () => {
  const om = formatExposition(ipvsFamilies(CROWDED, ALL, new ServerMemory()), 'openmetrics');
  it('names counter and info families without their suffix in TYPE, and ends with # EOF', () => {
    expect(om).toContain('# TYPE ipvs_service_connections counter\n');
    expect(om).toContain('\nipvs_service_connections_total{');
    expect(om).toContain('# TYPE ipvs_backend info\n');
    expect(om).toContain('\nipvs_backend_info{');
    expect(om.endsWith('\n# EOF\n')).toBe(true);
  });

  it.each([
    ['application/openmetrics-text;version=1.0.0;q=0.5,text/plain;version=0.0.4;q=0.4,*/*;q=0.1', 'openmetrics'],
    ['application/openmetrics-text; version=1.0.0', 'openmetrics'],
    ['text/plain;version=0.0.4;q=0.9,application/openmetrics-text;q=0.5', 'text'],
    ['*/*', 'text'],
    ['', 'text'],
    [undefined, 'text'],
    ['application/openmetrics-text;q=0', 'text'],
  ] as const)('Accept %j gets %s', (accept, format) => {
    expect(negotiateFormat(accept)).toBe(format);
  });
});

describe('the IPVS families', () => {
  it('give each real server its drain state and each service its count per state', () => {
    const snap = snapshot([
      {
        service: service({}),
        dests: [
          dest({ address: '198.51.100.11' }),
          dest({ address: '198.51.100.12', weight: 0, activeConns: 1 }),
          dest({ address: '198.51.100.13', weight: 0, activeConns: 0, inactiveConns: 0 }),
          dest({ address: '198.51.100.14', upperThreshold: 5, activeConns: 5, inactiveConns: 0 }),
        ],
      },
    ]);
    const t = text(snap);
    const svc = 'family="ipv4",protocol="tcp",address="192.0.2.1",port="80"';
    const state = (addr: string, s: string) =>
      sampleValue(t, `ipvs_backend_state{${svc},backend_address="${addr}",backend_port="80",state="${s}"}`);
    expect(state('198.51.100.11', 'active')).toBe('1');
    expect(state('198.51.100.11', 'draining')).toBe('0');
    expect(state('198.51.100.12', 'draining')).toBe('1');
    expect(state('198.51.100.13', 'drained')).toBe('1');
    expect(state('198.51.100.14', 'overloaded')).toBe('1');
    for (const s of ['active', 'draining', 'drained', 'overloaded']) {
      expect(sampleValue(t, `ipvs_service_backends{${svc},state="${s}"}`)).toBe('1');
    }
  });

  it('keep a server overloaded until it falls below its lower threshold, from one scrape to the next', () => {
    const memory = new ServerMemory();
    const at = (active: number) => {
      const snap = snapshot([
        {
          service: service({}),
          dests: [dest({ upperThreshold: 10, lowerThreshold: 5, activeConns: active, inactiveConns: 0 })],
        },
      ]);
      const t = formatExposition(ipvsFamilies(snap, ALL, memory), 'text');
      return /ipvs_backend_state\{[^}]*state="overloaded"\} (\d)/.exec(t)?.[1];
    };
    expect([at(7), at(10), at(7), at(4), at(7)]).toEqual(['0', '1', '1', '0', '0']);
  });

  it('forget the overload of a server whose upper threshold went to 0, as the kernel clears its flag then', () => {
    const memory = new ServerMemory();
    const at = (upperThreshold: number, active: number) => {
      const d = dest({ upperThreshold, lowerThreshold: upperThreshold && 5, activeConns: active, inactiveConns: 0 });
      const t = formatExposition(ipvsFamilies(snapshot([{ service: service({}), dests: [d] }]), ALL, memory), 'text');
      return /ipvs_backend_state\{[^}]*state="overloaded"\} (\d)/.exec(t)?.[1];
    };
    expect([at(10, 10), at(0, 7), at(10, 7)]).toEqual(['1', '0', '0']);
    expect(memory.size).toBe(1);
  });

  it('say the forwarding method, thresholds and service attributes', () => {
    const snap = snapshot([
      {
        service: service({ flags: 0x3, timeout: 300, netmask: '255.255.255.0', scheduler: 'wlc' }),
        dests: [dest({ forward: 'route', upperThreshold: 500, lowerThreshold: 100 })],
      },
    ]);
    const t = text(snap);
    expect(t).toMatch(/^ipvs_service_info\{.*scheduler="wlc",flags="persistent",netmask="255\.255\.255\.0"\} 1$/m);
    expect(t).toMatch(/^ipvs_service_persistence_timeout_seconds\{.*\} 300$/m);
    expect(t).toMatch(/^ipvs_backend_info\{.*forward="route"\} 1$/m);
    expect(t).toMatch(/^ipvs_backend_upper_threshold_connections\{.*\} 500$/m);
    expect(t).toMatch(/^ipvs_backend_lower_threshold_connections\{.*\} 100$/m);
  });

  it('leave a group out when its --collect flag is off', () => {
    const services = text(CROWDED, new Set<CollectGroup>(['services']));
    expect(services).toContain('ipvs_service_connections_total{');
    expect(services).not.toContain('ipvs_backend_');
    const backends = text(CROWDED, new Set<CollectGroup>(['backends']));
    expect(backends).not.toContain('ipvs_service_');
    expect(backends).toContain('ipvs_backend_weight{');
  });
});
