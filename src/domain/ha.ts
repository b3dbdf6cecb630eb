/**
 * The HA side of a director in IPVS terms: keepalived's VRRP instances (or heartbeat's resource
 * groups, in the same words: see heartbeatHa.ts) with their VIPs checked against this host's
 * addresses, and the health checks (keepalived's, ldirectord's) set beside the kernel's weights.
 * One shape for every daemon: what reads it needs no daemon's code.
 */

import type { ServiceWithDests, SyncDaemon } from '../kernel/ipvs/types.js';
import type { HaReading, LdirectordReading } from '../kernel/keepalived/haReading.js';
import type { CheckedServer, VrrpInstance, VrrpState } from '../kernel/keepalived/types.js';
import {
  type HaCluster,
  heartbeatCluster,
  heartbeatInstances,
  type InstanceOwnership,
  ldirectordChecks,
} from './heartbeatHa.js';
import { serviceLabel } from './labels.js';
import { endpoint } from './names.js';

export type { HaCluster, VrrpState };

export interface HaInstance extends VrrpInstance, InstanceOwnership {
  vipPresence: { vip: string; present: boolean }[];
  /** Every VIP is on this host's interfaces (what a MASTER must have and a BACKUP must not). */
  vipsPresent: boolean;
  /** Who holds it while this director does not: keepalived names an address, heartbeat a node. */
  master: string | null;
  /** State changes counted by keepalived: became master plus released master. */
  transitions: number;
}

/**
 * - `edited`: the checker says up but the kernel has weight 0 (set by hand; keepalived puts its
 *   own weight back on its next change or reload);
 * - `checker`: the checker says down but the kernel still gives it weight;
 * - `missing`: the checker says up but the kernel table has no such server.
 */
export type CheckMismatch = 'edited' | 'checker' | 'missing';

export interface HaCheck extends CheckedServer {
  /** The weight in the kernel's table; null when the server is not there. */
  kernelWeight: number | null;
  mismatch: CheckMismatch | null;
}

export interface HaStatus {
  takenAt: number;
  daemon: 'keepalived' | 'heartbeat' | 'ldirectord' | null;
  pid: number | null;
  instances: HaInstance[];
  checks: HaCheck[];
  /** heartbeat's nodes and timers; null for keepalived. */
  cluster: HaCluster | null;
  ldirectord: LdirectordReading | null;
  syncDaemons: SyncDaemon[];
  syncedEntries: number | null;
  localEntries: number | null;
  error: string | null;
}

const bare = (vip: string): string => (vip.split('/')[0] ?? vip).toLowerCase();

const NOT_OWNED: InstanceOwnership = { daemonState: null, preferredNode: null, resources: [] };

function instanceView(
  i: VrrpInstance & Partial<InstanceOwnership> & { master?: string | null },
  addresses: Set<string>,
  masters: Map<string, string>,
): HaInstance {
  const vipPresence = i.vips.map((vip) => ({ vip, present: addresses.has(bare(vip)) }));
  return {
    ...NOT_OWNED,
    ...i,
    vipPresence,
    vipsPresent: vipPresence.length > 0 && vipPresence.every((v) => v.present),
    master: i.master ?? masters.get(i.name) ?? null,
    transitions: i.becameMaster + i.releasedMaster,
  };
}

/** Kernel weights by `service|server`, in the checker's words. */
function kernelWeights(services: ServiceWithDests[]): Map<string, number> {
  const weights = new Map<string, number>();
  for (const { service, dests } of services) {
    for (const d of dests) weights.set(`${serviceLabel(service)}|${endpoint(d.af, d.address, d.port)}`, d.weight);
  }
  return weights;
}

function mismatch(c: CheckedServer, kernelWeight: number | null): CheckMismatch | null {
  if (c.up && kernelWeight === null) return 'missing';
  if (c.up && kernelWeight === 0 && c.effectiveWeight > 0) return 'edited';
  if (!c.up && kernelWeight !== null && kernelWeight > 0) return 'checker';
  return null;
}

/** Whether a reading has checks, the only part of the HA status that takes the kernel table's weights. */
export function takesKernelWeights(reading: HaReading): boolean {
  return (reading.keepalived?.checks.length ?? 0) > 0 || reading.ldirectord !== undefined;
}

export function haStatus(reading: HaReading, services: ServiceWithDests[], syncDaemons: SyncDaemon[]): HaStatus {
  const addresses = new Set(reading.addresses.map((a) => a.toLowerCase()));
  const dump = reading.keepalived;
  const hb = reading.heartbeat;
  const instances = hb ? heartbeatInstances(hb) : (dump?.instances ?? []);
  // None (VRRP alone, no HA daemon) walks no table for weights.
  const weights = takesKernelWeights(reading) ? kernelWeights(services) : new Map<string, number>();
  const checked = dump?.checks ?? (reading.ldirectord ? ldirectordChecks(reading.ldirectord, weights) : []);
  return {
    takenAt: reading.takenAt,
    daemon: reading.daemon,
    pid: reading.pid,
    instances: instances.map((i) => instanceView(i, addresses, dump?.masters ?? new Map())),
    checks: checked.map((c) => {
      const kernelWeight = weights.get(`${c.service}|${c.server}`) ?? null;
      return { ...c, kernelWeight, mismatch: mismatch(c, kernelWeight) };
    }),
    cluster: hb ? heartbeatCluster(hb) : null,
    ldirectord: reading.ldirectord ?? null,
    syncDaemons,
    syncedEntries: reading.syncedEntries,
    localEntries: reading.localEntries,
    error: reading.error,
  };
}

/** What a mismatch means, in one line; `daemon` says who will act on it. */
export function mismatchMessage(m: CheckMismatch, daemon: HaStatus['daemon'] = 'keepalived'): string {
  switch (m) {
    case 'edited':
      return daemon === 'keepalived'
        ? 'checker says up but weight is 0: edited by hand? keepalived will put its weight back'
        : 'checker says up but weight is 0: edited by hand? ldirectord leaves it until the server fails and recovers';
    case 'checker':
      return 'checker says down but the server still has weight: a checker problem';
    case 'missing':
      return 'checker says up but the server is not in the kernel table';
  }
}

/** This director's VRRP role: FAULT if any instance is, else MASTER if any is, else BACKUP or INIT. */
export function haRole(status: HaStatus | undefined): VrrpState | undefined {
  const states = new Set(status?.instances.map((i) => i.state));
  if (states.size === 0) return undefined;
  for (const s of ['FAULT', 'MASTER', 'BACKUP'] as const) if (states.has(s)) return s;
  return 'INIT';
}

/** True when keepalived says this director is the backup (it should hold no VIP and get no traffic). */
export const isBackupDirector = (status: HaStatus | undefined): boolean => haRole(status) === 'BACKUP';

/** States in the badge's order: what needs a look first. */
const BADGE_ORDER: readonly VrrpState[] = ['FAULT', 'MASTER', 'BACKUP', 'INIT'];
/** A name longer than this is cut in the badge's shorter forms. */
const BADGE_NAME_MAX = 16;

const cutName = (name: string): string =>
  name.length > BADGE_NAME_MAX ? `${name.slice(0, BADGE_NAME_MAX - 1)}…` : name;

/**
 * The header's badge: each instance with its state, grouped by state (FAULT first, then MASTER,
 * BACKUP, INIT): `BACKUP VI_1`, `MASTER VI_1 VI_3, BACKUP VI_2`; '' without keepalived instances.
 * Longer than `width`, it shortens in steps, each group keeping its state: the first name of each
 * state and how many more (`MASTER VI_1 +2, BACKUP VI_2`), then counts (`2 MASTER, 1 BACKUP`),
 * then the director's role alone (`FAULT`, see haRole).
 */
export function haBadge(status: HaStatus | undefined, width = Number.POSITIVE_INFINITY): string {
  const role = haRole(status);
  if (!role || !status) return '';
  // heartbeat's groups are named by their resources, too long for a badge: the daemon's name stands for them.
  if (status.daemon === 'heartbeat') return `${role} heartbeat`;
  const groups = BADGE_ORDER.map((state) => ({
    state,
    names: status.instances.filter((i) => i.state === state).map((i) => i.name),
  })).filter((g) => g.names.length > 0);
  const forms = [
    groups.map((g) => `${g.state} ${g.names.join(' ')}`),
    groups.map((g) => `${g.state} ${cutName(g.names[0]!)}${g.names.length > 1 ? ` +${g.names.length - 1}` : ''}`),
    status.instances.length > 1 ? groups.map((g) => `${g.names.length} ${g.state}`) : [],
  ].map((parts) => parts.join(', '));
  return forms.find((f) => f !== '' && [...f].length <= width) ?? role;
}
