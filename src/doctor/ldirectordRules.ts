/**
 * Rules for ldirectord, alone or as a heartbeat resource (facts from ldirectord 4.12's code):
 * - heartbeat starts a group's resources only on the node that takes the group, so ldirectord is
 *   expected to run on the MASTER and not on the BACKUP;
 * - with quiescent=yes a failed server stays in the table at weight 0; every server ldirectord.cf
 *   lists is put in the table at start and on reload, and while ldirectord runs it takes none out
 *   and never removes its virtual services. With quiescent=no a failed server is removed, so a
 *   missing one may be a failed one: nothing is said of it;
 * - ldirectord rereads its file when it changes only with autoreload=yes (default no).
 */
import { basename } from 'node:path';
import { serviceLabel } from '../domain/labels.js';
import type { ServiceWithDests } from '../kernel/ipvs/types.js';
import type { LdirectordReal, LdirectordService } from '../kernel/keepalived/ldirectord.js';
import type { Rule } from './types.js';
import { finding } from './where.js';

const isLdirectord = (resource: string): boolean => resource.split('::')[0] === 'ldirectord';

const notRunningOnMaster: Rule = ({ ha }) => {
  if (ha?.daemon !== 'heartbeat' || !ha.ldirectord || ha.ldirectord.pid !== null) return [];
  return ha.instances
    .filter((i) => i.state === 'MASTER' && i.resources.some(isLdirectord))
    .map((i) => {
      const resource = i.resources.find(isLdirectord) as string;
      const config = resource.split('::')[1] ?? basename(ha.ldirectord?.config ?? 'ldirectord.cf');
      return finding('ha.ldirectord-not-running', 'critical')(
        `heartbeat group ${i.name}`,
        `this node holds the group (MASTER), and its resource ${resource} is not running`,
        'the VIPs come here and nothing checks the real servers: a failed one keeps its clients (and an ldirectord stopped with cleanstop=yes, its default, took its services out of the table).',
        `ldirectord ${config} start (heartbeat starts it only when it takes the group)`,
      );
    });
};

/** ldirectord's words for the forwarding, as ipvsadm's flags. */
const FORWARD_FLAG: Record<string, string> = { gate: '-g', masq: '-m', ipip: '-i' };
const SERVICE_FLAG: Record<string, string> = { TCP: '-t', UDP: '-u', SCTP: '--sctp-service', FWM: '-f' };

/** A server written as numbers (IPv4 or [IPv6], port optional): its address as the kernel prints it. */
function numericAddress(server: string): { address: string; port: number | null } | undefined {
  const m = /^(?:(\d{1,3}(?:\.\d{1,3}){3})|\[([0-9A-Fa-f:.]+)\])(?::(\d{1,5}))?$/.exec(server);
  if (!m) return undefined; // a host name, a range (a->b): resolved by ldirectord, not by us
  let address = m[1];
  try {
    // The URL parser writes an IPv6 address as the kernel's reading does (compressed, lower case).
    address ??= new URL(`http://[${m[2]}]/`).hostname.slice(1, -1);
  } catch {
    return undefined;
  }
  return { address, port: m[3] === undefined ? null : Number(m[3]) };
}

/** Whether the kernel's service has the server: same address, and same port where the port is kept (masq). */
function inKernel(real: LdirectordReal, kernel: ServiceWithDests, fwmark: boolean): boolean | undefined {
  const want = numericAddress(real.server);
  if (!want) return undefined;
  // ipvsadm gives a DR or tunnel server of a port service the virtual port, whatever was written.
  const portKept = fwmark || real.forwarding === 'masq';
  return kernel.dests.some(
    (d) => d.address.toLowerCase() === want.address && (!portKept || want.port === null || d.port === want.port),
  );
}

/** `TCP 10.6.0.100:80`, `FWM 7` as the kernel's label is written; undefined for a name ldirectord resolves. */
function kernelLabel(service: string): string | undefined {
  const [proto = '', target = ''] = service.split(' ');
  if (proto === 'FWM') return /^\d{1,10}$/.test(target) ? service : undefined;
  const vip = numericAddress(target);
  if (!['TCP', 'UDP', 'SCTP'].includes(proto) || !vip || vip.port === null) return undefined;
  return `${proto} ${vip.address.includes(':') ? `[${vip.address}]` : vip.address}:${vip.port}`;
}

function missing(s: LdirectordService, kernel: ServiceWithDests | undefined, config: string) {
  const [proto = '', target = ''] = s.service.split(' ');
  const remedy = (r?: LdirectordReal) =>
    `ldirectord ${config} reload (it puts back every server it lists)${r ? `, or ipvsadm -a ${SERVICE_FLAG[proto] ?? '-t'} ${target} -r ${r.server} ${FORWARD_FLAG[r.forwarding] ?? '-g'} -w ${r.weight}` : ''}`;
  const f = finding('ha.ldirectord-server-missing', 'warning');
  if (!kernel) {
    return [
      f(
        s.service,
        `in ${config} with ${s.reals.length} real servers, not in the kernel's table`,
        'ldirectord never removes its services while it runs, and does not put back one removed under it: the VIP turns its clients away.',
        remedy(),
      ),
    ];
  }
  if (!s.quiescent) return [];
  return s.reals
    .filter((r) => inKernel(r, kernel, proto === 'FWM') === false)
    .map((r) =>
      f(
        `${s.service} -> ${r.server}`,
        `in ${config}, not in the kernel's table, though quiescent=yes keeps a failed server there at weight 0: removed outside ldirectord`,
        'ldirectord adds a server only when its check goes from failed to passing: one removed while up gets no clients until it fails and recovers.',
        remedy(r),
      ),
    );
}

const serverMissing: Rule = ({ ha, services, servicesNotRead }) => {
  const ld = ha?.ldirectord;
  // The monitor's table before all its services are read is not the kernel's whole table.
  if (!ld || ld.pid === null || servicesNotRead) return [];
  const kernel = new Map(services.map((s) => [serviceLabel(s.service), s]));
  return ld.services.flatMap((s) => {
    const label = kernelLabel(s.service);
    return label ? missing(s, kernel.get(label), ld.config) : [];
  });
};

/** ldirectord started this long after the file's mtime at least (the start is read to 10 ms). */
const START_MARGIN_MS = 1000;

const configChanged: Rule = ({ ha, ldirectordTimes: t }) => {
  const ld = ha?.ldirectord;
  if (!ld || ld.pid === null || ld.autoreload || !t || t.config !== ld.config) return [];
  if (t.configModifiedAt <= t.startedAt + START_MARGIN_MS) return [];
  return [
    finding('ha.ldirectord-config-changed', 'warning')(
      ld.config,
      `modified ${new Date(t.configModifiedAt).toISOString()}, after ldirectord (pid ${ld.pid}) started ${new Date(t.startedAt).toISOString()}, with autoreload=no`,
      'ldirectord does not reread it: its table follows the file as it was at its start, not as it is now.',
      `ldirectord ${ld.config} reload (or autoreload=yes in ${ld.config})`,
    ),
  ];
};

export const LDIRECTORD_RULES: readonly Rule[] = [notRunningOnMaster, serverMissing, configChanged];
