/**
 * The one place ipvstop acts on the kernel. It refuses in read-only mode or
 * without CAP_NET_ADMIN, never throws (errors become outcomes), and records
 * every action, done or failed, in syslog where there is one: who, the
 * shell-quoted command, and the outcome.
 */
import { errorLine } from '../errors.js';
import { sendGratuitousArp } from '../kernel/arp/garp.js';
import { shellWord } from '../kernel/exec/shellQuote.js';
import { runSystemTool, type ToolRunner } from '../kernel/exec/systemTool.js';
import type { IpvsClient } from '../kernel/ipvs/client.js';
import type { NeighbourClient } from '../kernel/neigh/client.js';
import { interfaceNameProblem } from '../kernel/net/interfaceName.js';
import { interfaceFor, interfaceMacs, interfaceNames } from '../kernel/net/interfaces.js';
import { readLocalAddresses } from '../kernel/net/routes.js';
import { runningHealthCheckers } from '../kernel/proc/healthCheckers.js';
import { hasNetAdmin } from '../kernel/proc/processes.js';
import { arpProbeCommand, probeVips } from './arpProbe.js';
import { syslogSink } from './audit.js';
import { describeAction, GARP_COUNT, ipvsadmServiceArg, type OneCommandAction } from './describe.js';
import { healthCheckerWarnings } from './healthCheckers.js';
import { type SavedWeights, savedWeightsIn } from './savedWeights.js';
import type { Action, ActionOutcome, ArpCheck, KernelActions, ServiceServer, WeightChange } from './types.js';
import { changeWeight, describeWeightChange, savedWeightNow } from './weights.js';

export interface ActionDeps {
  ipvs: IpvsClient | undefined;
  neigh: NeighbourClient;
  readOnly: boolean;
  /** Whether this process may act (default: whether it holds CAP_NET_ADMIN now, as the kernel says). */
  canAct?: boolean;
  /** Where each action's line goes (default: syslog, prefixed with who acts). */
  log?: (line: string) => void;
  /** Runs arping, ip and logger (default: from the system directories). */
  runTool?: ToolRunner;
  /** Where drains keep the weight to go back to (default: /run/ipvstop). */
  savedWeights?: SavedWeights;
}

type OneAction = OneCommandAction;

/** What an action did: one line, and for a weight change what changed. */
interface Done {
  message: string;
  weightChange?: WeightChange;
}

async function perform(a: OneAction, d: ActionDeps, runTool: ToolRunner, saved: SavedWeights): Promise<string | Done> {
  const ipvs = (): IpvsClient => {
    if (!d.ipvs) throw new Error('IPVS is not available');
    return d.ipvs;
  };
  switch (a.kind) {
    case 'zeroService':
      await ipvs().zero(a.service);
      return `zeroed the counters of ${ipvsadmServiceArg(a.service)}`;
    case 'zeroAll':
      await ipvs().zero();
      return 'zeroed all counters';
    case 'clearTable': {
      const n = (await ipvs().services()).length;
      await ipvs().flush();
      return `cleared the IPVS table (${n} service${n === 1 ? '' : 's'} removed)`;
    }
    case 'setTimeouts':
      await ipvs().setTimeouts(a.timeouts);
      return `timeouts set (tcp ${a.timeouts.tcp}, tcpfin ${a.timeouts.tcpFin}, udp ${a.timeouts.udp}; 0 = unchanged)`;
    case 'flushNeighbours': {
      const n = await d.neigh.flush(a.iface);
      return `flushed ${n} neighbour entr${n === 1 ? 'y' : 'ies'} on ${shellWord(a.iface)}`;
    }
    case 'gratuitousArp':
      await sendGratuitousArp(a.address, a.iface, GARP_COUNT, runTool);
      return `sent ${GARP_COUNT} gratuitous ARPs for ${a.address} on ${shellWord(a.iface)}`;
    case 'setWeight': {
      const weightChange = await changeWeight(ipvs(), saved, a.service, a.dest, a.weight);
      return { message: describeWeightChange(weightChange), weightChange };
    }
  }
}

/** The status line after an ARP check: how many VIPs another host answers for, and which. */
export function arpCheckSummary(c: ArpCheck): string {
  const claimed = c.results.filter((r) => r.macs.some((m) => !c.ownMacs.includes(m))).map((r) => r.address);
  const failed = c.results.filter((r) => r.error !== undefined).length;
  const n = c.results.length;
  const head = `ARP check of ${n} VIP${n === 1 ? '' : 's'}: `;
  const found = claimed.length ? `another host answers for ${claimed.join(', ')}` : 'no other host answers';
  return head + found + (failed ? `; ${failed} could not be asked (see Doctor pane)` : '');
}

/** Why acting is refused (read-only mode, no CAP_NET_ADMIN), or undefined when it is not. */
function refusalOf(d: Pick<ActionDeps, 'readOnly' | 'canAct'>): string | undefined {
  if (d.readOnly) return 'read-only mode (--read-only)';
  return (d.canAct ?? hasNetAdmin()) ? undefined : 'no CAP_NET_ADMIN: run as root to act on the kernel';
}

/**
 * For a command refused before any action is built (e.g. `ipvstop drain --read-only`): the
 * refusal, logged with who tried and what (`what`: the command as typed); undefined when allowed.
 */
export function refusedCommand(what: string, d: Pick<ActionDeps, 'readOnly' | 'canAct' | 'log'>): string | undefined {
  const refusal = refusalOf(d);
  if (refusal) (d.log ?? syslogSink())(`${what}: refused: ${refusal}`);
  return refusal;
}

export function createKernelActions(d: ActionDeps): KernelActions {
  const runTool = d.runTool ?? runSystemTool;
  const log = d.log ?? syslogSink(runTool);
  const saved = d.savedWeights ?? savedWeightsIn();
  const refusal = refusalOf(d);
  /** A refusal is logged too, with who tried: an attempt in read-only mode or without rights is worth knowing. */
  function refuse(commands: readonly string[]): ActionOutcome {
    log(`${commands.join('; ')}: refused: ${refusal}`);
    return { ok: false, message: `refused: ${refusal}` };
  }

  async function runOne(action: OneAction): Promise<ActionOutcome> {
    const command = describeAction(action);
    if (refusal) return refuse([command]);
    try {
      const done = await perform(action, d, runTool, saved);
      if (typeof done === 'string') {
        log(`${command}: ${done}`);
        return { ok: true, message: done };
      }
      // The command sent: built from the server as read just now, which may differ from the one confirmed.
      log(`${done.weightChange?.command ?? command}: ${done.message}`);
      return { ok: true, ...done };
    } catch (e) {
      const message = `${command} failed: ${errorLine(e)}`;
      log(message);
      return { ok: false, message };
    }
  }

  /** Each step logged on its own; the first failure stops the rest. */
  async function runSteps(steps: readonly OneAction[]): Promise<ActionOutcome> {
    if (refusal) return refuse(steps.map(describeAction));
    const done: string[] = [];
    for (const step of steps) {
      const out = await runOne(step);
      if (!out.ok) return { ok: false, message: `${done.length} of ${steps.length} done, then: ${out.message}` };
      done.push(out.message);
    }
    return { ok: true, message: `all ${steps.length} done: ${done.join('; ')}` };
  }

  /** One arping per VIP, each logged by probeVips; the outcome carries the results for the Doctor pane. */
  async function runArpCheck(targets: Extract<Action, { kind: 'arpProbe' }>['targets']): Promise<ActionOutcome> {
    if (refusal) return refuse(targets.map(arpProbeCommand));
    const results = await probeVips(targets, { run: runTool, log });
    const arpCheck = { results, ownMacs: interfaceMacs(), at: Date.now() };
    return { ok: results.every((r) => r.error === undefined), message: arpCheckSummary(arpCheck), arpCheck };
  }

  return {
    refusal,
    refused(what) {
      if (refusal) log(`${what}: refused: ${refusal}`);
    },
    run: (action) =>
      action.kind === 'setWeights'
        ? runSteps(action.steps)
        : action.kind === 'arpProbe'
          ? runArpCheck(action.targets)
          : runOne(action),
    localAddresses: () => readLocalAddresses(),
    weightWarnings: () => healthCheckerWarnings(runningHealthCheckers()),
    async serversAt(af, address) {
      if (!d.ipvs) throw new Error('IPVS is not available');
      const out: ServiceServer[] = [];
      for (const service of await d.ipvs.services()) {
        for (const dest of await d.ipvs.dests(service)) {
          if (dest.af === af && dest.address === address) out.push({ service, dest });
        }
      }
      return out;
    },
    async savedWeight(service, server) {
      if (!d.ipvs) throw new Error('IPVS is not available');
      return (await savedWeightNow(d.ipvs, saved, service, server)).weight;
    },
    // Only names ipvstop can act on are offered (see interfaceNameProblem).
    interfaces: async () => [...interfaceNames().values()].filter((n) => interfaceNameProblem(n) === undefined).sort(),
    interfaceFor: (address) => interfaceFor(address, runTool),
  };
}
