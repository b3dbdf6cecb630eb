import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/doctor/diagnose.js';
import type { HaStatus } from '../../src/ipvs/ha.js';
import { input } from './build.js';

const ha = (over: Partial<HaStatus>): HaStatus => ({
  takenAt: 0,
  daemon: 'heartbeat',
  pid: 5,
  instances: [],
  checks: [],
  configuredNotRunning: [],
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

  it('heartbeat configured and not running is a warning', () => {
    expect(ids({ daemon: null, configuredNotRunning: ['heartbeat'] })).toEqual([
      expect.objectContaining({ ruleId: 'ha.daemon-not-running', severity: 'warning', where: 'heartbeat' }),
    ]);
    expect(diagnose(input()).filter((f) => f.ruleId.startsWith('ha.'))).toEqual([]);
  });
});
