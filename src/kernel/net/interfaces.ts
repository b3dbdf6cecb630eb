/** Network interfaces of this host (or namespace), read cheaply from sysfs and the kernel. */
import { readdirSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';
import { runSystemTool, type ToolRunner } from '../exec/systemTool.js';

const SYS_NET = '/sys/class/net';

/** Interface names by ifindex, from /sys/class/net. */
export function interfaceNames(): Map<number, string> {
  return namesOf(readdirSync(SYS_NET));
}

function namesOf(listed: readonly string[]): Map<number, string> {
  const names = new Map<number, string>();
  for (const name of listed) {
    try {
      names.set(Number(readFileSync(`${SYS_NET}/${name}/ifindex`, 'utf8')), name);
    } catch {
      // The interface went away while we listed: skip it.
    }
  }
  return names;
}

/** The last names read, with the listing of /sys/class/net they were read from. */
let lastNames: { listing: string; names: ReadonlyMap<number, string> } | undefined;

/**
 * interfaceNames(), read again only when /sys/class/net lists other names than at the last read, or
 * an index in `needed` is not among them: a name comes and goes with its directory entry, and an
 * interface made again under its old name has a new index. One directory read, not a file per
 * interface, for each neighbour, address and route dump (the monitor's neighbours every interval).
 * Two interfaces that swap names between two reads would keep the old names until the next change:
 * `fresh` reads them anew (an action, which must act on the interface named).
 */
export function interfaceNamesFor(needed: Iterable<number>, fresh = false): ReadonlyMap<number, string> {
  const listed = readdirSync(SYS_NET);
  const listing = listed.join('/');
  const known = lastNames?.listing === listing && !fresh ? lastNames.names : undefined;
  if (known && [...needed].every((i) => i === 0 || known.has(i))) return known;
  lastNames = { listing, names: namesOf(listed) };
  return lastNames.names;
}

/** The interface holding `address`, else the one the kernel routes it through. */
export async function interfaceFor(address: string, run: ToolRunner = runSystemTool): Promise<string | undefined> {
  if (isIP(address) === 0) return undefined;
  for (const [name, addrs] of Object.entries(networkInterfaces())) {
    if (addrs?.some((a) => a.address === address)) return name;
  }
  try {
    // `to` names the next word as the destination, whatever it looks like.
    const { stdout } = await run('ip', ['-o', 'route', 'get', 'to', address], 3000);
    return /\bdev (\S+)/.exec(stdout)?.[1];
  } catch {
    return undefined;
  }
}

/** The MAC of every interface of this host that has one (lowercase; loopback's zeros left out). */
export function interfaceMacs(): string[] {
  const macs = new Set<string>();
  for (const name of readdirSync('/sys/class/net')) {
    try {
      const mac = readFileSync(`/sys/class/net/${name}/address`, 'utf8').trim().toLowerCase();
      if (/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/.test(mac) && mac !== '00:00:00:00:00:00') macs.add(mac);
    } catch {
      // The interface went away while we listed: skip it.
    }
  }
  return [...macs];
}
