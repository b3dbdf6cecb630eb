/**
 * The doctor's vocabulary: what it looks at (one typed input, gathered apart)
 * and what it finds. Rules are pure functions from the one to the other.
 */

import type { Attribution } from '../domain/attribution.js';
import type { HaStatus } from '../domain/ha.js';
import type { ArpProbeResult } from '../kernel/arp/probe.js';
import type { ServiceWithDests } from '../kernel/ipvs/types.js';
import type { HaReading } from '../kernel/keepalived/haReading.js';
import type { KernelLogRecord } from '../kernel/kmsg.js';
import type { LocalAddress, Route } from '../kernel/net/routes.js';
import type { ConnTableSummary } from '../kernel/proc/types.js';
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
  /** Services of the table left out of `services`: their real servers are not read yet (the monitor). */
  servicesNotRead?: number;
  /** Connection-table counts by service and real server. */
  conns?: Attribution;
  addresses?: LocalAddress[];
  routes?: Route[];
  /** IPVS records of the kernel log; undefined when /dev/kmsg could not be read. */
  kernelLog?: TimedLogRecord[];
  /** The HA daemon says this director is the backup (its VIPs are expected elsewhere). */
  haBackup?: boolean;
  /** The HA daemon: the one running here, the one seen running before (the monitor), configured ones. */
  haDaemon?: HaDaemonState;
  /** Connection attempts this host turned away a second (resets sent, UDP to no port), over `overSec`. */
  refused?: { perSec: number; overSec: number };
  /** Virtual addresses the connection table still has entries for (clients of a service, even one gone). */
  connVirtualAddresses?: string[];
  /** The HA daemon's reading (for its own rules: a dead peer; ldirectord's resource and servers). */
  ha?: HaStatus;
  /** The running ldirectord's start and its configuration file's mtime (ms since the epoch); undefined while none runs. */
  ldirectordTimes?: { config: string; startedAt: number; configModifiedAt: number };
  /** With --arp: who answered ARP for each VIP, and this host's own MACs. */
  arp?: ArpProbeResult[];
  ownMacs?: string[];
  /** Parts that could not be read, and why: `connection table: EACCES ...`. */
  unreadable: string[];
  /**
   * Parts the monitor has not read yet (its first connection-table read of a big table takes
   * seconds): said as such, never as a finding, and their rules wait.
   */
  notReadYet: string[];
}

/**
 * What the monitor's poller last read, handed to its doctor so that the doctor reads no IPVS
 * table of its own (at 10,000 services that was 10,001 dumps next to the poller's own).
 */
export interface DoctorView {
  /** The services of the poller's last table whose real servers it has read, with them. */
  services: ServiceWithDests[];
  /** Services of that table whose real servers are not read yet (a big table's come a slice per read). */
  unreadServices: number;
  /** The last connection-table read; undefined while there is none yet. */
  conns: ConnTableSummary | undefined;
  /** The HA daemon as the monitor last read it (its state); undefined until read. */
  ha?: HaReading;
  /** The HA daemon the monitor saw running at some time since it started. */
  haSeen?: HaDaemonName;
}

/** The monitor's doctor: findings, and the parts it could not look at yet. */
export interface DoctorResult {
  findings: Finding[];
  notReadYet: string[];
}

export type HaDaemonName = 'keepalived' | 'ldirectord' | 'heartbeat';

export interface HaDaemonState {
  running: HaDaemonName | null;
  /** The monitor saw it running earlier (undefined: not seen, or a one-shot check). */
  seen?: HaDaemonName;
  /** Configuration files of an HA daemon that exist here. */
  configs: { daemon: HaDaemonName; path: string }[];
}

export type Rule = (input: DoctorInput) => Finding[];
