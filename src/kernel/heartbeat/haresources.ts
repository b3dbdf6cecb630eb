/**
 * heartbeat's haresources (without Pacemaker, `crm no`): one resource group a line, the node that
 * prefers it, then its resources, e.g. `d1 IPaddr2::10.5.0.100/24/eth0 ldirectord::ldirectord.cf`.
 * A line ending in `\` goes on on the next. A resource is `NAME` or `NAME::ARG::ARG...`; an
 * address alone (`10.5.0.100`) is short for IPaddr. heartbeat knows a group by its first resource.
 */
import { configLines, MAX_LINE_CHARS, safeName } from './configText.js';

export interface ResourceGroup {
  /** The group's key: its first resource, as heartbeat names it (`ResourceManager listkeys`). */
  name: string;
  /** The node the group prefers (it runs there when both are up, unless auto_failback is off). */
  preferredNode: string;
  resources: string[];
  /** The group's addresses with prefix length when given: `10.5.0.100/24` (IPaddr, IPaddr2, bare). */
  vips: string[];
  /** The interface an address resource names (`IPaddr2::10.5.0.100/24/eth0`), or ''. */
  interface: string;
  /** ldirectord configurations started by the group (`ldirectord::ldirectord.cf`). */
  ldirectordConfigs: string[];
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** An address resource's address (with its prefix) and interface, or undefined. */
function address(resource: string): { vip: string; iface: string } | undefined {
  const [name, arg] = resource.split('::');
  const spec = name && IPV4.test(name.split('/')[0] ?? '') ? name : /^IPaddr2?$/.test(name ?? '') ? arg : undefined;
  if (!spec) return undefined;
  // IPaddr2::ADDR/PREFIX/IFACE/BROADCAST: the interface is the third part, if any.
  const [ip, prefix, iface] = spec.split('/');
  if (!ip || !IPV4.test(ip)) return undefined;
  return { vip: prefix && /^\d{1,2}$/.test(prefix) ? `${ip}/${prefix}` : ip, iface: iface ?? '' };
}

/** Joins `\`-continued lines (bounded like any line). */
function joined(text: string): string[] {
  const out: string[] = [];
  let pending = '';
  for (const line of configLines(text)) {
    const whole = `${pending} ${line}`.trim().slice(0, MAX_LINE_CHARS);
    if (whole.endsWith('\\')) pending = whole.slice(0, -1);
    else {
      out.push(whole);
      pending = '';
    }
  }
  if (pending) out.push(pending.trim());
  return out;
}

/** The resource groups of an haresources text; a line without a resource is skipped. */
export function parseHaresources(text: string): ResourceGroup[] {
  const groups: ResourceGroup[] = [];
  for (const line of joined(text)) {
    const [node, ...resources] = line.split(/\s+/);
    if (!node || resources.length === 0) continue;
    const addresses = resources.map(address).filter((a) => a !== undefined);
    groups.push({
      name: safeName(resources[0] as string),
      preferredNode: safeName(node),
      resources: resources.map(safeName),
      vips: addresses.map((a) => safeName(a.vip)),
      interface: safeName(addresses.find((a) => a.iface)?.iface ?? ''),
      ldirectordConfigs: resources
        .filter((r) => r.split('::')[0] === 'ldirectord')
        .map((r) => safeName(r.split('::')[1] ?? 'ldirectord.cf')),
    });
  }
  return groups;
}
