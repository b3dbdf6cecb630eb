/**
 * Every action ipvstop takes on the kernel goes through one KernelActions
 * object, so that confirmation, --read-only refusal, syslog and reporting
 * live in one place (src/actions/) and the UI only asks.
 */
import type { ServiceId, Timeouts } from '../kernel/ipvs/types.js';

export type Action =
  | { kind: 'zeroService'; service: ServiceId }
  | { kind: 'zeroAll' }
  | { kind: 'clearTable' }
  /** `was`: the values before, so the confirmation can show old -> new (0 in `timeouts` keeps one). */
  | { kind: 'setTimeouts'; timeouts: Timeouts; was?: Timeouts }
  | { kind: 'flushNeighbours'; iface: string }
  | { kind: 'gratuitousArp'; address: string; iface: string };

/** Outcome of an action, for the status line. */
export interface ActionOutcome {
  ok: boolean;
  /** One line: what was done, or the kernel's error. */
  message: string;
}

export interface KernelActions {
  /** Why actions are refused (read-only, no CAP_NET_ADMIN), or undefined when allowed. */
  readonly refusal: string | undefined;
  /** Runs the action; never throws: errors come back as { ok: false }. */
  run(action: Action): Promise<ActionOutcome>;
  /** Names of the network interfaces, for validating dialog input. */
  interfaces(): Promise<string[]>;
  /** The interface that holds (or routes to) an address, for `g` and `f`. */
  interfaceFor(address: string): Promise<string | undefined>;
}
