/**
 * Finds the HA daemon of this network namespace. A host with containers or network namespaces
 * (the lab's pair) can run several keepalived; the one that manages our IPVS table shares our
 * /proc/self/ns/net. keepalived is a parent with a VRRP child and a checker child; the parent
 * passes the dump signals on to them. heartbeat's main process names itself `heartbeat: master
 * control process` (its command line, rewritten).
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

export interface HaProcess {
  daemon: 'keepalived' | 'heartbeat' | 'ldirectord';
  pid: number;
  /** The command line, for ldirectord's configuration file. */
  args: string[];
}

function read(path: string, how: (p: string) => string): string | undefined {
  try {
    return how(path);
  } catch {
    return undefined; // the process ended while we looked, or is not ours to read
  }
}

const text = (p: string): string => readFileSync(p, 'utf8');

function daemonOf(args: string[]): HaProcess['daemon'] | undefined {
  if (args[0]?.split('/').pop() === 'keepalived') return 'keepalived';
  if (args[0]?.startsWith('heartbeat: master control process')) return 'heartbeat';
  // ldirectord is a Perl script: `/usr/bin/perl -w /usr/sbin/ldirectord start`.
  if (args.slice(0, 3).some((a) => a.split('/').pop() === 'ldirectord')) return 'ldirectord';
  return undefined;
}

const parentPid = (pid: number, proc: string): number =>
  Number(/^PPid:\s+(\d+)/m.exec(read(`${proc}/${pid}/status`, text) ?? '')?.[1] ?? 0);

/** Root's processes only: the dump signals would kill another user's program that merely has the name. */
const ownedByRoot = (pid: string, proc: string): boolean =>
  /^Uid:\s+0\s/m.test(read(`${proc}/${pid}/status`, text) ?? '');

/** The HA daemons' processes in our network namespace (keepalived's children too). */
export function findHaProcesses(proc = '/proc'): HaProcess[] {
  const ours = read(`${proc}/self/ns/net`, readlinkSync);
  const found: HaProcess[] = [];
  for (const entry of readdirSync(proc)) {
    if (!/^\d+$/.test(entry)) continue;
    const args = (read(`${proc}/${entry}/cmdline`, text) ?? '').split('\0').filter(Boolean);
    const daemon = daemonOf(args);
    if (daemon && read(`${proc}/${entry}/ns/net`, readlinkSync) === ours && ownedByRoot(entry, proc)) {
      found.push({ daemon, pid: Number(entry), args });
    }
  }
  return found;
}

/** The main process of the daemon that moves the VIPs: keepalived's parent, else heartbeat, else ldirectord. */
export function mainHaProcess(found: HaProcess[], proc = '/proc'): HaProcess | undefined {
  const pids = new Set(found.filter((p) => p.daemon === 'keepalived').map((p) => p.pid));
  const parent = found.find((p) => p.daemon === 'keepalived' && !pids.has(parentPid(p.pid, proc)));
  return parent ?? found.find((p) => p.daemon === 'heartbeat') ?? found.find((p) => p.daemon === 'ldirectord');
}

/** keepalived's parent process (or heartbeat, or ldirectord) in our network namespace. */
export const findHaProcess = (proc = '/proc'): HaProcess | undefined => mainHaProcess(findHaProcesses(proc), proc);
