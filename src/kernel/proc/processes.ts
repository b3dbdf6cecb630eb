/**
 * The one reader of processes in /proc: the pids it lists, and what ipvstop looks at in
 * /proc/PID (comm, command line, parent, real uid, network namespace). A process can end while
 * it is read, or be another user's and hidden, so each field is undefined when it cannot be read.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

export const PROC = '/proc';

/** A process id, or `self` (this process). */
export type ProcessRef = number | 'self';

/** The pids `proc` lists now, in its order; throws when it cannot be listed. */
export const processIds = (proc = PROC): number[] =>
  readdirSync(proc)
    .filter((n) => /^\d+$/.test(n))
    .map(Number);

function read<T>(how: () => T): T | undefined {
  try {
    return how();
  } catch {
    return undefined; // the process ended while we looked, or is not ours to read
  }
}

const file = (pid: ProcessRef, name: string, proc: string): string | undefined =>
  read(() => readFileSync(`${proc}/${pid}/${name}`, 'utf8'));

/** The name the kernel keeps for it (comm: at most 15 bytes, a script's interpreter for a script). */
export const processComm = (pid: ProcessRef, proc = PROC): string | undefined => file(pid, 'comm', proc)?.trim();

/**
 * Its arguments as it started (or as it rewrote them, as heartbeat does), split at the NULs; the
 * empty string after the last NUL is not an argument. Empty for a kernel thread.
 */
export function processArgs(pid: ProcessRef, proc = PROC): string[] | undefined {
  const args = file(pid, 'cmdline', proc)?.split('\0');
  if (args?.at(-1) === '') args.pop();
  return args;
}

const statusNumber = (pid: ProcessRef, field: string, proc: string): number | undefined => {
  const m = new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(file(pid, 'status', proc) ?? '');
  return m ? Number(m[1]) : undefined;
};

/** Its parent's pid (0 for init and the kernel's own threads). */
export const parentPid = (pid: ProcessRef, proc = PROC): number | undefined => statusNumber(pid, 'PPid', proc);

/** The user it runs as (the real uid: the first of status's four `Uid:` numbers). */
export const realUid = (pid: ProcessRef, proc = PROC): number | undefined => statusNumber(pid, 'Uid', proc);

/** Its network namespace, as the kernel names it (`net:[4026531840]`): equal names, one namespace. */
export const netNamespace = (pid: ProcessRef, proc = PROC): string | undefined =>
  read(() => readlinkSync(`${proc}/${pid}/ns/net`));

/**
 * The start in clock ticks since boot from a /proc/PID/stat line (its 22nd field); undefined when
 * it is not one. The comm (field 2) is in parentheses and may hold spaces and ')': fields are
 * counted after the last ')', where state is field 3, so starttime is the 20th.
 */
export function startTicks(stat: string): number | undefined {
  const ticks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
  return stat.includes(')') && Number.isSafeInteger(ticks) && ticks >= 0 ? ticks : undefined;
}

/** When it started, in clock ticks since boot: with the pid, it names one process, where a pid alone can be reused. */
export function processStartTime(pid: ProcessRef, proc = PROC): string | undefined {
  const stat = file(pid, 'stat', proc);
  return stat === undefined ? undefined : startTicks(stat)?.toString();
}

/** The capability every change to IPVS, the neighbour tables and ARP needs (linux/capability.h). */
const CAP_NET_ADMIN = 12;

/** Whether it holds CAP_NET_ADMIN now (root normally does): that bit of status's CapEff, in hex. */
export function hasNetAdmin(pid: ProcessRef = 'self', proc = PROC): boolean {
  const hex = /^CapEff:\s*([0-9a-f]+)/m.exec(file(pid, 'status', proc) ?? '')?.[1];
  return hex !== undefined && ((BigInt(`0x${hex}`) >> BigInt(CAP_NET_ADMIN)) & 1n) === 1n;
}

/** The audit login uid, as the kernel writes it (4294967295: its session never had one). */
export const loginUidText = (pid: ProcessRef = 'self', proc = PROC): string | undefined => file(pid, 'loginuid', proc);
