/**
 * `drain --wait`: polls the drained real servers until none has a connection or a persistence
 * template left, printing what remains on stderr, or gives up at the timeout.
 */
import { ipvsadmServerArg, ipvsadmServiceArg } from '../actions/describe.js';
import { drainState, entriesLeft } from '../ipvs/drainState.js';
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

export function describeRemaining(r: Remaining): string {
  const d = r.dest;
  const entries = `${d.activeConns} active, ${d.inactiveConns} inactive, ${d.persistentConns} templates`;
  const weight = d.weight === 0 ? '' : `, weight is ${d.weight} again`;
  const within = r.worstCaseSeconds === undefined ? '' : `; empty within ${r.worstCaseSeconds} s`;
  return `${ipvsadmServiceArg(r.service)} -r ${ipvsadmServerArg(d)}: ${entries}${weight}${within}`;
}

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

/** Waits until every target is drained (or gone), or `timeoutS` passed; progress lines go to `progress`. */
export async function waitDrained(
  ipvs: IpvsClient,
  targets: readonly DrainTarget[],
  timeoutS: number,
  progress: (line: string) => void,
  pollMs = 1000,
): Promise<WaitResult> {
  const deadline = Date.now() + timeoutS * 1000;
  let last = '';
  for (;;) {
    const left = await remaining(ipvs, targets);
    if (left.length === 0) return { drained: true, left };
    const lines = left.map(describeRemaining).join('\n');
    if (lines !== last) progress(lines);
    last = lines;
    if (Date.now() >= deadline) return { drained: false, left };
    await new Promise((r) => setTimeout(r, Math.min(pollMs, Math.max(0, deadline - Date.now()))));
  }
}
