/** The `ha` part of `ipvstop list --json` (see the README's "HA pair" section for the schema). */
import type { HaStatus } from '../ipvs/ha.js';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

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
    })),
    checks: s.checks.map((c) => ({
      service: c.service,
      server: c.server,
      up: c.up,
      weight: c.kernelWeight,
      configuredWeight: c.weight,
      checkers: c.checkers,
      inhibitOnFailure: c.inhibitOnFailure,
      mismatch: c.mismatch,
    })),
    ldirectord: s.ldirectord,
    syncDaemons: s.syncDaemons.map((d) => ({ state: d.state, interface: d.mcastInterface, syncId: d.syncId })),
    syncedEntries: s.syncedEntries,
    localEntries: s.localEntries,
    error: s.error,
  };
}
