/**
 * One look at the HA side of this director: which daemon runs in our network namespace, what
 * it says (keepalived's dumps, heartbeat's configuration and cl_status, ldirectord's
 * configuration), the addresses on our interfaces, and how many connection entries came by
 * sync. Failures are kept as text, never thrown: the monitor shows them and `list --json`
 * writes them.
 */
import { networkInterfaces } from 'node:os';
import { readConfigText } from '../heartbeat/configText.js';
import { type HeartbeatReading, readHeartbeat } from '../heartbeat/reader.js';
import { readSyncOrigins } from '../proc/syncOrigin.js';
import {
  type LdirectordService,
  ldirectordConfigFile,
  ldirectordConfigPath,
  parseLdirectordFile,
} from './ldirectord.js';
import { findHaProcess, findHaProcesses, type HaProcess, mainHaProcess } from './processes.js';
import { type KeepalivedDump, readKeepalived } from './reader.js';

/** ldirectord's configuration as read, and whether (which pid) it runs in our namespace. */
export interface LdirectordReading {
  config: string;
  pid: number | null;
  services: LdirectordService[];
  autoreload: boolean;
}

export interface HaReading {
  takenAt: number;
  daemon: 'keepalived' | 'heartbeat' | 'ldirectord' | null;
  pid: number | null;
  keepalived?: KeepalivedDump;
  heartbeat?: HeartbeatReading;
  ldirectord?: LdirectordReading;
  /** Addresses on this namespace's interfaces right now. */
  addresses: string[];
  syncedEntries: number | null;
  localEntries: number | null;
  error: string | null;
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** The addresses on this namespace's interfaces (getifaddrs: cheap enough to ask twice a second). */
export function localAddresses(): string[] {
  return Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((a) => a.address));
}

type DaemonPart = Pick<HaReading, 'daemon' | 'pid' | 'keepalived' | 'heartbeat' | 'ldirectord'>;

/** ldirectord's configuration, read as the process sees it (through `root`). */
async function ldirectordPart(config: string, pid: number | null, root: string): Promise<LdirectordReading> {
  const { services, autoreload } = parseLdirectordFile(await readConfigText(`${root}${config}`));
  return { config, pid, services, autoreload };
}

/**
 * heartbeat, and ldirectord beside it: the one running in our namespace, else the one its
 * resource groups would start (its services shown, its checks unknown while it does not run).
 */
async function heartbeatPart(hb: HaProcess, ld: HaProcess | undefined, errors: string[]): Promise<DaemonPart> {
  const root = `/proc/${hb.pid}/root`;
  const heartbeat = await readHeartbeat({ root });
  errors.push(...heartbeat.errors);
  const configured = heartbeat.groups.flatMap((g) => g.ldirectordConfigs)[0];
  const config = ld ? ldirectordConfigPath(ld.args) : configured && ldirectordConfigFile(configured);
  let ldirectord: LdirectordReading | undefined;
  try {
    if (config) ldirectord = await ldirectordPart(config, ld?.pid ?? null, ld ? `/proc/${ld.pid}/root` : root);
  } catch (e) {
    errors.push(message(e));
  }
  return { daemon: 'heartbeat', pid: hb.pid, heartbeat, ldirectord };
}

async function daemonPart(errors: string[]): Promise<DaemonPart> {
  const all = findHaProcesses();
  const found = mainHaProcess(all);
  if (!found) return { daemon: null, pid: null };
  if (found.daemon === 'keepalived') {
    return { daemon: 'keepalived', pid: found.pid, keepalived: await readKeepalived(found.pid) };
  }
  const ld = all.find((p) => p.daemon === 'ldirectord');
  if (found.daemon === 'heartbeat') return heartbeatPart(found, ld, errors);
  const ldirectord = await ldirectordPart(ldirectordConfigPath(found.args), found.pid, `/proc/${found.pid}/root`);
  return { daemon: 'ldirectord', pid: found.pid, ldirectord };
}

/** `withSync`: also count synced entries (as costly as reading the connection table). */
export async function readHa(withSync: boolean): Promise<HaReading> {
  const takenAt = Date.now();
  const errors: string[] = [];
  let daemon: DaemonPart = { daemon: null, pid: null };
  try {
    daemon = await daemonPart(errors);
  } catch (e) {
    const found = findHaProcess();
    daemon = { daemon: found?.daemon ?? null, pid: found?.pid ?? null };
    errors.push(message(e));
  }
  let origins: { synced: number; local: number } | undefined;
  try {
    if (withSync) origins = await readSyncOrigins();
  } catch (e) {
    errors.push(message(e));
  }
  return {
    takenAt,
    ...daemon,
    addresses: localAddresses(),
    syncedEntries: origins?.synced ?? null,
    localEntries: origins?.local ?? null,
    error: errors.length ? errors.join('; ') : null,
  };
}
