/**
 * Gratuitous ARP for a VIP, as keepalived sends after a failover: an ARP
 * request with sender IP = target IP = VIP, to broadcast. Node has no packet
 * sockets, so we run arping; the two arpings in the wild take different flags.
 */
import { isIPv4 } from 'node:net';
import { runSystemTool, SYSTEM_DIRS, ToolNotFoundError, type ToolRunner } from '../exec/systemTool.js';
import { checkInterfaceName } from '../net/interfaceName.js';

export type ArpingFlavour = 'iputils' | 'habets';

/** Thrown when the frames could not be sent; the message says why and what to do. */
export class GarpError extends Error {
  override readonly name = 'GarpError';
}

/** Which arping is installed, from its version text; undefined when none. */
export async function detectArping(run: ToolRunner = runSystemTool): Promise<ArpingFlavour | undefined> {
  try {
    const { stdout, stderr } = await run('arping', ['-V'], 3000);
    return /iputils/i.test(stdout + stderr) ? 'iputils' : 'habets';
  } catch (e) {
    if (e instanceof ToolNotFoundError) return undefined;
    const err = e as { stdout?: string; stderr?: string };
    // Thomas Habets' arping has no -V and exits non-zero, naming itself in its usage text.
    return /iputils/i.test(`${err.stdout}${err.stderr}`) ? 'iputils' : 'habets';
  }
}

/**
 * The arping arguments for `count` unsolicited ARPs of `address` out of `iface`. No `--`: the
 * interface is an option's argument (getopt never reads that as an option) and the one operand
 * is an IPv4 address, both checked before arping runs.
 */
export function arpingArgs(flavour: ArpingFlavour, address: string, iface: string, count: number): string[] {
  return flavour === 'iputils'
    ? ['-U', '-c', String(count), '-I', iface, '-s', address, address]
    : ['-U', '-c', String(count), '-i', iface, '-S', address, address];
}

/** Sends the frames; resolves when arping has finished, rejects with a GarpError or an InterfaceNameError. */
export async function sendGratuitousArp(
  address: string,
  iface: string,
  count: number,
  run: ToolRunner = runSystemTool,
): Promise<void> {
  checkInterfaceName(iface);
  if (!isIPv4(address)) {
    const advert = `an unsolicited neighbour advertisement (e.g. ndsend ${address} ${iface})`;
    throw new GarpError(`gratuitous ARP is IPv4 only; ${address} needs ${advert}`);
  }
  const flavour = await detectArping(run);
  if (!flavour) {
    throw new GarpError(
      `arping not found in ${SYSTEM_DIRS.join(', ')}: install iputils-arping (apt-get install iputils-arping)`,
    );
  }
  try {
    await run('arping', arpingArgs(flavour, address, iface, count), 5000 + count * 1500);
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    const why = (err.stderr ?? '').trim().split('\n').pop() || err.message;
    throw new GarpError(`arping failed: ${why}`);
  }
}
