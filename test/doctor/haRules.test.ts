import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/doctor/diagnose.js';
import type { DoctorInput } from '../../src/doctor/types.js';
import type { HaStatus } from '../../src/domain/ha.js';
import { input } from './build.js';

const ha = (over: Partial<HaStatus>): HaStatus => ({
  takenAt: 0,
  daemon: 'heartbeat',
  pid: 5,
  instances: [],
  checks: [],
  cluster: null,
  ldirectord: null,
  syncDaemons: [],
  syncedEntries: null,
  localEntries: null,
  error: null,
  ...over,
});

const cluster = (peer: string): HaStatus['cluster'] => ({
  nodes: [
    { name: 'hb-d2', status: 'active', local: true },
    { name: 'hb-d1', status: peer, local: false },
  ],
  keepaliveMs: 1000,
  deadtimeMs: 4000,
  warntimeMs: null,
  initdeadMs: null,
  autoFailback: null,
});

const ids = (over: Partial<HaStatus>) => diagnose(input({ ha: ha(over) })).filter((f) => f.ruleId.startsWith('ha.'));

describe('HA rules', () => {
  it('a peer heartbeat reports dead is a warning naming it; an active one is nothing', () => {
    expect(ids({ cluster: cluster('dead') })).toEqual([
      expect.objectContaining({
        ruleId: 'ha.peer-dead',
        severity: 'warning',
        where: 'heartbeat node hb-d1',
        what: 'heartbeat reports hb-d1 dead',
      }),
    ]);
    expect(ids({ cluster: cluster('active') })).toEqual([]);
  });

  it('heartbeat configured and not running is one warning (outageRules), whether another daemon runs or none', () => {
    const configs = [{ daemon: 'heartbeat' as const, path: '/etc/ha.d/ha.cf' }];
    const found = (haDaemon: DoctorInput['haDaemon']) =>
      diagnose(input({ ha: ha({ daemon: haDaemon?.running ?? null }), haDaemon })).filter((f) =>
        f.ruleId.startsWith('ha.'),
      );
    const warning = expect.objectContaining({
      ruleId: 'ha.daemon-not-running',
      severity: 'warning',
      where: 'heartbeat',
      why: 'this director takes no part in its pair: its peer cannot fail over to it.',
    });
    expect(found({ running: null, configs })).toEqual([warning]);
    // ldirectord left running after heartbeat died (the lab's "ldirectord alone").
    expect(found({ running: 'ldirectord', seen: 'heartbeat', configs })).toEqual([warning]);
    // Seen running and gone: stopped, not also "not running".
    expect(found({ running: null, seen: 'heartbeat', configs }).map((f) => f.ruleId)).toEqual(['ha.daemon-stopped']);
    expect(found({ running: 'heartbeat', configs })).toEqual([]);
    expect(diagnose(input()).filter((f) => f.ruleId.startsWith('ha.'))).toEqual([]);
  });
});
