import { describe, expect, it } from 'vitest';
import { haBadge, haStatus, isBackupDirector, mismatchMessage } from '../../src/domain/ha.js';
import type { ServiceWithDests } from '../../src/kernel/ipvs/types.js';
import type { HaReading } from '../../src/kernel/keepalived/haReading.js';
import type { CheckedServer, VrrpInstance } from '../../src/kernel/keepalived/types.js';
import { dest as makeDest, service as makeService } from '../output/fixtures.js';

const vi = (state: VrrpInstance['state'], name = 'VI_1'): VrrpInstance => ({
  name,
  state,
  wantState: state,
  vrid: 51,
  interface: 'eth0',
  priority: 150,
  effectivePriority: 150,
  vips: ['10.5.0.100/24'],
  lastTransition: 1_000,
  advertsReceived: 0,
  advertsSent: 3,
  becameMaster: 1,
  releasedMaster: 0,
});

const check = (server: string, up: boolean): CheckedServer => ({
  service: 'TCP 10.5.0.100:80',
  server,
  up,
  weight: 2,
  effectiveWeight: 2,
  checkers: ['TCP_CHECK'],
  failedCheckers: up ? 0 : 1,
  inhibitOnFailure: true,
});

const reading = (instances: VrrpInstance[], checks: CheckedServer[] = [], addresses = ['10.5.0.100']): HaReading => ({
  takenAt: 0,
  daemon: 'keepalived',
  pid: 1,
  keepalived: { instances, checks, masters: new Map([['VI_1', '10.5.0.11']]) },
  addresses,
  syncedEntries: null,
  localEntries: null,
  error: null,
});

const table = (weights: Record<string, number>): ServiceWithDests[] => [
  {
    service: makeService({ address: '10.5.0.100', port: 80 }),
    dests: Object.entries(weights).map(([a, weight]) => makeDest({ address: a, port: 80, weight })),
  },
];

describe('haStatus', () => {
  it('checks the VIPs against the host addresses', () => {
    expect(haStatus(reading([vi('MASTER')]), [], []).instances[0]).toMatchObject({
      vipsPresent: true,
      vipPresence: [{ vip: '10.5.0.100/24', present: true }],
      master: '10.5.0.11',
      transitions: 1,
    });
    expect(haStatus(reading([vi('BACKUP')], [], ['10.5.0.12']), [], []).instances[0]?.vipsPresent).toBe(false);
  });

  it('sets each check beside the kernel weight and names the two mismatches', () => {
    const checks = [check('10.5.0.21:80', true), check('10.5.0.22:80', false), check('10.5.0.23:80', true)];
    const got = haStatus(reading([], checks), table({ '10.5.0.21': 0, '10.5.0.22': 2 }), []).checks;
    expect(got.map((c) => [c.server, c.kernelWeight, c.mismatch])).toEqual([
      ['10.5.0.21:80', 0, 'edited'],
      ['10.5.0.22:80', 2, 'checker'],
      ['10.5.0.23:80', null, 'missing'],
    ]);
    expect(mismatchMessage('checker')).toContain('checker problem');
    const agree = haStatus(reading([], checks.slice(0, 2)), table({ '10.5.0.21': 2, '10.5.0.22': 0 }), []);
    expect(agree.checks.map((c) => c.mismatch)).toEqual([null, null]);
  });
});

describe('the badge and the role', () => {
  it('names each instance with its state, grouped by state, FAULT first; nothing without instances', () => {
    const badge = (states: VrrpInstance[]) => haBadge(haStatus(reading(states), [], []));
    expect(badge([vi('MASTER')])).toBe('MASTER VI_1');
    expect(badge([vi('BACKUP')])).toBe('BACKUP VI_1');
    expect(badge([vi('INIT')])).toBe('INIT VI_1');
    expect(badge([vi('MASTER'), vi('FAULT', 'VI_2')])).toBe('FAULT VI_2, MASTER VI_1');
    expect(badge([vi('BACKUP'), vi('MASTER', 'VI_2'), vi('MASTER', 'VI_3')])).toBe('MASTER VI_2 VI_3, BACKUP VI_1');
    expect(badge([])).toBe('');
    expect(haBadge(undefined)).toBe('');
    expect(isBackupDirector(haStatus(reading([vi('BACKUP')]), [], []))).toBe(true);
    expect(isBackupDirector(haStatus(reading([vi('MASTER')]), [], []))).toBe(false);
  });

  it('shortens to its width: first name and how many more, then counts, then the role', () => {
    const status = haStatus(
      reading([vi('MASTER', 'web_frontend_1'), vi('MASTER', 'VI_2'), vi('MASTER', 'VI_3'), vi('BACKUP', 'VI_4')]),
      [],
      [],
    );
    expect(haBadge(status)).toBe('MASTER web_frontend_1 VI_2 VI_3, BACKUP VI_4');
    expect(haBadge(status, 40)).toBe('MASTER web_frontend_1 +2, BACKUP VI_4');
    expect(haBadge(status, 30)).toBe('3 MASTER, 1 BACKUP');
    expect(haBadge(status, 10)).toBe('MASTER');
    const long = haStatus(reading([vi('BACKUP', 'a_very_long_instance_name')]), [], []);
    expect(haBadge(long, 24)).toBe('BACKUP a_very_long_ins…');
    expect(haBadge(long, 20)).toBe('BACKUP');
  });
});
