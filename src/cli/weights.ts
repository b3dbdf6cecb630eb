/** `ipvstop weight`, `drain` and `undrain`: weight changes through the actions, for scripts. */
import { ipvsadmServerArg, ipvsadmServiceArg } from '../actions/describe.js';
import { createKernelActions } from '../actions/runner.js';
import type { KernelActions, WeightChange } from '../actions/types.js';
import { IpvsClient, IpvsError } from '../kernel/ipvs/client.js';
import type { Destination } from '../kernel/ipvs/types.js';
import { serviceIdentity } from '../kernel/ipvs/unique.js';
import { NeighbourClient } from '../kernel/neigh/client.js';
import { type DrainTarget, describeRemaining, type Remaining, type WaitResult, waitDrained } from './drainWait.js';
import { UsageError } from './errors.js';
import type { Io } from './program.js';
import type { ServerArg, WeightRequest, WeightTarget } from './weightArgs.js';

/** Exit status of `drain --wait` when the timeout came first. */
export const EXIT_WAIT_TIMEOUT = 3;

const atAddress = (d: Destination, s: ServerArg): boolean =>
  d.af === s.af && d.address === s.address && (s.port === undefined || d.port === s.port);

/** The real servers meant, as the kernel has them; ipvsadm's words when one is not there. */
async function resolve(ipvs: IpvsClient, t: WeightTarget): Promise<DrainTarget[]> {
  const services = await ipvs.services();
  if ('host' in t) {
    const out: DrainTarget[] = [];
    for (const service of services) {
      for (const dest of await ipvs.dests(service)) if (atAddress(dest, t.host)) out.push({ service, dest });
    }
    if (out.length === 0)
      throw new IpvsError('ENOENT', `No such destination: no service has a real server at ${t.host.address}`);
    return out;
  }
  const service = services.find((s) => serviceIdentity(s) === serviceIdentity(t.service));
  if (!service) throw new IpvsError('ESRCH', `Service not defined: ${ipvsadmServiceArg(t.service)}`);
  const at = (await ipvs.dests(service)).filter((d) => atAddress(d, t.server));
  const named = `${ipvsadmServiceArg(service)} -r ${t.server.port === undefined ? t.server.address : ipvsadmServerArg({ ...t.server, port: t.server.port })}`;
  if (at.length === 0) throw new IpvsError('ENOENT', `No such destination: ${named}`);
  if (at.length > 1) throw new UsageError(`${named}: ${at.length} real servers at that address, give the port`);
  return [{ service, dest: at[0]! }];
}

interface Step extends DrainTarget {
  /** undefined: left alone (undrain of a server that is not drained and has no saved weight). */
  weight: number | undefined;
}

/** The weight each server gets; for undrain the saved one unless --weight, all known before anything changes. */
async function plan(r: WeightRequest, targets: DrainTarget[], actions: KernelActions): Promise<Step[]> {
  const steps: Step[] = [];
  for (const t of targets) {
    if (r.command !== 'undrain') {
      steps.push({ ...t, weight: r.command === 'drain' ? 0 : r.weight });
      continue;
    }
    const weight = r.weight ?? (await actions.savedWeight(t.service, t.dest));
    if (weight === undefined && t.dest.weight === 0) {
      throw new UsageError(
        `the weight to go back to is not known for ${ipvsadmServiceArg(t.service)} -r ${ipvsadmServerArg(t.dest)} ` +
          '(ipvstop did not drain it since boot): give --weight W',
      );
    }
    steps.push({ ...t, weight });
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
  }
  return changes;
}

export async function weightsCommand(r: WeightRequest, io: Io): Promise<number> {
  const neigh = new NeighbourClient();
  const refusal = createKernelActions({ ipvs: undefined, neigh, readOnly: r.readOnly }).refusal;
  if (refusal) {
    neigh.close();
    io.stderr.write(`ipvstop: refused: ${refusal}\n`);
    return 1;
  }
  const ipvs = await IpvsClient.open().catch((e) => {
    neigh.close();
    throw e;
  });
  try {
    const actions = createKernelActions({ ipvs, neigh, readOnly: r.readOnly });
    const steps = await plan(r, await resolve(ipvs, r.target), actions);
    for (const w of actions.weightWarnings()) io.stderr.write(`ipvstop: warning: ${w.long}\n`);
    const changes = await apply(steps, actions, r, io);
    if (!changes) return 1;
    let waited: WaitResult | undefined;
    if (r.wait) {
      const progress = (lines: string): void => {
        io.stderr.write(lines.replace(/^/gm, 'ipvstop: waiting: ').concat('\n'));
      };
      waited = await waitDrained(ipvs, steps, r.timeout, progress);
      if (!waited.drained && !r.json) {
        io.stderr.write(
          `ipvstop: not drained after ${r.timeout} s:\n${waited.left.map(describeRemaining).join('\n')}\n`,
        );
      }
    }
    if (r.json) {
      const out = {
        changes: changes.map(changeJson),
        ...(waited && { drained: waited.drained, left: waited.left.map(remainingJson) }),
      };
      io.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    }
    return waited && !waited.drained ? EXIT_WAIT_TIMEOUT : 0;
  } finally {
    ipvs.close();
    neigh.close();
  }
}
