/**
 * The kernel log's IPVS messages, counted by service. A scheduler that finds
 * no server logs (rate-limited) `IPVS: rr: TCP 192.0.2.1:80 - no destination available`;
 * for a fwmark service `FWM 7 0x00000007`, for IPv6 `[2001:db8::1]:80`.
 */
import { THRESHOLDS } from './thresholds.js';
import type { Rule, TimedLogRecord } from './types.js';
import { finding } from './where.js';

/** `TCP 192.0.2.1:80`, `FWM 7` and the message after ` - `, of a service message. */
const SERVICE_MESSAGE = /^IPVS: [\w-]+: (?:(TCP|UDP|SCTP) (\S+:\d+)|FWM (\d+) 0x[0-9A-Fa-f]+) - (.+)$/;

interface Tally {
  where: string;
  message: string;
  count: number;
  last: number;
}

/** The service (as the monitor names it) and the message of an IPVS record, or undefined for others. */
export function serviceMessage(message: string): { where: string; message: string } | undefined {
  const m = SERVICE_MESSAGE.exec(message);
  if (!m) return undefined;
  return { where: m[3] !== undefined ? `FWM ${m[3]}` : `${m[1]} ${m[2]}`, message: m[4]! };
}

/** Service messages and IPVS warnings and errors (level <= 4) that name no service, counted. */
function tally(records: TimedLogRecord[]): Tally[] {
  const byKey = new Map<string, Tally>();
  for (const r of records) {
    const m =
      serviceMessage(r.message) ??
      (r.level <= 4 && r.message.startsWith('IPVS: ') ? { where: 'IPVS', message: r.message.slice(6) } : undefined);
    if (!m) continue;
    const key = `${m.where}\n${m.message}`;
    const t = byKey.get(key);
    if (t) {
      t.count++;
      t.last = Math.max(t.last, r.at);
    } else byKey.set(key, { ...m, count: 1, last: r.at });
  }
  return [...byKey.values()];
}

const ago = (ms: number): string =>
  ms < 120_000
    ? `${Math.round(ms / 1000)} s ago`
    : ms < 7_200_000
      ? `${Math.round(ms / 60_000)} min ago`
      : `${Math.round(ms / 3_600_000)} h ago`;

const kernelLogIpvs: Rule = ({ kernelLog, now }) =>
  tally(kernelLog ?? []).map((t) =>
    finding('kernel-log.ipvs', now - t.last <= THRESHOLDS.kernelLogRecentMs ? 'warning' : 'info')(
      t.where,
      `kernel: "${t.message}" ${t.count} time(s), last ${ago(now - t.last)} (${new Date(t.last).toISOString()})`,
      t.message.includes('no destination')
        ? 'the scheduler found no usable real server and dropped the connection.'
        : 'IPVS reported a problem in the kernel log.',
      t.message.includes('no destination')
        ? 'check the service has real servers with weight that are not at their upper threshold'
        : 'read the full log: dmesg | grep IPVS',
    ),
  );

export const KERNEL_LOG_RULES: readonly Rule[] = [kernelLogIpvs];
