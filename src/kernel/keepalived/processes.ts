/**
 * Finds the HA daemon of this network namespace. A host with containers or network namespaces
 * (the lab's pair) can run several keepalived; the one that manages our IPVS table shares our
 * /proc/self/ns/net. keepalived is a parent with a VRRP child and a checker child; the parent
 * passes the dump signals on to them. heartbeat's main process names itself `heartbeat: master
 * control process` (its command line, rewritten).
 */
import { netNamespace, PROC, parentPid, processArgs, processIds, realUid } from '../proc/processes.js';

export interface HaProcess {
  daemon: 'keepalived' | 'heartbeat' | 'ldirectord';
  pid: number;
  /** The command line, for ldirectord's configuration file. */
  args: string[];
}

function daemonOf(args: string[]): HaProcess['daemon'] | undefined {
  if (args[0]?.split('/').pop() === 'keepalived') return 'keepalived';
  if (args[0]?.startsWith('heartbeat: master control process')) return 'heartbeat';
  // ldirectord is a Perl script: `/usr/bin/perl -w /usr/sbin/ldirectord start`.
  if (args.slice(0, 3).some((a) => a.split('/').pop() === 'ldirectord')) return 'ldirectord';
  return undefined;
}

/** Root's processes only: the dump signals would kill another user's program that merely has the name. */
const ownedByRoot = (pid: number, proc: string): boolean => realUid(pid, proc) === 0;

/** The HA daemons' processes in our network namespace (keepalived's children too). */
export function findHaProcesses(proc = PROC): HaProcess[] {
  const ours = netNamespace('self', proc);
  const found: HaProcess[] = [];
  for (const pid of processIds(proc)) {
    const args = (processArgs(pid, proc) ?? []).filter(Boolean);
    const daemon = daemonOf(args);
    if (daemon && netNamespace(pid, proc) === ours && ownedByRoot(pid, proc)) found.push({ daemon, pid, args });
  }
  return found;
}

/** The main process of the daemon that moves the VIPs: keepalived's parent, else heartbeat, else ldirectord. */
export function mainHaProcess(found: HaProcess[], proc = PROC): HaProcess | undefined {
  const pids = new Set(found.filter((p) => p.daemon === 'keepalived').map((p) => p.pid));
  const parent = found.find((p) => p.daemon === 'keepalived' && !pids.has(parentPid(p.pid, proc) ?? 0));
  return parent ?? found.find((p) => p.daemon === 'heartbeat') ?? found.find((p) => p.daemon === 'ldirectord');
}

/** keepalived's parent process (or heartbeat, or ldirectord) in our network namespace. */
export const findHaProcess = (proc = PROC): HaProcess | undefined => mainHaProcess(findHaProcesses(proc), proc);
