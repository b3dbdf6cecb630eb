/**
 * Weight changes as read-modify-write: the real server is read from the kernel and written back
 * with only its weight changed, because IPVS_CMD_SET_DEST replaces every field (forwarding method,
 * thresholds, tunnel settings, address family) with what it is given.
 */
import { shellCommand } from '../kernel/exec/shellQuote.js';
import { type IpvsClient, IpvsError } from '../kernel/ipvs/client.js';
import type { Destination, ServiceId } from '../kernel/ipvs/types.js';
import { destIdentity, serviceIdentity } from '../kernel/ipvs/unique.js';
import { editDestArgv, ipvsadmServerArg, ipvsadmServiceArg } from './describe.js';
import type { SavedWeights } from './savedWeights.js';
import type { ServerId, WeightChange } from './types.js';

/** The real server as the kernel has it now; ipvsadm's words when the service or the server is not there. */
export async function readDest(ipvs: IpvsClient, service: ServiceId, server: ServerId): Promise<Destination> {
  const id = serviceIdentity(service);
  if (!(await ipvs.services()).some((s) => serviceIdentity(s) === id)) {
    throw new IpvsError('ESRCH', `Service not defined: ${ipvsadmServiceArg(service)}`);
  }
  const dest = (await ipvs.dests(service)).find((d) => destIdentity(d) === destIdentity(server));
  if (!dest) throw new IpvsError('ENOENT', `No such destination: ${ipvsadmServerArg(server)}`);
  return dest;
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
  const before = await readDest(ipvs, service, server);
  const command = shellCommand(editDestArgv(service, before, weight));
  if (weight === 0 && before.weight > 0) await saved.set(service, before, before.weight);
  if (before.weight !== weight) await ipvs.setDest(service, { ...before, weight });
  if (weight > 0) await saved.forget(service, before);
  return { service, before, weight, command };
}

/** `weight of -t 192.0.2.1:80 -r 198.51.100.13:80: 3 -> 0 (drained; 3 saved for undrain)`. */
export function describeWeightChange(c: WeightChange): string {
  const what = `weight of ${ipvsadmServiceArg(c.service)} -r ${ipvsadmServerArg(c.before)}`;
  if (c.before.weight === c.weight) return `${what}: already ${c.weight}`;
  const note =
    c.weight === 0 ? ` (drained; ${c.before.weight} saved for undrain)` : c.before.weight === 0 ? ' (undrained)' : '';
  return `${what}: ${c.before.weight} -> ${c.weight}${note}`;
}
