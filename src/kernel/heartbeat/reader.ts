/**
 * One look at heartbeat from its node: its configuration (ha.cf, haresources) as the daemon sees
 * it, through /proc/PID/root (a node with its own mount namespace has its own /etc/ha.d), and its
 * state from cl_status. Each part that cannot be read is an error line; the rest is still read.
 */
import { hostname } from 'node:os';
import type { ClStatusAnswer } from './clStatus.js';
import { readClStatus } from './clStatus.js';
import { readConfigText } from './configText.js';
import { type HaCf, parseHaCf } from './haCf.js';
import { parseHaresources, type ResourceGroup } from './haresources.js';

/** heartbeat's configuration directory (fixed when it is built: Debian's). */
export const HA_D = '/etc/ha.d';

export interface HeartbeatReading {
  /** This node's name as heartbeat knows it (`uname -n`). */
  localNode: string;
  cf: HaCf | null;
  groups: ResourceGroup[];
  status: ClStatusAnswer;
  errors: string[];
}

export interface HeartbeatSources {
  /** The root the daemon's files are read under: `/proc/PID/root`. */
  root: string;
  clStatusPath?: string;
  clStatusTimeoutMs?: number;
}

async function file<T>(path: string, parse: (text: string) => T, errors: string[]): Promise<T | undefined> {
  try {
    return parse(await readConfigText(path));
  } catch (e) {
    errors.push(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    return undefined;
  }
}

export async function readHeartbeat(from: HeartbeatSources): Promise<HeartbeatReading> {
  const errors: string[] = [];
  const [cf, groups, status] = await Promise.all([
    file(`${from.root}${HA_D}/ha.cf`, parseHaCf, errors),
    file(`${from.root}${HA_D}/haresources`, parseHaresources, errors),
    readClStatus(from.clStatusPath, from.clStatusTimeoutMs),
  ]);
  return {
    localNode: hostname(),
    cf: cf ?? null,
    groups: groups ?? [],
    status,
    errors: [...errors, ...status.errors],
  };
}
