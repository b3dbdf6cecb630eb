/**
 * Gratuitous ARP for a VIP, as keepalived sends after a failover: an ARP
 * request with sender IP = target IP = VIP, to broadcast. Node has no packet
 * sockets, so we run arping; the two arpings in the wild take different flags.
 */
import { execFile } from 'node:child_process';
import { isIPv4 } from 'node:net';
import { promisify } from 'node:util';

const run = promisify(execFile);

export type ArpingFlavour = 'iputils' | 'habets';

/** Thrown when the frames could not be sent; the message says why and what to do. */
export class GarpError extends Error {
  override readonly name = 'GarpError';
}

/** Which arping is installed, from its version text; undefined when none. */
export async function detectArping(): Promise<ArpingFlavour | undefined> {
  try {
    const { stdout, stderr } = await run('arping', ['-V'], { timeout: 3000 });
    return /iputils/i.test(stdout + stderr) ? 'iputils' : 'habets';
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stdout?: string; stderr?: string };
    if (err.code === 'ENOENT') return undefined;
    // Thomas Habets' arping has no -V and exits non-zero, naming itself in its usage text.
    return /iputils/i.test(`${err.stdout}${err.stderr}`) ? 'iputils' : 'habets';
  }
}

/** The arping arguments for `count` unsolicited ARPs of `address` out of `iface`. */
export function arpingArgs(flavour: ArpingFlavour, address: string, iface: string, count: number): string[] {
  return flavour === 'iputils'
    ? ['-U', '-c', String(count), '-I', iface, '-s', address, address]
    : ['-U', '-c', String(count), '-i', iface, '-S', address, address];
}

/** Sends the frames; resolves when arping has finished, rejects with a GarpError. */
export async function sendGratuitousArp(address: string, iface: string, count: number): Promise<void> {
  if (!isIPv4(address)) {
    throw new GarpError(`gratuitous ARP is IPv4 only; ${address} needs an unsolicited neighbour advertisement (e.g. ndsend ${address} ${iface})`);
  }
  const flavour = await detectArping();
  if (!flavour) throw new GarpError('arping not found: install iputils-arping (apt-get install iputils-arping)');
  try {
    await run('arping', arpingArgs(flavour, address, iface, count), { timeout: 5000 + count * 1500 });
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    const why = (err.stderr ?? '').trim().split('\n').pop() || err.message;
    throw new GarpError(`arping failed: ${why}`);
  }
}
