/**
 * The state word of a real server, as an operator draining it thinks of it: `active` (taking new
 * connections), `draining` (weight 0, connections or persistence templates left), `drained`
 * (weight 0, nothing left: safe to stop), `overloaded` (the kernel sends it nothing new until it
 * falls below its lower threshold).
 */
import type { Destination } from '../kernel/ipvs/types.js';

export type DrainState = 'active' | 'draining' | 'drained' | 'overloaded';

/** Connections and persistence templates (PERSIST_CONNS counts the templates pinning clients to it). */
export const entriesLeft = (d: Destination): number => d.activeConns + d.inactiveConns + d.persistentConns;

/**
 * The kernel's overload flag is not sent over netlink: it is set when the upper threshold is
 * non-zero and active + inactive reach it, and cleared when they fall below the lower threshold
 * (below 3/4 of the upper one when the lower is 0). `wasOverloaded`: the flag as derived last time.
 */
export function isOverloaded(d: Destination, wasOverloaded: boolean): boolean {
  if (d.upperThreshold === 0) return false;
  const conns = d.activeConns + d.inactiveConns;
  if (conns >= d.upperThreshold) return true;
  const lower = d.lowerThreshold !== 0 ? d.lowerThreshold : (d.upperThreshold * 3) / 4;
  return wasOverloaded && conns >= lower;
}

export function drainState(d: Destination, wasOverloaded = false): DrainState {
  if (d.weight === 0) return entriesLeft(d) === 0 ? 'drained' : 'draining';
  return isOverloaded(d, wasOverloaded) ? 'overloaded' : 'active';
}
