/**
 * `replay --at TIME` (and --since, --until): a moment as ms since the epoch. `-10m` and `10m ago` (units s, m, h, d,
 * combined as 1h30m) count back from now; `HH:MM[:SS]` is that time today, local time, or
 * yesterday when today's is still to come; ISO 8601 as Date.parse reads it (a date and time
 * without a zone is local time); `@EPOCH` is seconds since the epoch, fractions allowed.
 */

import { UsageError } from './errors.js';
import { durationMs } from './historyArgs.js';

const DAY_MS = 86_400_000;

/** `option` names the option in the error line. */
export function parseAt(text: string, now: number, option = '--at'): number {
  const t = text.trim();
  const back = /^-(.+)$/.exec(t)?.[1] ?? /^(.+?)\s+ago$/i.exec(t)?.[1];
  if (back !== undefined) {
    const ms = durationMs(back);
    if (ms !== undefined) return now - ms;
  }
  const clock = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(t);
  if (clock) {
    const [h, m, s] = [Number(clock[1]), Number(clock[2]), Number(clock[3] ?? 0)];
    if (h > 23 || m > 59 || s > 59) throw new UsageError(`${option} '${text}': no such time of day`);
    const d = new Date(now);
    d.setHours(h, m, s, 0);
    return d.getTime() > now ? d.getTime() - DAY_MS : d.getTime();
  }
  const epoch = /^@(\d{1,12}(?:\.\d{1,3})?)$/.exec(t);
  if (epoch) return Math.round(Number(epoch[1]) * 1000);
  if (/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?)?(Z|[+-]\d{2}:?\d{2})?$/i.test(t)) {
    const ms = Date.parse(t.replace(' ', 'T'));
    if (Number.isFinite(ms)) return ms;
  }
  throw new UsageError(
    `${option} '${text}': not a time; give -10m, '10m ago', HH:MM[:SS] (today), ISO 8601 (2026-12-04T03:12:07Z) or @EPOCH`,
  );
}
