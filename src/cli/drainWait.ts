/**
 * `drain --wait`: polls the drained real servers until none has a connection or a persistence
 * template left, or gives up at the timeout, or is interrupted; what remains goes to a progress
 * callback (see drainProgress.ts).
 */
import { ipvsadmServerArg, ipvsadmServiceArg } from '../actions/describe.js';
import { drainState, entriesLeft } from '../domain/drainState.js';
import type { IpvsClient } from '../kernel/ipvs/client.js';
import type { Destination, ServiceId } from '../kernel/ipvs/types.js';
import { destIdentity } from '../kernel/ipvs/unique.js';
import { forEachConnRow } from '../kernel/proc/connTable.js';

export interface DrainTarget {
  service: ServiceId;
  dest: Destination;
}

/** A real server not drained yet, as read last (one removed from its service counts as drained). */
export interface Remaining extends DrainTarget {
  /** The longest time one of its entries has before it expires: when it will be empty at the latest. */
  worstCaseSeconds?: number;
}

export interface WaitResult {
  drained: boolean;
  left: Remaining[];
  /** True when the wait was stopped (SIGINT, SIGTERM) before it ended. */
  interrupted?: boolean;
}

/** The longest remaining expiry of the entries going to each server (`address port`), from /proc/net/ip_vs_conn. */
async function longestExpiry(): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  await forEachConnRow((row) => {
    const key = `${row.destAddress} ${row.destPort}`;
    out.set(key, Math.max(out.get(key) ?? 0, row.expires));
  });
  return out;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `2 active, 5 inactive, 1 template`: the entries left. */
export const entriesText = (d: Pick<Destination, 'activeConns' | 'inactiveConns' | 'persistentConns'>): string =>
  `${d.activeConns} active, ${d.inactiveConns} inactive, ${plural(d.persistentConns, 'template')}`;

/** `; empty in 95 s at worst`: the longest expiry among its entries (most end sooner). */
export const worstCaseText = (seconds: number | undefined): string =>
  seconds === undefined ? '' : `; empty in ${seconds} s at worst`;

/** `-t 192.0.2.1:80 -r 198.51.100.13:80: 2 active, 5 inactive, 1 template` (what changes, without the countdown). */
export function remainingState(r: Remaining): string {
  const weight = r.dest.weight === 0 ? '' : `, weight is ${r.dest.weight} again`;
  return `${ipvsadmServiceArg(r.service)} -r ${ipvsadmServerArg(r.dest)}: ${entriesText(r.dest)}${weight}`;
}

export const describeRemaining = (r: Remaining): string => remainingState(r) + worstCaseText(r.worstCaseSeconds);

async function remaining(ipvs: IpvsClient, targets: readonly DrainTarget[]): Promise<Remaining[]> {
  const left: Remaining[] = [];
  for (const t of targets) {
    const dest = (await ipvs.dests(t.service)).find((d) => destIdentity(d) === destIdentity(t.dest));
    if (dest && drainState(dest) !== 'drained') left.push({ service: t.service, dest });
  }
  if (left.some((r) => entriesLeft(r.dest) > 0)) {
    const expiry = await longestExpiry();
    for (const r of left) {
      const s = expiry.get(`${r.dest.address} ${r.dest.port}`);
      if (s !== undefined) r.worstCaseSeconds = s;
    }
  }
  return left;
}

/** Waits until every target is drained (or gone), `timeoutS` passed, or `stop` aborts; each read goes to `progress`. */
export async function waitDrained(
  ipvs: IpvsClient,
  targets: readonly DrainTarget[],
  timeoutS: number,
  progress: (left: readonly Remaining[]) => void,
  o: { pollMs?: number; stop?: AbortSignal } = {},
): Promise<WaitResult> {
  const deadline = Date.now() + timeoutS * 1000;
  for (;;) {
    const left = await remaining(ipvs, targets);
    if (left.length === 0) return { drained: true, left };
    progress(left);
    if (o.stop?.aborted) return { drained: false, left, interrupted: true };
    if (Date.now() >= deadline) return { drained: false, left };
    await pause(Math.min(o.pollMs ?? 1000, Math.max(0, deadline - Date.now())), o.stop);
    if (o.stop?.aborted) return { drained: false, left, interrupted: true };
  }
}

/** Sleeps `ms`, or less when `stop` aborts. */
function pause(ms: number, stop?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    stop?.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      stop?.removeEventListener('abort', done);
      resolve();
    }
  });
}
