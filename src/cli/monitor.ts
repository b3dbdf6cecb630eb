/** `ipvstop`: the live monitor on the real kernel. */
import { hostname, release } from 'node:os';
import { createKernelActions } from '../actions/runner.js';
import { DoctorGatherer } from '../doctor/gather.js';
import { diagnoseView } from '../doctor/monitorDoctor.js';
import { IpvsClient } from '../kernel/ipvs/client.js';
import { NeighbourClient } from '../kernel/neigh/client.js';
import { interfaceNames } from '../kernel/net/interfaces.js';
import { createKernelSources } from '../kernel/sources.js';
import { UsageError } from './errors.js';
import type { Io, MonitorOptions } from './program.js';
import { monitorSnapshots } from './snapshotMonitor.js';
import { terminalProblem } from './terminal.js';

/**
 * IPVS, once it has answered a read: the family resolves for anyone, and only the first
 * request meets the kernel's CAP_NET_ADMIN check (every IPVS command carries it, reads too).
 */
async function openReadable(): Promise<IpvsClient> {
  const ipvs = await IpvsClient.open();
  try {
    await ipvs.info();
    return ipvs;
  } catch (e) {
    ipvs.close();
    throw e;
  }
}

export async function monitorCommand(opts: MonitorOptions, io: Io): Promise<number> {
  if (opts.iface !== undefined && ![...interfaceNames().values()].includes(opts.iface)) {
    throw new UsageError(`no such interface: ${opts.iface}`);
  }
  const problem = terminalProblem({
    stdinIsTty: process.stdin.isTTY === true,
    stdoutIsTty: process.stdout.isTTY === true,
    term: process.env.TERM,
  });
  if (problem !== undefined) {
    io.stderr.write(`ipvstop: ${problem}\n`);
    return 2;
  }
  // Fail before the screen is taken over: no IPVS or no rights is one line, not a blank monitor.
  const ipvs = await openReadable();
  const neigh = new NeighbourClient();
  const noColor = !opts.color || (process.env.NO_COLOR ?? '') !== '';
  if (noColor) process.env.FORCE_COLOR = '0';
  // With CI set, Ink draws only the last frame, at exit (and ignores resizes); a monitor on a terminal must draw live.
  for (const v of ['CI', 'CONTINUOUS_INTEGRATION']) if (v in process.env) process.env[v] = 'false';
  // React's production build costs about a third less per frame; set before React is first loaded.
  process.env.NODE_ENV ??= 'production';
  // Ink is loaded only here, so `ipvstop list` never pays for it.
  const { runMonitor } = await import('../ui/run.js');
  const gatherer = new DoctorGatherer();
  const sources = createKernelSources(ipvs, neigh);
  try {
    return await runMonitor({
      sources,
      // The doctor looks at the poller's last reading and the state's HA reading: it reads neither itself.
      doctor: (view) => diagnoseView(gatherer, view),
      actions: createKernelActions({ ipvs, neigh, readOnly: opts.readOnly }),
      host: { hostname: hostname(), kernelRelease: release() },
      intervalSec: opts.interval,
      readOnly: opts.readOnly,
      iface: opts.iface,
      exact: opts.exact,
      noColor,
      highlight: opts.highlight,
      historyMs: opts.history,
      snapshot: monitorSnapshots(Math.round(opts.interval * 1000)),
    });
  } finally {
    await gatherer.close();
    ipvs.close();
    neigh.close();
  }
}
