/**
 * The HA event log: what changed between two looks, as dated one-line events. VRRP transitions
 * and checker verdicts come from keepalived's dumps; services and real servers appearing,
 * disappearing or changing weight come from the kernel table. Pure: the caller keeps the log.
 */
import type { HaStatus } from '../domain/ha.js';
import { serviceLabel } from '../domain/labels.js';
import { endpoint } from '../domain/names.js';
import type { HaEvent, ServiceEntry } from './types.js';

export type { HaEvent };

/** The log keeps this many events, newest last. */
export const HA_EVENTS_KEPT = 300;

/** The log with `events` in time order (a VRRP transition carries keepalived's time, which can be earlier). */
export function appendEvents(log: readonly HaEvent[] | undefined, events: HaEvent[]): readonly HaEvent[] {
  if (events.length === 0) return log ?? [];
  return [...(log ?? []), ...events].sort((x, y) => x.at - y.at).slice(-HA_EVENTS_KEPT);
}

/** VRRP transitions and checker verdicts between two readings of keepalived. */
export function haEventsBetween(prev: HaStatus | undefined, next: HaStatus, at: number): HaEvent[] {
  if (!prev) return [];
  const events: HaEvent[] = [];
  const before = new Map(prev.instances.map((i) => [i.name, i]));
  for (const i of next.instances) {
    const old = before.get(i.name);
    if (old && old.state !== i.state) {
      events.push({ at: i.lastTransition ?? at, text: `${i.name} ${old.state} -> ${i.state}` });
    }
  }
  const checked = new Map(prev.checks.map((c) => [`${c.service} ${c.server}`, c]));
  for (const c of next.checks) {
    const old = checked.get(`${c.service} ${c.server}`);
    if (old && old.up !== c.up) {
      events.push({ at, text: `checker: ${c.service} ${c.server} ${c.up ? 'UP' : 'DOWN'} (${c.checkers.join(',')})` });
    }
  }
  if (prev.daemon !== next.daemon) {
    events.push({ at, text: next.daemon ? `${next.daemon} found (pid ${next.pid})` : `${prev.daemon} gone` });
  }
  return events;
}

function weights(entries: readonly ServiceEntry[]): Map<string, Map<string, number> | undefined> {
  return new Map(
    entries.map((e) => [
      serviceLabel(e.service),
      e.dests && new Map(e.dests.map((d) => [endpoint(d.dest.af, d.dest.address, d.dest.port), d.dest.weight])),
    ]),
  );
}

function serverEvents(service: string, old: Map<string, number>, now: Map<string, number>, at: number): HaEvent[] {
  const events: HaEvent[] = [];
  for (const [server, w] of now) {
    const was = old.get(server);
    if (was === undefined) events.push({ at, text: `kernel: ${service} ${server} added, weight ${w}` });
    else if (was !== w) events.push({ at, text: `kernel: ${service} ${server} weight ${was} -> ${w}` });
  }
  for (const server of old.keys()) {
    if (!now.has(server)) events.push({ at, text: `kernel: ${service} ${server} removed` });
  }
  return events;
}

/** Services and real servers that appeared, went or changed weight (where both reads have them). */
export function tableEventsBetween(
  prev: readonly ServiceEntry[],
  next: readonly ServiceEntry[],
  at: number,
): HaEvent[] {
  const old = weights(prev);
  const now = weights(next);
  const events: HaEvent[] = [];
  for (const [service, dests] of now) {
    if (!old.has(service)) events.push({ at, text: `kernel: ${service} added` });
    const was = old.get(service);
    if (was && dests) events.push(...serverEvents(service, was, dests, at));
  }
  for (const service of old.keys()) if (!now.has(service)) events.push({ at, text: `kernel: ${service} removed` });
  return events;
}
