/**
 * Every action ipvstop takes on the kernel goes through one KernelActions
 * object, so that confirmation, --read-only refusal, syslog and reporting
 * live in one place (src/actions/) and the UI only asks.
 */

import type { ArpProbeResult } from '../kernel/arp/probe.js';
import type { AddressFamily, Destination, ServiceId, Timeouts } from '../kernel/ipvs/types.js';
import type { LocalAddress } from '../kernel/net/routes.js';
import type { ArpProbeTarget } from './arpProbe.js';
import type { Warning } from './healthCheckers.js';

/** What identifies a real server within its service. */
export interface ServerId {
  af: AddressFamily;
  address: string;
  port: number;
}

export type Action =
  | { kind: 'zeroService'; service: ServiceId }
  | { kind: 'zeroAll' }
  | { kind: 'clearTable' }
  /** `was`: the values before, so the confirmation can show old -> new (0 in `timeouts` keeps one). */
  | { kind: 'setTimeouts'; timeouts: Timeouts; was?: Timeouts }
  | { kind: 'flushNeighbours'; iface: string }
  | { kind: 'gratuitousArp'; address: string; iface: string }
  | SetWeight
  /** The Doctor pane's ARP check: who answers ARP for each VIP (packets on the wire, one arping per VIP). */
  | { kind: 'arpProbe'; targets: readonly ArpProbeTarget[] }
  /** Several weight changes confirmed together (`D`: one address in every service), run in order. */
  | { kind: 'setWeights'; steps: readonly SetWeight[] };

/**
 * A real server's new weight, every other setting kept as the kernel has it when the action
 * runs. `dest`: the server as seen when asked, for the confirmation's command. Going to 0
 * saves the weight it had (drain); going above 0 forgets the saved one (undrain).
 */
export interface SetWeight {
  kind: 'setWeight';
  service: ServiceId;
  dest: Destination;
  weight: number;
}

/** A real server in its service. */
export interface ServiceServer {
  service: ServiceId;
  dest: Destination;
}

/** What a weight change did: the server as it was before, the weight after, the command sent. */
export interface WeightChange {
  service: ServiceId;
  before: Destination;
  weight: number;
  command: string;
  /** What went wrong beside the change, e.g. an unreadable saved-weights file moved aside. */
  note?: string;
}

/** Outcome of an action, for the status line. */
export interface ActionOutcome {
  ok: boolean;
  /** One line: what was done, or the kernel's error. */
  message: string;
  /** For setWeight: what was changed. */
  weightChange?: WeightChange;
  /** For arpProbe: what each VIP's arping saw, this host's own MACs, and when (ms since the epoch). */
  arpCheck?: ArpCheck;
}

/** An ARP check's results, kept for the Doctor pane until the next check. */
export interface ArpCheck {
  results: readonly ArpProbeResult[];
  ownMacs: readonly string[];
  at: number;
}

export interface KernelActions {
  /** Why actions are refused (read-only, no CAP_NET_ADMIN), or undefined when allowed. */
  readonly refusal: string | undefined;
  /**
   * Logs, with who tried, that `what` (e.g. a monitor key, `monitor: zeroService`) was refused
   * before any action was built; nothing when acting is allowed.
   */
  refused?(what: string): void;
  /** Runs the action; never throws: errors come back as { ok: false }. */
  run(action: Action): Promise<ActionOutcome>;
  /** Health checkers that may undo a weight change by hand, and the safe way for each. */
  weightWarnings(): Warning[];
  /** Every real server at this address, in every service, as the kernel has them now. */
  serversAt(af: AddressFamily, address: string): Promise<ServiceServer[]>;
  /** The weight a drain saved for this real server, undefined when none was saved. */
  savedWeight(service: ServiceId, server: ServerId): Promise<number | undefined>;
  /** Names of the network interfaces, for validating dialog input. */
  interfaces(): Promise<string[]>;
  /** This host's addresses and their interfaces, for the ARP check's targets. */
  localAddresses(): Promise<LocalAddress[]>;
  /** The interface that holds (or routes to) an address, for `g` and `f`. */
  interfaceFor(address: string): Promise<string | undefined>;
}
