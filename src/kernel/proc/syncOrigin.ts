/**
 * Counts the connection entries that came from the sync daemon: /proc/net/ip_vs_conn_sync is
 * /proc/net/ip_vs_conn with an Origin column (LOCAL or SYNC) after State. It costs the kernel
 * as much as the connection table itself, so it is read only where the HA view asks for it.
 */
import { type ReadLimits, readFileBounded } from './boundedRead.js';
import { SeamRepeats } from './seamRepeats.js';

export const IP_VS_CONN_SYNC = '/proc/net/ip_vs_conn_sync';

/** Entries by origin, counted over lines fed in chunks of any size. */
export class OriginCounter {
  synced = 0;
  local = 0;
  private rest = '';

  push(chunk: string): void {
    const lines = (this.rest + chunk).split('\n');
    this.rest = lines.pop() ?? '';
    for (const line of lines) this.count(line);
  }

  finish(): { synced: number; local: number } {
    this.count(this.rest);
    this.rest = '';
    return { synced: this.synced, local: this.local };
  }

  private count(line: string): void {
    // Pro FromIP FPrt ToIP TPrt DestIP DPrt State Origin Expires ...
    const origin = line.trim().split(/\s+/)[8];
    if (origin === 'SYNC') this.synced++;
    else if (origin === 'LOCAL') this.local++;
  }
}

/** How many entries came by sync and how many were made here; throws a ProcReadError naming the file. */
export async function readSyncOrigins(
  path = IP_VS_CONN_SYNC,
  limits?: ReadLimits,
): Promise<{ synced: number; local: number; truncated: boolean }> {
  const counter = new OriginCounter();
  // Read a page a read() by position, as ip_vs_conn is: an entry is not counted twice (seamRepeats.ts).
  const seams = new SeamRepeats();
  const cut = await readFileBounded(
    path,
    (b) => {
      counter.push(seams.trim(b).toString('latin1'));
      return true;
    },
    limits,
  );
  return { ...counter.finish(), truncated: cut !== undefined };
}
