/**
 * `ipvstop doctor --arp` (and the Doctor pane's key): ARP requests for each VIP. They
 * change nothing in the kernel but put frames on the wire, so, like every action, each
 * is logged with its exact command and its outcome.
 */

import { errorLine } from '../errors.js';
import { type ArpProbeResult, arpProbeArgs, probeArp } from '../kernel/arp/probe.js';
import { shellCommand } from '../kernel/exec/shellQuote.js';
import { runSystemTool, type ToolRunner } from '../kernel/exec/systemTool.js';
import { syslogSink } from './audit.js';

export interface ArpProbeTarget {
  address: string;
  iface: string;
  /** An address of this host on `iface` to ask from. */
  source: string;
}

/** The command that asks for one VIP, shell-quoted, as confirmations and logs show it. */
export const arpProbeCommand = (t: ArpProbeTarget): string =>
  shellCommand(['arping', ...arpProbeArgs(t.address, t.iface, t.source)]);

/** Asks for each target in turn; never throws: a probe that fails says why in its result. */
export async function probeVips(
  targets: readonly ArpProbeTarget[],
  o: { run?: ToolRunner; log?: (line: string) => void } = {},
): Promise<ArpProbeResult[]> {
  const run = o.run ?? runSystemTool;
  const log = o.log ?? syslogSink(run);
  const results: ArpProbeResult[] = [];
  for (const t of targets) {
    const command = arpProbeCommand(t);
    try {
      const macs = await probeArp(t.address, t.iface, t.source, run);
      log(`${command}: ${macs.length ? `answered by ${macs.join(', ')}` : 'no answer'}`);
      results.push({ ...t, command, macs });
    } catch (e) {
      log(`${command} failed: ${errorLine(e)}`);
      results.push({ ...t, command, macs: [], error: errorLine(e) });
    }
  }
  return results;
}
