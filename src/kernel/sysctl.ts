/**
 * Kernel settings read from /proc/sys, and the lines of the sysctl
 * configuration files that set them at boot.
 *
 * The files are read synchronously: a file of /proc/sys is a few bytes and never blocks, a sysctl
 * configuration file a few KiB, and an exporter's scrape reads some 45 of them. Through fs/promises
 * each file was four trips to libuv's thread pool (open, fstat, read, close) and their wake-ups,
 * several times the reads' own system calls. The functions stay async for their callers.
 */
import { readdirSync, readFileSync } from 'node:fs';

const readText = (path: string): string => readFileSync(path, 'utf8');

/** The settings as integers, by their dotted name; a setting this kernel lacks (or that is unreadable) is absent. */
export async function readSysctls(names: readonly string[]): Promise<Record<string, number>> {
  const values: Record<string, number> = {};
  for (const name of names) {
    try {
      const n = Number.parseInt(readText(`/proc/sys/${name.replaceAll('.', '/')}`), 10);
      if (Number.isFinite(n)) values[name] = n;
    } catch {
      // Absent on this kernel (or IPVS not loaded): the rules that need it do not run.
    }
  }
  return values;
}

/** One setting line of a sysctl configuration file. */
export interface SysctlFileLine {
  path: string;
  /** 1-based. */
  line: number;
  /** Dotted, as sysctl(8) takes it ('/' separators turned into '.'). */
  key: string;
  value: string;
}

/** `key = value` lines of one file's text; comments (`#`, `;`) and blank lines skipped. */
export function parseSysctlFile(path: string, text: string): SysctlFileLine[] {
  const lines: SysctlFileLine[] = [];
  text.split('\n').forEach((raw, i) => {
    const t = raw.trim();
    const eq = t.indexOf('=');
    if (t === '' || t.startsWith('#') || t.startsWith(';') || eq < 0) return;
    // A leading '-' tells sysctl to ignore a failure for that key; it is not part of the key.
    const key = t.slice(0, eq).trim().replace(/^-/, '').replaceAll('/', '.');
    lines.push({ path, line: i + 1, key, value: t.slice(eq + 1).trim() });
  });
  return lines;
}

/** What /etc/sysctl.conf and /etc/sysctl.d/*.conf set (files that cannot be read are skipped). */
export async function readSysctlConfig(root = '/etc'): Promise<SysctlFileLine[]> {
  const paths = [`${root}/sysctl.conf`];
  try {
    const names = readdirSync(`${root}/sysctl.d`)
      .filter((n) => n.endsWith('.conf'))
      .sort();
    paths.push(...names.map((n) => `${root}/sysctl.d/${n}`));
  } catch {
    // No sysctl.d: only sysctl.conf.
  }
  const lines: SysctlFileLine[] = [];
  for (const path of paths) {
    try {
      lines.push(...parseSysctlFile(path, readText(path)));
    } catch {
      // Absent or unreadable: nothing set there that we could see.
    }
  }
  return lines;
}

/** Where this network namespace's IPVS settings are (absent until ip_vs is loaded). */
export const IPVS_SYSCTL_DIR = '/proc/sys/net/ipv4/vs';

/**
 * Every `net.ipv4.vs.*` setting of this network namespace, by its dotted name, as sysctl(8)
 * prints it (several numbers are joined by one space: `sync_ports`, `amemthresh` with
 * others); null when there are none (IPVS not loaded). Some are strings (`est_cpulist`), so
 * all are kept as text. A setting that cannot be read (write-only, or gone meanwhile) is left out.
 */
export async function readIpvsSysctls(dir = IPVS_SYSCTL_DIR): Promise<Record<string, string> | null> {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return null;
  }
  const values: Record<string, string> = {};
  for (const name of names) {
    try {
      values[`net.ipv4.vs.${name}`] = readText(`${dir}/${name}`).trim().split(/\s+/).join(' ');
    } catch {
      // Not readable: not shown.
    }
  }
  return values;
}

/** Per-interface settings a director's ARP and routing behaviour hangs on (DR real servers, VIPs on lo). */
const CONF_SETTINGS = ['rp_filter', 'arp_ignore', 'arp_announce', 'arp_filter', 'accept_local', 'send_redirects'];

/** One setting's file as text (several numbers joined by one space, as sysctl(8) prints them), or undefined. */
function readSetting(path: string): string | undefined {
  try {
    return readText(path).trim().split(/\s+/).join(' ');
  } catch {
    return undefined;
  }
}

/**
 * The settings beside IPVS's that decide how a director forwards and answers ARP: ip_forward (and
 * IPv6 forwarding), and rp_filter, arp_ignore, arp_announce... of `all`, `default` and every
 * interface (the kernel uses the larger of `all` and the interface's for most of them), by their
 * dotted name. Absent ones are left out.
 */
export async function readForwardingSysctls(root = '/proc/sys'): Promise<Record<string, string>> {
  const files: [string, string][] = [
    ['net.ipv4.ip_forward', 'net/ipv4/ip_forward'],
    ['net.ipv6.conf.all.forwarding', 'net/ipv6/conf/all/forwarding'],
  ];
  let dirs: string[];
  try {
    dirs = readdirSync(`${root}/net/ipv4/conf`);
  } catch {
    dirs = [];
  }
  // sysctl(8) writes a dot in an interface name (eth0.100) as '/'; so does this.
  for (const dir of dirs.sort()) {
    for (const s of CONF_SETTINGS)
      files.push([`net.ipv4.conf.${dir.replaceAll('.', '/')}.${s}`, `net/ipv4/conf/${dir}/${s}`]);
  }
  const values: Record<string, string> = {};
  for (const [name, path] of files) {
    const value = readSetting(`${root}/${path}`);
    if (value !== undefined) values[name] = value;
  }
  return values;
}
