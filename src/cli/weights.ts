/** `ipvstop weight`, `drain` and `undrain`: weight changes through the actions, for scripts. */
import { ipvsadmServerArg, ipvsadmServiceArg } from '../actions/describe.js';
import { createKernelActions, refusedCommand } from '../actions/runner.js';
import { type SavedWeights, savedWeightsIn } from '../actions/savedWeights.js';
import type { KernelActions, WeightChange } from '../actions/types.js';
import { savedWeightVerdict } from '../actions/weights.js';
import { IpvsClient, IpvsError } from '../kernel/ipvs/client.js';
import type { Destination, Service } from '../kernel/ipvs/types.js';
import { serviceIdentity } from '../kernel/ipvs/unique.js';
import { NeighbourClient } from '../kernel/neigh/client.js';
import type { DrainTarget, Remaining } from './drainWait.js';
import { runDrainWait } from './drainWaitRun.js';
import { UsageError } from './errors.js';
import type { Io } from './program.js';
import type { ServerArg, WeightRequest, WeightTarget } from './weightArgs.js';

const atAddress = (d: Destination, s: ServerArg): boolean =>
  d.af === s.af && d.address === s.address && (s.port === undefined || d.port === s.port);

/**
 * The real servers of `service` meant by `-r`. As ipvsadm does, a port typed for a DR or tunnel
 * server is taken as the service's (ipvsadm gives such servers the service's port whatever port
 * was typed: `ipvsadm -e -t VIP:80 -r RS:9000 -g` edits RS:80); a server at the port typed comes first.
 */
function serversAt(service: Service, dests: Destination[], s: ServerArg): Destination[] {
  const exact = dests.filter((d) => atAddress(d, s));
  if (exact.length > 0 || s.port === undefined) return exact;
  return dests.filter((d) => d.forward !== 'masq' && atAddress(d, { ...s, port: service.port }));
}

/** `-r` as typed: with its port when one was given. */
const serverText = (s: ServerArg): string =>
  s.port === undefined ? s.address : ipvsadmServerArg({ ...s, port: s.port });

/** The command as typed, for the log of a refusal: `ipvstop drain -t 192.0.2.1:80 -r 198.51.100.13`. */
function typedCommand(r: WeightRequest): string {
  const t = r.target;
  const target =
    'host' in t ? `--server ${t.host.address}` : `${ipvsadmServiceArg(t.service)} -r ${serverText(t.server)}`;
  const weight = r.weight === undefined ? '' : r.command === 'weight' ? ` ${r.weight}` : ` --weight ${r.weight}`;
  return `ipvstop ${r.command} ${target}${weight}`;
}

/** A real server meant, in its service, as the kernel has them. */
interface Target extends DrainTarget {
  service: Service;
}

/** The real servers meant, as the kernel has them; ipvsadm's words when one is not there. */
async function resolve(ipvs: IpvsClient, t: WeightTarget): Promise<Target[]> {
  const services = await ipvs.services();
  if ('host' in t) {
    const out: Target[] = [];
    for (const service of services) {
      for (const dest of await ipvs.dests(service)) if (atAddress(dest, t.host)) out.push({ service, dest });
    }
    if (out.length === 0)
      throw new IpvsError('ENOENT', `No such destination: no service has a real server at ${t.host.address}`);
    return out;
  }
  const service = services.find((s) => serviceIdentity(s) === serviceIdentity(t.service));
  if (!service) throw new IpvsError('ESRCH', `Service not defined: ${ipvsadmServiceArg(t.service)}`);
  const at = serversAt(service, await ipvs.dests(service), t.server);
  const named = `${ipvsadmServiceArg(service)} -r ${serverText(t.server)}`;
  if (at.length === 0) throw new IpvsError('ENOENT', `No such destination: ${named}`);
  if (at.length > 1) throw new UsageError(`${named}: ${at.length} real servers at that address, give the port`);
  return [{ service, dest: at[0]! }];
}

interface Step extends Target {
  /** undefined: left alone (undrain of a server that is not drained and has no saved weight). */
  weight: number | undefined;
}

/** The weight to go back to, for undrain: --weight, else the saved one while it is this server's. */
async function undrainWeight(r: WeightRequest, t: Target, saved: SavedWeights): Promise<number | undefined> {
  if (r.weight !== undefined) return r.weight;
  if (t.dest.weight !== 0) return undefined; // not drained: left alone
  const v = savedWeightVerdict(await saved.entry(t.service, t.dest), t.service, t.dest);
  if (v.weight !== undefined) return v.weight;
  const what = `${ipvsadmServiceArg(t.service)} -r ${ipvsadmServerArg(t.dest)}`;
  if (v.stale) {
    throw new UsageError(
      `the weight saved for ${what} (${v.stale.entry.weight}) may be another server's: ${v.stale.why}; ` +
        `give the weight to set with --weight W (--weight ${v.stale.entry.weight} if it is this server's)`,
    );
  }
  throw new UsageError(
    `the weight to go back to is not known for ${what} (ipvstop did not drain it since boot): give --weight W`,
  );
}

/** The weight each server gets; for undrain the saved one unless --weight, all known before anything changes. */
async function plan(r: WeightRequest, targets: Target[], saved: SavedWeights): Promise<Step[]> {
  const steps: Step[] = [];
  for (const t of targets) {
    if (r.command !== 'undrain') steps.push({ ...t, weight: r.command === 'drain' ? 0 : r.weight });
    else steps.push({ ...t, weight: await undrainWeight(r, t, saved) });
  }
  return steps;
}

const changeJson = (c: WeightChange) => ({
  service: ipvsadmServiceArg(c.service),
  server: ipvsadmServerArg(c.before),
  command: c.command,
  weightBefore: c.before.weight,
  weightAfter: c.weight,
});

const remainingJson = (r: Remaining) => ({
  service: ipvsadmServiceArg(r.service),
  server: ipvsadmServerArg(r.dest),
  weight: r.dest.weight,
  activeConns: r.dest.activeConns,
  inactiveConns: r.dest.inactiveConns,
  persistentConns: r.dest.persistentConns,
  worstCaseSeconds: r.worstCaseSeconds ?? null,
});

async function apply(
  steps: Step[],
  actions: KernelActions,
  r: WeightRequest,
  io: Io,
): Promise<WeightChange[] | undefined> {
  const changes: WeightChange[] = [];
  for (const s of steps) {
    if (s.weight === undefined) {
      const line = `${ipvsadmServiceArg(s.service)} -r ${ipvsadmServerArg(s.dest)}: not drained (weight ${s.dest.weight}), left alone`;
      if (!r.json) io.stdout.write(`${line}\n`);
      continue;
    }
    const out = await actions.run({ kind: 'setWeight', service: s.service, dest: s.dest, weight: s.weight });
    if (!out.ok || !out.weightChange) {
      io.stderr.write(`ipvstop: ${out.message}\n`);
      return undefined;
    }
    changes.push(out.weightChange);
    if (!r.json) io.stdout.write(`${out.weightChange.command}: ${out.message}\n`);
    else if (out.weightChange.note) io.stderr.write(`ipvstop: warning: ${out.weightChange.note}\n`);
  }
  return changes;
}

export async function weightsCommand(r: WeightRequest, io: Io): Promise<number> {
  const refusal = refusedCommand(typedCommand(r), { readOnly: r.readOnly });
  if (refusal) {
    io.stderr.write(`ipvstop: refused: ${refusal}\n`);
    return 1;
  }
  const neigh = new NeighbourClient();
  const ipvs = await IpvsClient.open().catch((e) => {
    neigh.close();
    throw e;
  });
  try {
    const savedWeights = savedWeightsIn();
    const actions = createKernelActions({ ipvs, neigh, readOnly: r.readOnly, savedWeights });
    const steps = await plan(r, await resolve(ipvs, r.target), savedWeights);
    for (const w of actions.weightWarnings()) io.stderr.write(`ipvstop: warning: ${w.long}\n`);
    const changes = await apply(steps, actions, r, io);
    if (!changes) return 1;
    const waited = r.wait ? await runDrainWait(ipvs, steps, r, io.stderr) : undefined;
    if (r.json) {
      const out = {
        changes: changes.map(changeJson),
        ...(waited && {
          drained: waited.drained,
          ...(waited.interrupted && { interrupted: true }),
          left: waited.left.map(remainingJson),
        }),
      };
      io.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    }
    return waited?.status ?? 0;
  } finally {
    ipvs.close();
    neigh.close();
  }
}
