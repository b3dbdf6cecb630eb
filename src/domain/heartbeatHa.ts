/**
 * heartbeat and ldirectord in the words every HA daemon's reading takes (HaStatus, keepalived's
 * vocabulary), so that the pane, the events, the doctor and the JSON need nothing of their own:
 * - a resource group is an instance, MASTER where this node holds it and BACKUP where it does not,
 *   with heartbeat's own word (`cl_status rscstatus`) beside it. rscstatus speaks of the node, not
 *   the group: `local` means this node holds the groups it prefers (only those), `foreign` the
 *   groups its peer prefers (only those), `all` both, `none` neither. So a group this node prefers
 *   is held with all or local, one its peer prefers with all or foreign. `transition` (resources
 *   being taken or given up) is INIT: keepalived's word for "not settled", which claims neither
 *   role, so that nothing counts this node as master or backup until heartbeat is done. Without
 *   an answer from cl_status the state is unknown: INIT too, and the reading's error says why.
 * - ldirectord's checks have no dump to read: its verdict is in the kernel table it writes. A
 *   failed server is set to weight 0 (quiescent=yes) or removed (quiescent=no), so a server with
 *   weight is up, one without (or, with quiescent=yes, with weight 0) is down.
 */

import type { ResourceGroup } from '../kernel/heartbeat/haresources.js';
import type { HeartbeatReading } from '../kernel/heartbeat/reader.js';
import type { LdirectordReading } from '../kernel/keepalived/haReading.js';
import type { CheckedServer, VrrpInstance, VrrpState } from '../kernel/keepalived/types.js';

/** A cluster node as heartbeat reports it. */
export interface HaNode {
  name: string;
  /** heartbeat's word: active, up, init, dead. */
  status: string;
  /** This node (the one ipvstop runs on). */
  local: boolean;
}

/** heartbeat's view of the cluster: its nodes and its timers (ha.cf, milliseconds). */
export interface HaCluster {
  nodes: HaNode[];
  keepaliveMs: number | null;
  deadtimeMs: number | null;
  warntimeMs: number | null;
  initdeadMs: number | null;
  autoFailback: string | null;
}

/** The instance fields heartbeat adds to keepalived's (which leaves them empty). */
export interface InstanceOwnership {
  /** The daemon's own word for the state (heartbeat's rscstatus), or null. */
  daemonState: string | null;
  /** The node that prefers the group (heartbeat), or null. */
  preferredNode: string | null;
  resources: string[];
}

function groupState(group: ResourceGroup, hb: HeartbeatReading): VrrpState {
  const rsc = hb.status.rscstatus;
  if (rsc === null || rsc === 'transition') return 'INIT';
  const mine = group.preferredNode === hb.localNode;
  return rsc === 'all' || rsc === (mine ? 'local' : 'foreign') ? 'MASTER' : 'BACKUP';
}

/** The node that holds what this one does not: the other one heartbeat calls active. */
function holder(hb: HeartbeatReading): string | null {
  return hb.status.nodes.find((n) => n.name !== hb.localNode && n.status === 'active')?.name ?? null;
}

/** Each resource group as an instance, with the VRRP-only numbers at 0 (heartbeat has none). */
export function heartbeatInstances(hb: HeartbeatReading): (VrrpInstance & InstanceOwnership)[] {
  return hb.groups.map((g) => {
    const state = groupState(g, hb);
    return {
      name: g.name,
      state,
      wantState: state,
      vrid: 0,
      interface: g.interface,
      priority: 0,
      effectivePriority: 0,
      vips: g.vips,
      lastTransition: null,
      advertsReceived: 0,
      advertsSent: 0,
      becameMaster: 0,
      releasedMaster: 0,
      daemonState: hb.status.rscstatus,
      preferredNode: g.preferredNode,
      resources: g.resources,
      master: state === 'BACKUP' ? holder(hb) : null,
    };
  });
}

export function heartbeatCluster(hb: HeartbeatReading): HaCluster {
  const known = hb.status.nodes.length
    ? hb.status.nodes
    : (hb.cf?.nodes ?? []).map((name) => ({ name, status: 'unknown' }));
  const nodes = known.map((n) => ({ ...n, local: n.name === hb.localNode }));
  return {
    // This node first (cl_status lists them in no set order), the others as heartbeat lists them.
    nodes: [...nodes.filter((n) => n.local), ...nodes.filter((n) => !n.local)],
    keepaliveMs: hb.cf?.keepaliveMs ?? null,
    deadtimeMs: hb.cf?.deadtimeMs ?? null,
    warntimeMs: hb.cf?.warntimeMs ?? null,
    initdeadMs: hb.cf?.initdeadMs ?? null,
    autoFailback: hb.cf?.autoFailback ?? null,
  };
}

/** ldirectord's verdict on each real server it checks, read from the kernel's weights; [] while it does not run. */
export function ldirectordChecks(ld: LdirectordReading, weights: Map<string, number>): CheckedServer[] {
  if (ld.pid === null) return [];
  return ld.services.flatMap((s) =>
    s.reals.map((r) => {
      const kernel = weights.get(`${s.service}|${r.server}`);
      const up = kernel !== undefined && (kernel > 0 || !s.quiescent);
      return {
        service: s.service,
        server: r.server,
        up,
        weight: r.weight,
        effectiveWeight: up ? r.weight : 0,
        checkers: [s.checkService ? `${s.checkType}:${s.checkService}` : s.checkType],
        failedCheckers: up ? 0 : 1,
        inhibitOnFailure: s.quiescent,
        interval: s.checkInterval,
      };
    }),
  );
}
