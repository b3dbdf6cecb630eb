/**
 * Weight changes as read-modify-write: the real server is read from the kernel and written back
 * with only its weight changed, because IPVS_CMD_SET_DEST replaces every field (forwarding method,
 * thresholds, tunnel settings, address family) with what it is given.
 */
import { shellCommand } from '../kernel/exec/shellQuote.js';
import { type IpvsClient, IpvsError } from '../kernel/ipvs/client.js';
import type { Destination, Service, ServiceId, ServiceWithDests } from '../kernel/ipvs/types.js';
import { destIdentity, serviceIdentity } from '../kernel/ipvs/unique.js';
import { editDestArgv, ipvsadmServerArg, ipvsadmServiceArg } from './describe.js';
import { type SavedEntry, type SavedWeights, savedWeightKey } from './savedWeights.js';
import type { ServerId, WeightChange } from './types.js';

/** A real server in its service as the kernel has them now, and every service there is. */
export interface ReadServer {
  services: Service[];
  service: Service;
  dest: Destination;
}

/** The real server as the kernel has it now; ipvsadm's words when the service or the server is not there. */
export async function readServer(ipvs: IpvsClient, service: ServiceId, server: ServerId): Promise<ReadServer> {
  const id = serviceIdentity(service);
  const services = await ipvs.services();
  const found = services.find((s) => serviceIdentity(s) === id);
  if (!found) throw new IpvsError('ESRCH', `Service not defined: ${ipvsadmServiceArg(service)}`);
  const dest = (await ipvs.dests(found)).find((d) => destIdentity(d) === destIdentity(server));
  if (!dest) throw new IpvsError('ENOENT', `No such destination: ${ipvsadmServerArg(server)}`);
  return { services, service: found, dest };
}

/** A saved weight that applies to the server now, or why it may not (with the weight, for the message). */
export type SavedVerdict = { weight: number } | { weight?: undefined; stale?: { entry: SavedEntry; why: string } };

/**
 * Whether a saved weight is this server's: only while the server is still drained (weight 0), and
 * while the counters of its service and of itself have not gone back since the save (they only
 * grow until the service is deleted and added again, or zeroed). A service re-created with the
 * server at weight 0 and no traffic yet cannot be told apart.
 */
export function savedWeightVerdict(entry: SavedEntry | undefined, service: Service, dest: Destination): SavedVerdict {
  if (!entry || dest.weight !== 0) return {};
  const c = entry.counters;
  const back =
    c !== undefined &&
    (service.stats.connections < BigInt(c.serviceConns) ||
      service.stats.inPackets < BigInt(c.serviceInPackets) ||
      dest.stats.connections < BigInt(c.serverConns) ||
      dest.stats.inPackets < BigInt(c.serverInPackets));
  if (!back) return { weight: entry.weight };
  const since = entry.savedAt ? ` on ${entry.savedAt}` : '';
  return {
    stale: {
      entry,
      why: `its counters went back since it was saved${since}: the service was deleted and added again, or zeroed`,
    },
  };
}

/** The saved weight to go back to for this server, when it still applies (see savedWeightVerdict). */
export async function savedWeightNow(ipvs: IpvsClient, saved: SavedWeights, service: ServiceId, server: ServerId) {
  const now = await readServer(ipvs, service, server);
  return savedWeightVerdict(await saved.entry(now.service, now.dest), now.service, now.dest);
}

/**
 * Sets the weight. Going to 0 from above saves the old weight first (so a failure after the
 * change still leaves it known); going above 0 forgets it once the kernel took the change.
 */
export async function changeWeight(
  ipvs: IpvsClient,
  saved: SavedWeights,
  service: ServiceId,
  server: ServerId,
  weight: number,
): Promise<WeightChange> {
  const { services, service: now, dest: before } = await readServer(ipvs, service, server);
  const command = shellCommand(editDestArgv(service, before, weight));
  // Entries of services that are gone are dropped on the way: their weights are no server's now.
  const note = weight === 0 && before.weight > 0 ? await saved.set(now, before, before.weight, services) : undefined;
  if (before.weight !== weight) await ipvs.setDest(service, { ...before, weight });
  if (weight === 0) return { service, before, weight, command, ...(note && { note }) };
  // The kernel took the change: a failure to forget now must not report the change as failed.
  const forgot = await saved
    .forget(service, before, services)
    .catch((e: Error) => `the saved weight was not forgotten: ${e.message}`);
  return { service, before, weight, command, ...(forgot && { note: forgot }) };
}

/** `weight of -t 192.0.2.1:80 -r 198.51.100.13:80: 3 -> 0 (drained; 3 saved for undrain)`. */
export function describeWeightChange(c: WeightChange): string {
  const what = `weight of ${ipvsadmServiceArg(c.service)} -r ${ipvsadmServerArg(c.before)}`;
  const warning = c.note ? `; warning: ${c.note}` : '';
  if (c.before.weight === c.weight) return `${what}: already ${c.weight}${warning}`;
  const note =
    c.weight === 0 ? ` (drained; ${c.before.weight} saved for undrain)` : c.before.weight === 0 ? ' (undrained)' : '';
  return `${what}: ${c.before.weight} -> ${c.weight}${note}${warning}`;
}

/**
 * The saved weights that apply now (savedWeightVerdict), by real server, for every real server of
 * `services` at weight 0: what `list --json` shows as `savedWeight`, and what tells another director's
 * view that this 0 is a drain ipvstop made. Only weight-0 servers are looked up.
 */
export function savedWeightsNow(
  entries: ReadonlyMap<string, SavedEntry>,
  services: readonly ServiceWithDests[],
): Map<Destination, number> {
  const out = new Map<Destination, number>();
  if (entries.size === 0) return out;
  for (const { service, dests } of services) {
    for (const d of dests) {
      if (d.weight !== 0) continue;
      const v = savedWeightVerdict(entries.get(savedWeightKey(service, d)), service, d);
      if (v.weight !== undefined) out.set(d, v.weight);
    }
  }
  return out;
}
