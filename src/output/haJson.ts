/** The `ha` part of `ipvstop list --json` (see the README's "HA pair" section for the schema). */
import type { HaStatus } from '../domain/ha.js';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

const seconds = (ms: number | null): number | null => (ms === null ? null : ms / 1000);

export function haJson(s: HaStatus) {
  return {
    daemon: s.daemon,
    pid: s.pid,
    instances: s.instances.map((i) => ({
      name: i.name,
      state: i.state,
      wantState: i.wantState,
      priority: i.priority,
      effectivePriority: i.effectivePriority,
      vrid: i.vrid,
      interface: i.interface,
      vips: i.vips,
      vipsPresent: i.vipsPresent,
      vipPresence: i.vipPresence,
      master: i.master,
      lastTransition: iso(i.lastTransition),
      transitions: i.transitions,
      advertsSent: i.advertsSent,
      advertsReceived: i.advertsReceived,
      daemonState: i.daemonState,
      preferredNode: i.preferredNode,
      resources: i.resources,
    })),
    checks: s.checks.map((c) => ({
      service: c.service,
      server: c.server,
      up: c.up,
      weight: c.kernelWeight,
      configuredWeight: c.weight,
      checkers: c.checkers,
      interval: c.interval ?? null,
      inhibitOnFailure: c.inhibitOnFailure,
      mismatch: c.mismatch,
    })),
    cluster: s.cluster && {
      nodes: s.cluster.nodes,
      keepalive: seconds(s.cluster.keepaliveMs),
      deadtime: seconds(s.cluster.deadtimeMs),
      warntime: seconds(s.cluster.warntimeMs),
      initdead: seconds(s.cluster.initdeadMs),
      autoFailback: s.cluster.autoFailback,
    },
    ldirectord: s.ldirectord,
    syncDaemons: s.syncDaemons.map((d) => ({ state: d.state, interface: d.mcastInterface, syncId: d.syncId })),
    syncedEntries: s.syncedEntries,
    localEntries: s.localEntries,
    error: s.error,
  };
}
