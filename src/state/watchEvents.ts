/**
 * The events the monitor sees beyond the HA daemon and the kernel table: the doctor's findings
 * appearing and clearing, a service's SYN_RECV entries piling up and going down again, and IPVS
 * leaving the kernel and coming back. Pure: each compares the state with what was just read.
 */
import { ipvsadmServiceArg } from '../actions/describe.js';
import { SYN_RECV_PILING_RULE, synRecvCount } from '../doctor/tableRules.js';
import type { Finding } from '../doctor/types.js';
import { plural } from '../domain/labels.js';
import type { Service } from '../kernel/ipvs/types.js';
import type { ConnTableSummary } from '../kernel/proc/types.js';
import { connCounts } from './connCounts.js';
import type { ServiceKey } from './identity.js';
import type { LoggedEvent, MonitorState } from './types.js';

const LABEL = { critical: 'CRIT', warning: 'WARN', info: 'info' } as const;

/** A finding is the same one while its rule and what it is about are: its figures (`what`) move. */
const identity = (f: Finding): string => `${f.ruleId}\n${f.where}`;

type Diagnosis = NonNullable<MonitorState['doctor']>;

/**
 * Findings that appeared and cleared between two diagnoses. Nothing before a first diagnosis that
 * read everything: what was not read yet is no finding yet, and would seem to appear when read. The
 * SYN_RECV pile-up is left out: the connection table's own events say it (synRecvEvents), sooner.
 */
export function doctorEvents(prev: Diagnosis | undefined, next: Diagnosis): LoggedEvent[] {
  if (!prev || prev.notReadYet.length > 0) return [];
  const kept = (fs: readonly Finding[]) =>
    new Map(fs.filter((f) => f.ruleId !== SYN_RECV_PILING_RULE).map((f) => [identity(f), f]));
  const [before, after] = [kept(prev.findings), kept(next.findings)];
  const at = next.at;
  const events: LoggedEvent[] = [];
  for (const [id, f] of after) {
    if (!before.has(id))
      events.push({
        at,
        from: 'doctor',
        text: `doctor: ${LABEL[f.severity]} ${f.where}: ${f.what}  [${f.ruleId}]`,
        ...(f.severity !== 'info' && { warn: true }),
      });
  }
  for (const [id, f] of before) {
    if (!after.has(id))
      events.push({ at, from: 'doctor', text: `doctor: cleared ${LABEL[f.severity]} ${f.where}  [${f.ruleId}]` });
  }
  return events;
}

/** How a SYN_RECV pile-up's start begins: the line that stands out (a warning) in every event log. */
export const SYN_RECV_PILING_WORDS = 'SYN_RECV piling up on';

/** The line of a SYN_RECV pile-up that began (`piling`) or ended on `service`. */
export function synRecvLine(service: Service, syn: number, all: number, piling: boolean): string {
  const arg = ipvsadmServiceArg(service);
  const of = `${syn} of ${all} ${plural(all, 'connection')} in SYN_RECV`;
  return piling ? `${SYN_RECV_PILING_WORDS} ${arg}: ${of}` : `SYN_RECV pile-up on ${arg} cleared: ${of}`;
}

/**
 * A connection-table read's SYN_RECV pile-ups (the doctor's rule and threshold, per service), and
 * the events of those that began or ended since the last read. A read cut short counts part of the
 * table: it changes nothing. The first read is where the log starts, as the first table is.
 */
export function synRecvEvents(
  state: MonitorState,
  summary: ConnTableSummary,
): { piling: ReadonlySet<ServiceKey> | undefined; events: LoggedEvent[] } {
  if (summary.truncated) return { piling: state.synRecvPiling, events: [] };
  const counts = connCounts(state.services, summary);
  const piling = new Set<ServiceKey>();
  const events: LoggedEvent[] = [];
  const was = state.synRecvPiling;
  for (const e of state.services) {
    const { syn, all, piling: now } = synRecvCount(counts.services.get(e.key));
    if (now) piling.add(e.key);
    if (!was || now === was.has(e.key)) continue;
    const text = synRecvLine(e.service, syn, all, now);
    events.push({ at: summary.takenAt, from: 'conn', text, ...(now && { warn: true }) });
  }
  return { piling, events };
}

/** IPVS found gone from the kernel (once, until it is back). */
export function ipvsGoneEvent(at: number, message: string): LoggedEvent {
  return { at, from: 'ipvs', text: `IPVS gone: ${message}`, warn: true };
}

/** The first table read after IPVS was gone. */
export function ipvsBackEvent(goneAt: number, at: number, services: number): LoggedEvent {
  const away = Math.max(0, Math.round((at - goneAt) / 1000));
  return { at, from: 'ipvs', text: `IPVS back after ${away} s: ${services} ${plural(services, 'service')}` };
}
