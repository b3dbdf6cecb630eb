/** Folds HA readings into the state and logs what changed, in HA terms and in the kernel table. */
import { haStatus } from '../ipvs/ha.js';
import type { ServiceWithDests } from '../kernel/ipvs/types.js';
import type { HaReading } from '../kernel/keepalived/haReading.js';
import { appendEvents, haEventsBetween, tableEventsBetween } from './haEvents.js';
import { without } from './snapshot.js';
import type { MonitorState } from './types.js';

/** The kernel table as far as it was read (real servers of services not read yet are left out). */
function tableOf(state: MonitorState): ServiceWithDests[] {
  return state.services.map((e) => ({ service: e.service, dests: (e.dests ?? []).map((d) => d.dest) }));
}

export function applyHa(state: MonitorState, reading: HaReading): MonitorState {
  const ha = haStatus(reading, tableOf(state), [...(state.meta?.daemons ?? [])]);
  const errors = ha.error ? { ...state.errors, ha: ha.error } : without(state.errors, 'ha');
  return {
    ...state,
    ha,
    errors,
    haEvents: appendEvents(state.haEvents, haEventsBetween(state.ha, ha, reading.takenAt)),
  };
}

/** After a poll: the kernel's changes, once there was a table to compare with. */
export function withTableEvents(before: MonitorState, after: MonitorState, at: number): MonitorState {
  if (before.meta === undefined || after.meta === undefined) return after;
  const events = tableEventsBetween(before.services, after.services, at);
  return events.length ? { ...after, haEvents: appendEvents(after.haEvents, events) } : after;
}
