/**
 * The HA daemon's changes between two looks, as dated one-line events: VRRP transitions and
 * checker verdicts from keepalived's dumps, the daemon coming or going. Pure: the monitor keeps
 * them in its one event log (eventLog.ts), beside the kernel table's (events.ts).
 */
import type { HaStatus } from '../domain/ha.js';
import type { LoggedEvent } from './types.js';

/** One HA change: `what` names the VRRP instance, the checked server or the daemon. */
export interface HaChange {
  at: number;
  kind: 'vrrp' | 'checker' | 'ha-daemon';
  what: string;
  old: string | null;
  new: string | null;
  text: string;
}

/** VRRP transitions, checker verdicts and the HA daemon coming or going between two readings. */
export function haChangesBetween(prev: HaStatus | undefined, next: HaStatus, at: number): HaChange[] {
  if (!prev) return [];
  const changes: HaChange[] = [];
  const before = new Map(prev.instances.map((i) => [i.name, i]));
  for (const i of next.instances) {
    const old = before.get(i.name);
    if (old && old.state !== i.state) {
      const text = `${i.name} ${old.state} -> ${i.state}`;
      changes.push({ at: i.lastTransition ?? at, kind: 'vrrp', what: i.name, old: old.state, new: i.state, text });
    }
  }
  const checked = new Map(prev.checks.map((c) => [`${c.service} ${c.server}`, c]));
  for (const c of next.checks) {
    const what = `${c.service} ${c.server}`;
    const old = checked.get(what);
    if (old && old.up !== c.up) {
      const [was, now] = [old.up ? 'UP' : 'DOWN', c.up ? 'UP' : 'DOWN'];
      const text = `checker: ${what} ${now} (${c.checkers.join(',')})`;
      changes.push({ at, kind: 'checker', what, old: was, new: now, text });
    }
  }
  if (prev.daemon !== next.daemon) {
    const text = next.daemon ? `${next.daemon} found (pid ${next.pid})` : `${prev.daemon} gone`;
    changes.push({
      at,
      kind: 'ha-daemon',
      what: next.daemon ?? prev.daemon ?? '',
      old: prev.daemon,
      new: next.daemon,
      text,
    });
  }
  return changes;
}

/** VRRP transitions and checker verdicts between two readings of keepalived. */
export function haEventsBetween(prev: HaStatus | undefined, next: HaStatus, at: number): LoggedEvent[] {
  return haChangesBetween(prev, next, at).map((c) => ({ at: c.at, from: 'ha', text: c.text }));
}
