/**
 * The doctor's I/O, kept apart from its rules: reads everything the rules
 * look at into one DoctorInput. A part that cannot be read is left out and
 * named in `unreadable`; only the IPVS table itself is required.
 */
import { readFileSync, statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { release } from 'node:os';
import { probeVips } from '../actions/arpProbe.js';
import { attributeConnections } from '../domain/attribution.js';
import { haStatus, isBackupDirector } from '../domain/ha.js';
import { errorLine } from '../errors.js';
import type { IpvsClient } from '../kernel/ipvs/client.js';
import type { ServiceWithDests } from '../kernel/ipvs/types.js';
import type { HaReading } from '../kernel/keepalived/haReading.js';
import { LDIRECTORD_DEFAULT_CONFIG, parseLdirectordConfig } from '../kernel/keepalived/ldirectord.js';
import { bootTimeMs, KernelLogReader } from '../kernel/kmsg.js';
import { interfaceMacs } from '../kernel/net/interfaces.js';
import { type RefusalCount, readRefusals } from '../kernel/net/refusals.js';
import { readLocalAddresses, readRoutes } from '../kernel/net/routes.js';
import { readConnTable } from '../kernel/proc/connTable.js';
import { processStartMs } from '../kernel/proc/processStart.js';
import type { ConnTableSummary } from '../kernel/proc/types.js';
import { readSnapshot } from '../kernel/sources.js';
import { readSysctlConfig, readSysctls } from '../kernel/sysctl.js';
import { arpTargets } from './arpRules.js';
import { DOCTOR_SYSCTLS } from './sysctlRules.js';
import type { DoctorInput, HaDaemonName, TimedLogRecord } from './types.js';

/** With no count from before, how long the one-shot doctor watches refusals when the table is empty. */
const REFUSED_SAMPLE_MS = 1000;

/** A configuration file is read only up to this (keepalived's and ldirectord's are a few KiB). */
const MAX_CONFIG_BYTES = 1 << 20;

/**
 * Where keepalived, heartbeat and ldirectord read their configuration unless told otherwise, and
 * whether the text configures anything: Debian's ldirectord ships an ldirectord.cf of comments
 * only (heartbeat's package ships no ha.cf: its example is under /usr/share/doc).
 */
const HA_CONFIGS: readonly { daemon: HaDaemonName; path: string; configures: (text: string) => boolean }[] = [
  {
    daemon: 'keepalived',
    path: '/etc/keepalived/keepalived.conf',
    configures: (text) => /^\s*[^\s#!]/m.test(text),
  },
  {
    daemon: 'heartbeat',
    path: '/etc/ha.d/ha.cf',
    configures: (text) => /^\s*[^\s#]/m.test(text),
  },
  {
    daemon: 'ldirectord',
    path: LDIRECTORD_DEFAULT_CONFIG,
    configures: (text) => parseLdirectordConfig(text).length > 0,
  },
];

/** The HA daemons configured here (under `root`): a regular configuration file that says something. */
export function haConfigs(root = ''): { daemon: HaDaemonName; path: string }[] {
  return HA_CONFIGS.filter((c) => {
    try {
      const st = statSync(root + c.path);
      // Not a regular file (a FIFO would block the read): nothing a daemon reads as its configuration.
      if (!st.isFile()) return false;
      return st.size > MAX_CONFIG_BYTES || c.configures(readFileSync(root + c.path, 'utf8'));
    } catch {
      return false; // absent, or not ours to read
    }
  }).map(({ daemon, path }) => ({ daemon, path }));
}

/**
 * When the running ldirectord started and when its configuration was last modified, both as the
 * process sees them (its file through /proc/PID/root); undefined while it does not run here.
 */
export async function ldirectordTimes(ha: HaReading | undefined): Promise<DoctorInput['ldirectordTimes']> {
  const ld = ha?.ldirectord;
  if (!ld || ld.pid === null) return undefined;
  const [startedAt, file] = await Promise.all([processStartMs(ld.pid), stat(`/proc/${ld.pid}/root${ld.config}`)]);
  return { config: ld.config, startedAt, configModifiedAt: file.mtimeMs };
}

/** The virtual addresses of the connection table's entries (not a fwmark template's mark). */
function virtualAddresses(summary: ConnTableSummary): string[] {
  const vips = new Set<string>();
  for (const g of summary.groups.values()) if (g.protocol !== 'IP') vips.add(g.virtualAddress);
  return [...vips].sort();
}

/** IPVS records kept between reads (the monitor's reader sees each record once). */
const MAX_LOG_RECORDS = 2000;

/** Reads a part; on failure records why and gives undefined. */
async function part<T>(name: string, unreadable: string[], read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (e) {
    unreadable.push(`${name}: ${errorLine(e)}`);
    return undefined;
  }
}

/**
 * Gathers the doctor's input again and again (the monitor) or once (the command). Keeps
 * /dev/kmsg open, so each gathering reads only the kernel's new records. Reads no IPVS table:
 * the command reads it once (readTableOnce), the monitor hands over its poller's last reading.
 */
export class DoctorGatherer {
  private readonly log = new KernelLogReader();
  private records: TimedLogRecord[] = [];
  private bootMs: number | undefined;
  private lastRefused: RefusalCount | undefined;

  /**
   * `services`: the table with its real servers. `conns`: the monitor's last read of the
   * connection table, used instead of reading it again (a big table costs seconds; two reads at
   * once each take longer); null while it has none yet (then not read yet, not a finding).
   * `notReadYet`: other parts the caller has not read yet; `servicesNotRead`: services of the
   * table left out of `services`, their real servers not read yet. `ha`: the HA daemon as last read
   * (undefined: not read yet); `haSeen`: the daemon seen running before (the monitor's memory).
   */
  async gather(
    services: ServiceWithDests[],
    o: {
      conns?: ConnTableSummary | null;
      notReadYet?: string[];
      servicesNotRead?: number;
      ha?: HaReading;
      haSeen?: HaDaemonName;
    } = {},
  ): Promise<DoctorInput> {
    const unreadable: string[] = [];
    const notReadYet = [...(o.notReadYet ?? [])];
    if (o.conns === null) notReadYet.push('connection table');
    const summary =
      o.conns === null ? undefined : (o.conns ?? (await part('connection table', unreadable, () => readConnTable())));
    const empty = services.length === 0 && !o.servicesNotRead;
    const refused = await part('refused connections', unreadable, () => this.refusedRate(empty));
    const ha = o.ha && haStatus(o.ha, services, []);
    return {
      servicesNotRead: o.servicesNotRead,
      ha,
      haBackup: ha && isBackupDirector(ha),
      haDaemon: o.ha && { running: o.ha.daemon, seen: o.haSeen, configs: haConfigs() },
      ldirectordTimes: await part('ldirectord', unreadable, () => ldirectordTimes(o.ha)),
      refused,
      connVirtualAddresses: summary && virtualAddresses(summary),
      now: Date.now(),
      kernelRelease: release(),
      sysctl: await readSysctls(DOCTOR_SYSCTLS),
      sysctlFiles: await readSysctlConfig(),
      services,
      conns: summary && attributeConnections(services, summary),
      addresses: await part('addresses', unreadable, () => readLocalAddresses()),
      routes: await part('routes', unreadable, () => readRoutes()),
      kernelLog: await part('kernel log', unreadable, () => this.readLog()),
      unreadable,
      notReadYet,
    };
  }

  /**
   * Turned-away connection attempts a second since the last gathering (the monitor's, 10 s ago);
   * with none before and an empty table, over a sample of REFUSED_SAMPLE_MS taken now.
   */
  private async refusedRate(emptyTable: boolean): Promise<DoctorInput['refused']> {
    let before = this.lastRefused;
    let now = await readRefusals();
    if (!before && emptyTable) {
      before = now;
      await new Promise((r) => setTimeout(r, REFUSED_SAMPLE_MS));
      now = await readRefusals();
    }
    this.lastRefused = now;
    if (!before || now.at <= before.at) return undefined;
    const overSec = (now.at - before.at) / 1000;
    return { perSec: Math.max(0, now.refused - before.refused) / overSec, overSec };
  }

  async close(): Promise<void> {
    await this.log.close();
  }

  private async readLog(): Promise<TimedLogRecord[]> {
    const fresh = (await this.log.read()).filter((r) => r.message.startsWith('IPVS: '));
    this.bootMs ??= await bootTimeMs();
    const boot = this.bootMs;
    this.records = [...this.records, ...fresh.map((r) => ({ ...r, at: boot + r.usec / 1000 }))].slice(-MAX_LOG_RECORDS);
    return this.records;
  }
}

/** `ipvstop doctor`: the whole table, every real server of every service, read once. */
export async function readTableOnce(ipvs: IpvsClient): Promise<ServiceWithDests[]> {
  return (await readSnapshot(ipvs)).services;
}

/** `--arp`: asks who answers ARP for each VIP held here (packets on the wire; each probe is logged). */
export async function withArpProbes(input: DoctorInput): Promise<DoctorInput> {
  const { targets, skipped } = arpTargets(input);
  return {
    ...input,
    arp: await probeVips(targets),
    ownMacs: interfaceMacs(),
    unreadable: [...input.unreadable, ...skipped],
  };
}
