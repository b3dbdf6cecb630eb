/** Network interfaces of this host (or namespace), read cheaply from sysfs and the kernel. */
import { readdirSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';
import { runSystemTool, type ToolRunner } from '../exec/systemTool.js';

/** Interface names by ifindex, from /sys/class/net. */
export function interfaceNames(): Map<number, string> {
  const names = new Map<number, string>();
  for (const name of readdirSync('/sys/class/net')) {
    try {
      names.set(Number(readFileSync(`/sys/class/net/${name}/ifindex`, 'utf8')), name);
    } catch {
      // The interface went away while we listed: skip it.
    }
  }
  return names;
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
