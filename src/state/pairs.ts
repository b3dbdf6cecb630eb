/**
 * Directors that share a VRRP instance are a pair (or a group), and the checks only a view of
 * all of them can make: an instance with two MASTERs or none, a VIP held by a BACKUP or by two
 * directors, a sync daemon on one side only, a peer that was not read. Instances are the same
 * when they have the same virtual router id and share a VIP (a VRID alone is only unique on one
 * network; heartbeat's groups have none and are matched by name and VIP).
 */
import type { DirectorFacts, InstanceFacts } from './directorFacts.js';

export type PairSeverity = 'critical' | 'warning';

export interface PairFinding {
  severity: PairSeverity;
  code: 'split-brain' | 'no-master' | 'vip-on-backup' | 'vip-twice' | 'sync-one-side' | 'peer-not-read';
  message: string;
}

export interface PairMember {
  host: string;
  state: string;
  /** The VIPs (as configured) on this director's interfaces. */
  held: string[];
}

export interface Pair {
  /** The instance's name on its first director (`VI_1`, or heartbeat's resources). */
  instance: string;
  vrid: number;
  vips: string[];
  members: PairMember[];
  findings: PairFinding[];
}

interface Seen {
  host: string;
  facts: DirectorFacts;
  instance: InstanceFacts;
}

const bare = (vip: string): string => (vip.split('/')[0] ?? vip).toLowerCase();
const sameInstance = (a: InstanceFacts, b: InstanceFacts): boolean =>
  a.vrid === b.vrid &&
  (a.vrid !== 0 || a.name === b.name) &&
  (a.vips.length === 0 ? a.name === b.name : a.vips.some((v) => b.vips.some((w) => bare(v) === bare(w))));

/** Instances of all directors, grouped by sameInstance (transitively), in the order first seen. */
function groups(directors: { host: string; facts: DirectorFacts }[]): Seen[][] {
  const out: Seen[][] = [];
  for (const { host, facts } of directors) {
    for (const instance of facts.instances) {
      const joined = out.filter((g) => g.some((s) => sameInstance(s.instance, instance)));
      const merged = [...joined.flat(), { host, facts, instance }];
      // In the place of the first group it joins: pairs stay in the order first seen.
      const at = joined.length > 0 ? out.indexOf(joined[0]!) : out.length;
      out.splice(at, joined.length > 0 ? 1 : 0, merged);
      for (const g of joined.slice(1)) out.splice(out.indexOf(g), 1);
    }
  }
  return out;
}

const names = (hosts: string[]): string => hosts.join(' and ');

function masterFindings(label: string, members: PairMember[]): PairFinding[] {
  const masters = members.filter((m) => m.state === 'MASTER').map((m) => m.host);
  if (masters.length > 1)
    return [
      { severity: 'critical', code: 'split-brain', message: `${label}: MASTER on ${names(masters)} (split brain)` },
    ];
  if (masters.length === 0 && members.length > 1) {
    const states = members.map((m) => `${m.state} on ${m.host}`).join(', ');
    return [{ severity: 'critical', code: 'no-master', message: `${label}: no director is MASTER (${states})` }];
  }
  return [];
}

function vipFindings(label: string, members: PairMember[], vips: string[]): PairFinding[] {
  const out: PairFinding[] = [];
  for (const vip of vips) {
    const holders = members.filter((m) => m.held.some((h) => bare(h) === bare(vip)));
    for (const m of holders.filter((h) => h.state !== 'MASTER')) {
      const message = `${label}: VIP ${bare(vip)} is on ${m.host}, which is ${m.state}`;
      out.push({ severity: 'critical', code: 'vip-on-backup', message });
    }
    if (holders.length > 1) {
      const message = `${label}: VIP ${bare(vip)} is on ${names(holders.map((h) => h.host))}`;
      out.push({ severity: 'critical', code: 'vip-twice', message });
    }
  }
  return out;
}

function pairOf(group: Seen[], unread: string[]): Pair {
  const first = group[0]!.instance;
  const vips = [...new Map(group.flatMap((s) => s.instance.vips).map((v) => [bare(v), v])).values()];
  const members = group.map((s) => ({ host: s.host, state: s.instance.state, held: s.instance.held }));
  const label = first.vrid > 0 ? `${first.name} (vrid ${first.vrid})` : first.name;
  const findings = [...masterFindings(label, members), ...vipFindings(label, members, vips)];
  const withSync = group.filter((s) => s.facts.syncDaemons > 0).map((s) => s.host);
  if (withSync.length > 0 && withSync.length < group.length) {
    const message = `${label}: IPVS sync daemon on ${names(withSync)} only`;
    findings.push({ severity: 'warning', code: 'sync-one-side', message });
  }
  if (group.length === 1) {
    const why = unread.length > 0 ? ` (not read: ${names(unread)})` : '';
    const message = `${label}: seen on ${group[0]!.host} only: its peer was not read${why}`;
    findings.push({ severity: 'warning', code: 'peer-not-read', message });
  }
  return { instance: first.name, vrid: first.vrid, vips, members, findings };
}

/** The pairs among the directors read, with their findings; `unread` names the hosts that could not be. */
export function pairChecks(directors: { host: string; facts: DirectorFacts }[], unread: string[]): Pair[] {
  return groups(directors).map((g) => pairOf(g, unread));
}
