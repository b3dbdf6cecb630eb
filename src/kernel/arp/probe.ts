/**
 * Who answers ARP for an address: ARP requests out of one interface (iputils arping,
 * from a source address of this host on it) and every MAC that replies. A director
 * does not hear its own requests, so any reply comes from another host claiming the
 * address, such as a DR real server with the VIP on its loopback and arp_ignore=0.
 */
import { runSystemTool, type ToolRunner } from '../exec/systemTool.js';
import { checkInterfaceName } from '../net/interfaceName.js';

/** One address asked for on one interface, and who answered (or why it could not be asked). */
export interface ArpProbeResult {
  address: string;
  iface: string;
  source: string;
  /** The arping command, as run. */
  command: string;
  macs: string[];
  error?: string;
}

/** Requests per address: a host that answers answers each; three ride out one lost frame. */
export const PROBE_COUNT = 3;

/**
 * iputils arping: `count` requests, waiting at most `count` + 1 s. The source is an address of
 * ours on `iface`, not the VIP: a host that holds the VIP drops a request from its own address.
 */
export function arpProbeArgs(address: string, iface: string, source: string, count = PROBE_COUNT): string[] {
  return ['-c', String(count), '-w', String(count + 1), '-I', iface, '-s', source, address];
}

/** The MACs of `Unicast reply from 192.0.2.1 [AA:BB:CC:DD:EE:FF]  0.6ms` lines, lowercase, each once. */
export function parseArpingReplies(text: string): string[] {
  const macs = [...text.matchAll(/reply from \S+ \[([0-9A-Fa-f:]{17})\]/g)].map((m) => m[1]!.toLowerCase());
  return [...new Set(macs)];
}

/** The MACs that answered; none is no error (arping then exits 1). */
export async function probeArp(
  address: string,
  iface: string,
  source: string,
  run: ToolRunner = runSystemTool,
): Promise<string[]> {
  checkInterfaceName(iface);
  try {
    const { stdout } = await run('arping', arpProbeArgs(address, iface, source), (PROBE_COUNT + 3) * 1000);
    return parseArpingReplies(stdout);
  } catch (e) {
    const out = (e as { stdout?: unknown }).stdout;
    // Exit 1 with the usual summary: it ran, and nobody answered.
    if (typeof out === 'string' && /Sent \d+ probes?/.test(out)) return parseArpingReplies(out);
    throw e;
  }
}
