/**
 * Health checkers running on this host, found by a scan of /proc: keepalived and ldirectord set
 * real server weights themselves and may undo a weight set by hand.
 */
import { PROC, processArgs, processComm, processIds } from './processes.js';

export type HealthChecker = 'keepalived' | 'ldirectord';
const NAMES: readonly HealthChecker[] = ['keepalived', 'ldirectord'];

/** The program a process runs: its comm, or for a script (ldirectord is Perl) its first arguments' base names. */
function programsOf(proc: string, pid: number): string[] {
  const args = (processArgs(pid, proc) ?? []).slice(0, 2);
  return [processComm(pid, proc) ?? '', ...args.map((a) => a.slice(a.lastIndexOf('/') + 1))];
}

/** The health checkers that run now, each once, in a fixed order. */
export function runningHealthCheckers(proc = PROC): HealthChecker[] {
  let pids: number[];
  try {
    pids = processIds(proc);
  } catch {
    return [];
  }
  const found = new Set<HealthChecker>();
  for (const pid of pids) {
    for (const p of programsOf(proc, pid)) if ((NAMES as readonly string[]).includes(p)) found.add(p as HealthChecker);
  }
  return NAMES.filter((n) => found.has(n));
}
