/** Building states for reducer tests: polls of given services, events in a row. */

import type { Destination, Service } from '../../src/kernel/ipvs/types.js';
import { serviceKey } from '../../src/state/identity.js';
import { initialState, type MonitorEvent, reducer } from '../../src/state/model.js';
import type { MonitorConfig, MonitorState } from '../../src/state/types.js';
import { dest, table } from '../ui/fakes.js';

export const start = (config: Partial<MonitorConfig> = {}): MonitorState =>
  initialState({ intervalMs: 1000, exact: false, ...config });

export const run = (s: MonitorState, ...events: MonitorEvent[]): MonitorState => events.reduce(reducer, s);

/** Real servers of a service in polls built here: two, unless given. */
export type DestsOf = (s: Service) => Destination[] | undefined;
export const twoDests: DestsOf = () => [dest('198.51.100.11'), dest('198.51.100.12')];
export const noDests: DestsOf = () => undefined;

/**
 * A poll at `at` of these services, with their real servers read (undefined: not read). Unless
 * `extra` says otherwise, no read was skipped since the last poll (it was the read before).
 */
export function poll(
  state: MonitorState,
  at: number,
  services: Service[],
  destsOf: DestsOf = twoDests,
  extra: Partial<Extract<MonitorEvent, { type: 'poll' }>> = {},
): MonitorState {
  const prevAt = state.lastPollAt ?? -Infinity;
  const dests = services.flatMap((s) => {
    const d = destsOf(s);
    return d ? [{ key: serviceKey(s), dests: d, at, prevAt }] : [];
  });
  return reducer(state, { type: 'poll', at, prevAt, skipped: 0, table: table(services), dests, ...extra });
}
