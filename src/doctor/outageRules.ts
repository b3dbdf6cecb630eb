/**
 * Rules for a director that stopped doing its work while traffic still comes: its IPVS table
 * emptied (ipvsadm -C, a daemon that flushed it) and its HA daemon gone.
 */
import { THRESHOLDS } from './thresholds.js';
import type { Finding, HaDaemonName, Rule } from './types.js';
import { finding } from './where.js';

/**
 * An empty table while clients still come: their packets go to the host's own stack, which
 * answers each with a reset or an ICMP "port unreachable" (the kernel's counters of those move;
 * IPVS's own stand still, for they count only packets it scheduled).
 */
const emptyTableWithTraffic: Rule = ({ services, servicesNotRead, refused, connVirtualAddresses }) => {
  if (services.length > 0 || servicesNotRead || !refused || refused.perSec < THRESHOLDS.refusedPerSecWithEmptyTable)
    return [];
  const vips = connVirtualAddresses ?? [];
  const left = vips.length ? `; the connection table still has entries for ${vips.slice(0, 3).join(', ')}` : '';
  const rate = refused.perSec < 10 ? refused.perSec.toFixed(1) : String(Math.round(refused.perSec));
  return [
    finding('table.empty-with-traffic', 'critical')(
      'IPVS table',
      `no service, while this host turns away ${rate} connection attempts a second (over ${Math.round(refused.overSec)} s)${left}`,
      'clients of the VIPs reach this director and are refused: the services are gone, not idle.',
      'restore the table (ipvsadm-restore < saved rules, or restart the daemon that manages it: keepalived, ldirectord)',
    ),
  ];
};

const daemonStopped = (d: HaDaemonName): Finding =>
  finding('ha.daemon-stopped', 'critical')(
    d,
    `${d} was running here and is not running now`,
    'nothing takes failed real servers out of the table any more, and this director neither fails over nor stands by.',
    `read why it stopped (journalctl -u ${d}), then start it (systemctl start ${d})`,
  );

const daemonNotRunning = ({ daemon, path }: { daemon: HaDaemonName; path: string }): Finding =>
  finding('ha.daemon-not-running', 'warning')(
    daemon,
    `configured (${path}) and not running`,
    daemon === 'heartbeat'
      ? 'this director takes no part in its pair: its peer cannot fail over to it.'
      : 'its health checks and failover are not working on this director.',
    `systemctl start ${daemon} (or remove ${path} if this director no longer uses it)`,
  );

/**
 * The HA daemon gone: the one seen running (the monitor's memory) stopped, or one configured here
 * not running. A configured daemon is named when no HA daemon runs at all, and heartbeat whenever
 * it does not run (an ldirectord left running here checks servers, but the peer has no one to
 * fail over to). Each daemon is named once at most: as stopped rather than as not running.
 */
const haDaemonDown: Rule = ({ haDaemon }) => {
  if (!haDaemon) return [];
  const { running, seen, configs } = haDaemon;
  const stopped = running === null ? seen : undefined;
  const notRunning = configs.filter(
    (c) => c.daemon !== running && c.daemon !== stopped && (c.daemon === 'heartbeat' || (running === null && !seen)),
  );
  return [...(stopped ? [daemonStopped(stopped)] : []), ...notRunning.map(daemonNotRunning)];
};

export const OUTAGE_RULES: readonly Rule[] = [emptyTableWithTraffic, haDaemonDown];
