/**
 * The director's IPVS settings as metric families: the connection timeouts and the sync daemons (from the
 * same netlink read as the table), and the `net.ipv4.vs.*` sysctls that are numbers.
 *
 * The sysctls are one gauge each, `ipvs_sysctl_<name>` (as node_exporter's sysctl collector names its
 * `node_sysctl_<name>`), not one family with a `name` label: Prometheus's naming practice asks that the sum
 * or mean over a family's labels mean something, and a sum of expire_nodest_conn and sync_threshold does
 * not; each has its own unit (the kernel's, as the name says in /proc/sys/net/ipv4/vs). A setting of several
 * numbers (sync_threshold "3 50") gets one series per number, `index="0"`, `"1"`; text settings
 * (est_cpulist "0-3") are not numbers and are left out.
 */
import type { IpvsSnapshot } from '../../kernel/ipvs/types.js';
import type { MetricFamily, Sample } from './exposition.js';

const PREFIX = 'net.ipv4.vs.';
/** What a kernel sysctl is named (and a metric name may hold); anything else is not made into a name. */
const SYSCTL_NAME = /^[a-z][a-z0-9_]{0,63}$/;
const INTEGER = /^-?\d{1,19}$/;

function timeoutFamily(snap: IpvsSnapshot): MetricFamily {
  const t = snap.timeouts;
  return {
    name: 'ipvs_timeout_seconds',
    type: 'gauge',
    help: 'Connection timeouts (ipvsadm --set): tcp (established), tcpfin (after a FIN), udp.',
    samples: [
      { labels: { protocol: 'tcp' }, value: t.tcp },
      { labels: { protocol: 'tcpfin' }, value: t.tcpFin },
      { labels: { protocol: 'udp' }, value: t.udp },
    ],
  };
}

function daemonFamily(snap: IpvsSnapshot): MetricFamily {
  return {
    name: 'ipvs_sync_daemon',
    type: 'info',
    help: 'A running connection sync daemon (ipvsadm --start-daemon): master or backup, its interface and sync id.',
    samples: snap.daemons.map((d) => ({
      labels: { state: d.state, interface: d.mcastInterface, syncid: String(d.syncId) },
      value: 1,
    })),
  };
}

function sysctlFamily(dotted: string, text: string): MetricFamily | undefined {
  const name = dotted.slice(PREFIX.length);
  if (!dotted.startsWith(PREFIX) || !SYSCTL_NAME.test(name)) return undefined;
  const numbers = text.split(' ');
  if (numbers.length === 0 || numbers.length > 8 || !numbers.every((n) => INTEGER.test(n))) return undefined;
  const samples: Sample[] =
    numbers.length === 1
      ? [{ labels: {}, value: Number(numbers[0]) }]
      : numbers.map((n, i) => ({ labels: { index: String(i) }, value: Number(n) }));
  return {
    name: `ipvs_sysctl_${name}`,
    type: 'gauge',
    help: `The ${dotted} setting, in its own unit (/proc/sys/net/ipv4/vs/${name}).`,
    samples,
  };
}

/** `sysctls`: by dotted name as readIpvsSysctls gives them; null when there are none (IPVS not loaded). */
export function settingsFamilies(snap: IpvsSnapshot, sysctls: Readonly<Record<string, string>> | null): MetricFamily[] {
  const families = [timeoutFamily(snap), daemonFamily(snap)];
  for (const [dotted, text] of Object.entries(sysctls ?? {})) {
    const f = sysctlFamily(dotted, text);
    if (f) families.push(f);
  }
  return families;
}
