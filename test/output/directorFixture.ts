/** A director's watch line as a real one writes it (formatWatchLine over a fixture table, its HA through haStatus). */
import { haStatus } from '../../src/domain/ha.js';
import type { SyncDaemon } from '../../src/kernel/ipvs/types.js';
import type { VrrpInstance } from '../../src/kernel/keepalived/types.js';
import { formatWatchLine } from '../../src/output/watchJson.js';
import { NO_HA_DAEMON } from '../ui/fakes.js';
import { dest, service, snapshot, stats } from './fixtures.js';

export interface Director {
  instances?: VrrpInstance[];
  /** Addresses on its interfaces (a VIP among them is held). */
  addresses?: string[];
  sync?: SyncDaemon[];
}

/** The parsed watch document of a director with one web service, two real servers (one drained). */
export function watchLineOf(host: string, d: Director): string {
  const services = [
    {
      service: service({ address: '10.5.0.100', stats: stats({ cps: 21, inBps: 12_000, outBps: 30_500 }) }),
      dests: [dest({ address: '10.0.0.11', weight: 5 }), dest({ address: '10.0.0.12', weight: 0, activeConns: 1 })],
    },
  ];
  const reading = {
    ...NO_HA_DAEMON,
    daemon: d.instances ? ('keepalived' as const) : null,
    addresses: d.addresses ?? [],
    keepalived: d.instances ? { masters: new Map(), instances: d.instances, checks: [] } : undefined,
  };
  const ha = haStatus(reading, services, d.sync ?? []);
  const doctor = { status: 'WARNING' as const, critical: 0, warning: 2, info: 0 };
  return formatWatchLine({ snap: snapshot(services), ha }, { host, seq: 1, doctor });
}
