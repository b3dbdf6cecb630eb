/**
 * `ipvstop list --json`: one snapshot. Counters are exact integers in the
 * JSON text even past 2^53 (they are u64 in the kernel); rates are the
 * kernel's estimates. See the README for the schema.
 */

import { attributeConnections, type ConnCounts } from '../domain/attribution.js';
import { isOnePacket, isPersistent } from '../domain/flags.js';
import type { HaStatus } from '../domain/ha.js';
import { familyName, protocolName } from '../domain/names.js';
import type { Destination, IpvsSnapshot, Service, Stats } from '../kernel/ipvs/types.js';
import { addCounts } from '../kernel/proc/connParser.js';
import type { ConnTableSummary, StateCounts } from '../kernel/proc/types.js';
import { haJson } from './haJson.js';

/** JSON.stringify with bigints written as bare integers. */
export function stringifyExact(value: unknown, indent = 2): string {
  const marked = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? `\u0000big:${v}` : v), indent);
  return marked.replace(/"\\u0000big:(-?\d+)"/g, '$1');
}

function stats(s: Stats): Record<string, bigint | number> {
  return { ...s };
}

/** `connStates` means every entry, templates included (what `ipvsadm -Lcn | ... | uniq -c` counts). */
function connStates(c: ConnCounts): StateCounts {
  const all = { ...c.conns };
  addCounts(all, c.templates);
  return all;
}

/** connStates and templates of a service or real server; null for both when the table could not be read. */
function connJson(c: ConnCounts | undefined) {
  return { connStates: c ? connStates(c) : null, templates: c?.templates ?? null };
}

function serviceJson(s: Service, conns: ConnCounts | undefined) {
  return {
    af: familyName(s.af),
    protocol: s.fwmark ? null : protocolName(s.protocol),
    address: s.fwmark ? null : s.address,
    port: s.fwmark ? null : s.port,
    fwmark: s.fwmark || null,
    scheduler: s.scheduler,
    flags: s.flags,
    persistent: isPersistent(s),
    onePacket: isOnePacket(s),
    timeout: s.timeout,
    netmask: s.netmask,
    peName: s.peName || null,
    stats: stats(s.stats),
    ...connJson(conns),
  };
}

function destJson(d: Destination, conns: ConnCounts | undefined, savedWeight: number | undefined) {
  return {
    af: familyName(d.af),
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
    savedWeight: savedWeight ?? null,
    stats: stats(d.stats),
    ...connJson(conns),
  };
}

/**
 * What one `list --json` document is made of. `conns` is undefined when the connection table could
 * not be read (`connError` says why); `ha` and `sysctls` are null when they were not read.
 * `savedWeights`: the weight ipvstop saved when it drained a real server, for those it still applies
 * to (savedWeightsNow); `savedWeightsError` why the saved weights could not be read.
 */
export interface ListRead {
  snap: IpvsSnapshot;
  conns?: ConnTableSummary;
  connError?: string;
  ha?: HaStatus;
  sysctls?: Record<string, string> | null;
  savedWeights?: ReadonlyMap<Destination, number>;
  savedWeightsError?: string;
}

/** The snapshot as the JSON document's value. */
export function listDocument(r: ListRead) {
  const { snap, conns, savedWeights } = r;
  const who = conns ? attributeConnections(snap.services, conns) : undefined;
  const all = conns ? { conns: conns.states, templates: conns.templates } : undefined;
  return {
    schema: 1,
    takenAt: new Date(snap.takenAt).toISOString(),
    info: snap.info,
    timeouts: snap.timeouts,
    daemons: snap.daemons,
    ...connJson(all),
    connRows: conns?.rows ?? null,
    connMalformed: conns?.malformed ?? null,
    connTruncated: conns?.truncated ?? null,
    connError: r.connError ?? null,
    services: snap.services.map(({ service, dests }) => ({
      ...serviceJson(service, who?.services.get(service)),
      dests: dests.map((d) => destJson(d, who?.dests.get(d), savedWeights?.get(d))),
    })),
    ha: r.ha ? haJson(r.ha) : null,
    sysctls: r.sysctls ?? null,
    savedWeightsError: r.savedWeightsError ?? null,
  };
}

/** `ipvstop list --json`: listDocument as indented JSON text. */
export function formatJson(r: ListRead): string {
  return `${stringifyExact(listDocument(r))}\n`;
}
