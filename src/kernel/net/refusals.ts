/**
 * Connection attempts this host turned away, from the kernel's own counters: TCP resets sent
 * (`Tcp: OutRsts` of /proc/net/snmp, IPv4 and IPv6 together: a SYN to a port nothing listens
 * on is answered by one) and UDP datagrams to no port (`Udp: NoPorts`, and `Udp6NoPorts` of
 * /proc/net/snmp6). A packet for a VIP that IPVS has no service for goes on to the host's own
 * stack and lands here; IPVS's own counters (/proc/net/ip_vs_stats) count only packets it
 * schedules, so they stand still then.
 */
import { readFile } from 'node:fs/promises';

export interface RefusalCount {
  /** Resets sent plus datagrams to no port, since boot. */
  refused: number;
  /** Milliseconds since the epoch. */
  at: number;
}

/** The value under `field` in the `prefix:` header/value line pair of /proc/net/snmp. */
export function snmpValue(text: string, prefix: string, field: string): number | undefined {
  const lines = text.split('\n').filter((l) => l.startsWith(`${prefix}: `));
  if (lines.length < 2) return undefined;
  const names = lines[0]!.split(/\s+/);
  const values = lines[1]!.split(/\s+/);
  const i = names.indexOf(field);
  const n = i > 0 ? Number(values[i]) : Number.NaN;
  return Number.isFinite(n) ? n : undefined;
}

/** The value of `field` in /proc/net/snmp6 (`Udp6NoPorts   12` a line). */
export function snmp6Value(text: string, field: string): number | undefined {
  const m = new RegExp(`^${field}\\s+(\\d+)$`, 'm').exec(text);
  return m ? Number(m[1]) : undefined;
}

/** The count now; /proc/net/snmp6 is absent without IPv6, which counts as nothing refused there. */
export async function readRefusals(proc = '/proc'): Promise<RefusalCount> {
  const at = Date.now();
  const v4 = await readFile(`${proc}/net/snmp`, 'utf8');
  const v6 = await readFile(`${proc}/net/snmp6`, 'utf8').catch(() => '');
  const resets = snmpValue(v4, 'Tcp', 'OutRsts');
  const noPorts = snmpValue(v4, 'Udp', 'NoPorts');
  if (resets === undefined || noPorts === undefined) throw new Error(`${proc}/net/snmp: no Tcp OutRsts or Udp NoPorts`);
  return { refused: resets + noPorts + (snmp6Value(v6, 'Udp6NoPorts') ?? 0), at };
}
