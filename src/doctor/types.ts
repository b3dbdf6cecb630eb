/**
 * The doctor's vocabulary: what it looks at (one typed input, gathered apart)
 * and what it finds. Rules are pure functions from the one to the other.
 */

import type { Attribution } from '../ipvs/attribution.js';
import type { HaStatus } from '../ipvs/ha.js';
import type { ArpProbeResult } from '../kernel/arp/probe.js';
import type { ServiceWithDests } from '../kernel/ipvs/types.js';
import type { KernelLogRecord } from '../kernel/kmsg.js';
import type { LocalAddress, Route } from '../kernel/net/routes.js';
import type { SysctlFileLine } from '../kernel/sysctl.js';

export type Severity = 'info' | 'warning' | 'critical';

export interface Finding {
  /** Stable, for scripts that silence one rule: `sysctl.expire-nodest-conn`. */
  ruleId: string;
  severity: Severity;
  /** The service, real server or setting it is about: `TCP 192.0.2.1:80 -> 198.51.100.11:80`. */
  where: string;
  /** What was seen, short: `weight 0, no connections left`. */
  what: string;
  /** Why it matters, one sentence. */
  why: string;
  /** The fix, as a command or a setting. */
  remedy: string;
}

/** A kernel log record with its wall-clock time. */
export interface TimedLogRecord extends KernelLogRecord {
  /** Milliseconds since the epoch. */
  at: number;
}

/** Everything the rules look at; a part that could not be read is undefined (and its rules say so). */
export interface DoctorInput {
  /** Date.now() when gathered. */
  now: number;
  /** `uname -r`. */
  kernelRelease: string;
  /** Dotted sysctl names to integers; a setting this kernel lacks is absent. */
  sysctl: Record<string, number>;
  /** Setting lines of /etc/sysctl.conf and /etc/sysctl.d/*.conf. */
  sysctlFiles: SysctlFileLine[];
  services: ServiceWithDests[];
  /** Connection-table counts by service and real server. */
  conns?: Attribution;
  addresses?: LocalAddress[];
  routes?: Route[];
  /** IPVS records of the kernel log; undefined when /dev/kmsg could not be read. */
  kernelLog?: TimedLogRecord[];
  /** The HA daemon says this director is the backup (its VIPs are expected elsewhere). */
  haBackup?: boolean;
  /** The HA daemon's reading (for its own rules: a dead peer, a daemon configured and stopped). */
  ha?: HaStatus;
  /** With --arp: who answered ARP for each VIP, and this host's own MACs. */
  arp?: ArpProbeResult[];
  ownMacs?: string[];
  /** Parts that could not be read, and why: `connection table: EACCES ...`. */
  unreadable: string[];
}

export type Rule = (input: DoctorInput) => Finding[];
