/** `ipvstop`: the live monitor on the real kernel. */
import { hostname, release } from 'node:os';
import { createKernelActions } from '../actions/runner.js';
import { diagnose } from '../doctor/diagnose.js';
import { DoctorGatherer } from '../doctor/gather.js';
import { haStatus, isBackupDirector } from '../ipvs/ha.js';
import { IpvsClient } from '../kernel/ipvs/client.js';
import type { HaReading } from '../kernel/keepalived/haReading.js';
import { NeighbourClient } from '../kernel/neigh/client.js';
import { interfaceNames } from '../kernel/net/interfaces.js';
import { createKernelSources } from '../kernel/sources.js';
import { UsageError } from './errors.js';
import type { Io, MonitorOptions } from './program.js';
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
  const gatherer = new DoctorGatherer(ipvs);
  const sources = createKernelSources(ipvs, neigh);
  // The doctor takes this director's HA role from the HA view's last read of keepalived (every 5 s at most,
  // for the header's badge) rather than signalling keepalived itself: on the backup a VIP's absence is expected.
  let lastHa: HaReading | undefined;
  const { readHa } = sources;
  if (readHa) sources.readHa = async (withSync) => (lastHa = await readHa(withSync));
  try {
    return await runMonitor({
      sources,
      doctor: async (conns) => {
        const input = await gatherer.gather({ conns: conns ?? null });
        input.ha = lastHa && haStatus(lastHa, input.services, []);
        input.haBackup = isBackupDirector(input.ha);
        return diagnose(input);
      },
      actions: createKernelActions({ ipvs, neigh, readOnly: opts.readOnly }),
      host: { hostname: hostname(), kernelRelease: release() },
      intervalSec: opts.interval,
      readOnly: opts.readOnly,
      iface: opts.iface,
      exact: opts.exact,
      noColor,
    });
  } finally {
    await gatherer.close();
    ipvs.close();
    neigh.close();
  }
}
