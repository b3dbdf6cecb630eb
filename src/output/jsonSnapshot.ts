/**
 * `ipvstop list --json`: one snapshot. Counters are exact integers in the
 * JSON text even past 2^53 (they are u64 in the kernel); rates are the
 * kernel's estimates. See the README for the schema.
 */
import type { Destination, IpvsSnapshot, Service, Stats } from '../kernel/ipvs/types.js';
import type { ConnTableSummary } from '../kernel/proc/types.js';
import { attributeConnections, type ConnCounts } from '../state/connByService.js';

/** JSON.stringify with bigints written as bare integers. */
export function stringifyExact(value: unknown, indent = 2): string {
  const marked = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? `\u0000big:${v}` : v), indent);
  return marked.replace(/"\\u0000big:(-?\d+)"/g, '$1');
}

const PROTOCOLS: Record<number, string> = { 6: 'TCP', 17: 'UDP', 132: 'SCTP' };

function stats(s: Stats): Record<string, bigint | number> {
  return { ...s };
}

function serviceJson(s: Service, conns: ConnCounts | undefined) {
  return {
    af: s.af === 10 ? 'inet6' : 'inet',
    protocol: s.fwmark ? null : PROTOCOLS[s.protocol],
    address: s.fwmark ? null : s.address,
    port: s.fwmark ? null : s.port,
    fwmark: s.fwmark || null,
    scheduler: s.scheduler,
    flags: s.flags,
    persistent: (s.flags & 0x1) !== 0,
    onePacket: (s.flags & 0x4) !== 0,
    timeout: s.timeout,
    netmask: s.netmask,
    peName: s.peName || null,
    stats: stats(s.stats),
    connStates: conns?.states ?? null,
    templates: conns?.templates ?? null,
  };
}

function destJson(d: Destination, conns: ConnCounts | undefined) {
  return {
    af: d.af === 10 ? 'inet6' : 'inet',
    address: d.address,
    port: d.port,
    forward: d.forward,
    weight: d.weight,
    upperThreshold: d.upperThreshold,
    lowerThreshold: d.lowerThreshold,
    activeConns: d.activeConns,
    inactiveConns: d.inactiveConns,
    persistentConns: d.persistentConns,
    tunnelType: d.tunnelType ?? null,
    tunnelPort: d.tunnelPort ?? null,
    tunnelFlags: d.tunnelFlags ?? null,
    stats: stats(d.stats),
    connStates: conns?.states ?? null,
    templates: conns?.templates ?? null,
  };
}

/** The snapshot as JSON text; `conns` is undefined when the table could not be read, and `connError` says why. */
export function formatJson(snap: IpvsSnapshot, conns: ConnTableSummary | undefined, connError?: string): string {
  const who = conns ? attributeConnections(snap.services, conns) : undefined;
  const all = conns ? { states: { ...conns.states }, templates: { ...conns.templates } } : undefined;
  if (all) for (const [k, v] of Object.entries(conns!.templates)) all.states[k] = (all.states[k] ?? 0) + v;
  return `${stringifyExact({
    schema: 1,
    takenAt: new Date(snap.takenAt).toISOString(),
    info: snap.info,
    timeouts: snap.timeouts,
    daemons: snap.daemons,
    connStates: all?.states ?? null,
    templates: all?.templates ?? null,
    connRows: conns?.rows ?? null,
    connMalformed: conns?.malformed ?? null,
    connTruncated: conns?.truncated ?? null,
    connError: connError ?? null,
    services: snap.services.map(({ service, dests }) => ({
      ...serviceJson(service, who?.services.get(service)),
      dests: dests.map((d) => destJson(d, who?.dests.get(d))),
    })),
  })}\n`;
}
