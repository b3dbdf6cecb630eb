/**
 * heartbeat's ha.cf: one directive a line, `name value...`. The ones ipvstop shows: `node NAME`
 * (one or more names; names are `uname -n`), and the timers `keepalive`, `deadtime`, `warntime`
 * and `initdead`, in seconds unless they end in `ms` (heartbeat's own units; `2s` is seconds).
 */
import { configLines, safeName } from './configText.js';

export interface HaCf {
  nodes: string[];
  /** Milliseconds; null when ha.cf does not set it (or sets it unreadably). */
  keepaliveMs: number | null;
  deadtimeMs: number | null;
  warntimeMs: number | null;
  initdeadMs: number | null;
  /** `auto_failback` as written (on, off, legacy), or null. */
  autoFailback: string | null;
}

/** heartbeat's time: `2`, `2s` seconds, `500ms` milliseconds; null when it is not one. */
export function heartbeatTime(value: string | undefined): number | null {
  const m = /^(\d{1,9})(ms|s)?$/.exec(value ?? '');
  if (!m) return null;
  return Number(m[1]) * (m[2] === 'ms' ? 1 : 1000);
}

/** What ha.cf says about the nodes and the timers; lines that are not such directives are skipped. */
export function parseHaCf(text: string): HaCf {
  const cf: HaCf = {
    nodes: [],
    keepaliveMs: null,
    deadtimeMs: null,
    warntimeMs: null,
    initdeadMs: null,
    autoFailback: null,
  };
  for (const line of configLines(text)) {
    const [key, ...values] = line.split(/\s+/);
    const value = values[0];
    if (key === 'node') cf.nodes.push(...values.map(safeName));
    else if (key === 'keepalive') cf.keepaliveMs = heartbeatTime(value);
    else if (key === 'deadtime') cf.deadtimeMs = heartbeatTime(value);
    else if (key === 'warntime') cf.warntimeMs = heartbeatTime(value);
    else if (key === 'initdead') cf.initdeadMs = heartbeatTime(value);
    else if (key === 'auto_failback' && value) cf.autoFailback = safeName(value);
  }
  return cf;
}
