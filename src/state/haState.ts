/** Folds HA readings into the state and logs what changed, in HA terms and in the kernel table. */
import { haStatus, takesKernelWeights } from '../domain/ha.js';
import type { ServiceWithDests } from '../kernel/ipvs/types.js';
import type { HaReading } from '../kernel/keepalived/haReading.js';
import { withEvents } from './eventLog.js';
import { tableEventsBetween } from './events.js';
import { haEventsBetween } from './haEvents.js';
import { without } from './snapshot.js';
import type { MonitorState } from './types.js';

/** The kernel table as far as it was read (real servers of services not read yet are left out). */
function tableOf(state: MonitorState): ServiceWithDests[] {
  return state.services.map((e) => ({ service: e.service, dests: (e.dests ?? []).map((d) => d.dest) }));
}

const statusOf = (state: MonitorState, reading: HaReading) =>
  haStatus(reading, tableOf(state), [...(state.meta?.daemons ?? [])]);

export function applyHa(state: MonitorState, reading: HaReading): MonitorState {
  const ha = statusOf(state, reading);
  const errors = ha.error ? { ...state.errors, ha: ha.error } : without(state.errors, 'ha');
  const haSeen = reading.daemon ?? state.haSeen;
  return withEvents(
    { ...state, ha, haReading: reading, haSeen, errors },
    haEventsBetween(state.ha, ha, reading.takenAt),
  );
}

/**
 * Whether a poll can change the HA status: only its checks take the kernel's weights, and it
 * shows the sync daemons. Without checks (no HA daemon, or VRRP alone) and with the same sync
 * daemons, the status stays as it is, and 10,000 services are not walked again for it.
 */
function joinsTable(before: MonitorState, after: MonitorState, reading: HaReading): boolean {
  return takesKernelWeights(reading) || JSON.stringify(before.meta?.daemons) !== JSON.stringify(after.meta?.daemons);
}

/**
 * After a poll: the kernel's changes, once there was a table to compare with, and the checks
 * set beside the new weights (keepalived's dump can be newer than the last table read).
 */
export function withTableEvents(before: MonitorState, after: MonitorState, at: number): MonitorState {
  const reading = after.haReading;
  const rejoined = reading && joinsTable(before, after, reading) ? { ...after, ha: statusOf(after, reading) } : after;
  if (before.meta === undefined || after.meta === undefined) return rejoined;
  return withEvents(rejoined, tableEventsBetween(before.services, after.services, at));
}
