/**
 * One look at the HA side of this director: which daemon runs in our network namespace, what
 * it says (keepalived's dumps, ldirectord's configuration), the addresses on our interfaces,
 * and how many connection entries came by sync. Failures are kept as text, never thrown: the
 * monitor shows them and `list --json` writes them.
 */
import { readFile } from 'node:fs/promises';
import { networkInterfaces } from 'node:os';
import { readSyncOrigins } from '../proc/syncOrigin.js';
import { type LdirectordService, ldirectordConfigPath, parseLdirectordConfig } from './ldirectord.js';
import { findHaProcess } from './processes.js';
import { type KeepalivedDump, readKeepalived } from './reader.js';

export interface HaReading {
  takenAt: number;
  daemon: 'keepalived' | 'ldirectord' | null;
  pid: number | null;
  keepalived?: KeepalivedDump;
  ldirectord?: { config: string; services: LdirectordService[] };
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

async function daemonPart(): Promise<Pick<HaReading, 'daemon' | 'pid' | 'keepalived' | 'ldirectord'>> {
  const found = findHaProcess();
  if (!found) return { daemon: null, pid: null };
  if (found.daemon === 'keepalived') {
    return { daemon: 'keepalived', pid: found.pid, keepalived: await readKeepalived(found.pid) };
  }
  const config = ldirectordConfigPath(found.args);
  const text = await readFile(`/proc/${found.pid}/root${config}`, 'utf8');
  return { daemon: 'ldirectord', pid: found.pid, ldirectord: { config, services: parseLdirectordConfig(text) } };
}

/** `withSync`: also count synced entries (as costly as reading the connection table). */
export async function readHa(withSync: boolean): Promise<HaReading> {
  const takenAt = Date.now();
  const errors: string[] = [];
  let daemon: Awaited<ReturnType<typeof daemonPart>> = { daemon: null, pid: null };
  try {
    daemon = await daemonPart();
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
