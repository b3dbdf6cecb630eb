/**
 * Health checkers running on this host, found by a scan of /proc: keepalived and ldirectord set
 * real server weights themselves and may undo a weight set by hand.
 */
import { readdirSync, readFileSync } from 'node:fs';

export type HealthChecker = 'keepalived' | 'ldirectord';
const NAMES: readonly HealthChecker[] = ['keepalived', 'ldirectord'];

/** The program a process runs: its comm, or for a script (ldirectord is Perl) its first arguments' base names. */
function programsOf(proc: string, pid: string): string[] {
  const read = (file: string): string => {
    try {
      return readFileSync(`${proc}/${pid}/${file}`, 'latin1');
    } catch {
      return ''; // gone meanwhile, or not ours to read
    }
  };
  const args = read('cmdline').split('\0').slice(0, 2);
  return [read('comm').trim(), ...args.map((a) => a.slice(a.lastIndexOf('/') + 1))];
}

/** The health checkers that run now, each once, in a fixed order. */
export function runningHealthCheckers(proc = '/proc'): HealthChecker[] {
  let pids: string[];
  try {
    pids = readdirSync(proc).filter((n) => /^\d+$/.test(n));
  } catch {
    return [];
  }
  const found = new Set<HealthChecker>();
  for (const pid of pids) {
    for (const p of programsOf(proc, pid)) if ((NAMES as readonly string[]).includes(p)) found.add(p as HealthChecker);
  }
  return NAMES.filter((n) => found.has(n));
}
