/** The doctor's ldirectord rules over the HA reading as haStatus makes it (heartbeat with ldirectord as its resource). */
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/doctor/diagnose.js';
import type { DoctorInput } from '../../src/doctor/types.js';
import { haStatus } from '../../src/domain/ha.js';
import type { RscStatus } from '../../src/kernel/heartbeat/clStatus.js';
import type { HeartbeatReading } from '../../src/kernel/heartbeat/reader.js';
import type { ServiceWithDests } from '../../src/kernel/ipvs/types.js';
import type { HaReading } from '../../src/kernel/keepalived/haReading.js';
import { parseLdirectordFile } from '../../src/kernel/keepalived/ldirectord.js';
import { dest as makeDest, service as makeService } from '../output/fixtures.js';
import { input } from './build.js';

const heartbeat = (localNode: string, rscstatus: RscStatus): HeartbeatReading => ({
  localNode,
  cf: null,
  groups: [
    {
      name: 'IPaddr2::10.6.0.100/24/eth0',
      preferredNode: 'hb-d1',
      resources: ['IPaddr2::10.6.0.100/24/eth0', 'ldirectord::web.cf'],
      vips: ['10.6.0.100/24'],
      interface: 'eth0',
      ldirectordConfigs: ['web.cf'],
    },
  ],
  status: { nodes: [], rscstatus, errors: [] },
  errors: [],
});

// As the lab's (hb-config.sh): port 80 quiescent=yes, 8080 quiescent=no.
const CF = (autoreload = 'no') => `autoreload=${autoreload}
quiescent=yes
virtual=10.6.0.100:80
	real=10.6.0.21:80 gate 1
	real=10.6.0.22:80 gate 2
virtual=10.6.0.100:8080
	real=10.6.0.21:8080 gate 3
	real=10.6.0.22:8080 gate 3
	quiescent=no
`;

const reading = (hb: HeartbeatReading | undefined, pid: number | null, autoreload = 'no'): HaReading => ({
  takenAt: 0,
  daemon: hb ? 'heartbeat' : 'ldirectord',
  pid: 5,
  heartbeat: hb,
  ldirectord: { config: '/etc/ha.d/web.cf', pid, ...parseLdirectordFile(CF(autoreload)) },
  addresses: ['10.6.0.100'],
  syncedEntries: null,
  localEntries: null,
  error: null,
});

const table = (port: number, weights: Record<string, number>): ServiceWithDests => ({
  service: makeService({ address: '10.6.0.100', port }),
  dests: Object.entries(weights).map(([a, weight]) => makeDest({ address: a, port, weight, forward: 'route' })),
});
const FULL = [table(80, { '10.6.0.21': 1, '10.6.0.22': 2 }), table(8080, { '10.6.0.21': 3, '10.6.0.22': 3 })];

const found = (r: HaReading, services = FULL, over: Partial<DoctorInput> = {}) =>
  diagnose(input({ services, ha: haStatus(r, services, []), ...over })).filter((f) =>
    f.ruleId.startsWith('ha.ldirectord-'),
  );

describe('ldirectord, a resource of the group this node holds, not running', () => {
  it('is critical on the MASTER, naming the group and the start command', () => {
    expect(found(reading(heartbeat('hb-d1', 'all'), null), [])).toEqual([
      {
        ruleId: 'ha.ldirectord-not-running',
        severity: 'critical',
        where: 'heartbeat group IPaddr2::10.6.0.100/24/eth0',
        what: 'this node holds the group (MASTER), and its resource ldirectord::web.cf is not running',
        why: expect.stringContaining('nothing checks the real servers'),
        remedy: 'ldirectord web.cf start (heartbeat starts it only when it takes the group)',
      },
    ]);
  });

  it('is nothing on the BACKUP, in transition, or while it runs', () => {
    expect(found(reading(heartbeat('hb-d2', 'local'), null), [])).toEqual([]);
    expect(found(reading(heartbeat('hb-d1', 'transition'), null), [])).toEqual([]);
    expect(found(reading(heartbeat('hb-d1', 'all'), 7))).toEqual([]);
  });
});

describe('a server of ldirectord.cf that the kernel lacks', () => {
  it('with quiescent=yes (a failed server stays at weight 0): a warning with the command that puts it back', () => {
    const services = [table(80, { '10.6.0.21': 0 }), FULL[1]!];
    expect(found(reading(undefined, 7), services)).toEqual([
      expect.objectContaining({
        ruleId: 'ha.ldirectord-server-missing',
        severity: 'warning',
        where: 'TCP 10.6.0.100:80 -> 10.6.0.22:80',
        remedy:
          'ldirectord /etc/ha.d/web.cf reload (it puts back every server it lists), or ipvsadm -a -t 10.6.0.100:80 -r 10.6.0.22:80 -g -w 2',
      }),
    ]);
  });

  it('a whole service gone is one finding, whatever quiescent says', () => {
    expect(found(reading(undefined, 7), [FULL[0]!]).map((f) => [f.where, f.what])).toEqual([
      ['TCP 10.6.0.100:8080', "in /etc/ha.d/web.cf with 2 real servers, not in the kernel's table"],
    ]);
  });

  it('is nothing with quiescent=no (a failed check removes it), while ldirectord does not run, or before the table is all read', () => {
    const failed = [FULL[0]!, table(8080, { '10.6.0.21': 3 })];
    expect(found(reading(undefined, 7), failed)).toEqual([]);
    expect(found(reading(heartbeat('hb-d2', 'local'), null), [])).toEqual([]);
    expect(found(reading(undefined, 7), [table(80, { '10.6.0.21': 1 })], { servicesNotRead: 1 })).toEqual([]);
  });

  it('is nothing for a name ldirectord resolves itself (a host name, a range)', () => {
    const r = reading(undefined, 7);
    r.ldirectord = {
      ...r.ldirectord!,
      ...parseLdirectordFile(
        'quiescent=yes\nvirtual=www.example:80\n\treal=web1:80 gate\nvirtual=10.6.0.100:80\n\treal=10.6.0.30->10.6.0.31:80 gate\n',
      ),
    };
    expect(found(r, [table(80, {})])).toEqual([]);
  });
});

describe('ldirectord.cf changed since ldirectord started', () => {
  const startedAt = Date.parse('2026-01-01T11:00:00Z');
  const times = (configModifiedAt: number) => ({ config: '/etc/ha.d/web.cf', startedAt, configModifiedAt });

  it('with autoreload=no (also when not set: its default): a warning naming both times', () => {
    expect(found(reading(undefined, 7), FULL, { ldirectordTimes: times(startedAt + 60_000) })).toEqual([
      expect.objectContaining({
        ruleId: 'ha.ldirectord-config-changed',
        severity: 'warning',
        where: '/etc/ha.d/web.cf',
        what: 'modified 2026-01-01T11:01:00.000Z, after ldirectord (pid 7) started 2026-01-01T11:00:00.000Z, with autoreload=no',
      }),
    ]);
    const unset = reading(undefined, 7);
    unset.ldirectord = { ...unset.ldirectord!, ...parseLdirectordFile(CF().replace('autoreload=no\n', '')) };
    expect(found(unset, FULL, { ldirectordTimes: times(startedAt + 60_000) })).toHaveLength(1);
  });

  it('is nothing with autoreload=yes, for a file older than the start, or without the times', () => {
    expect(found(reading(undefined, 7, 'yes'), FULL, { ldirectordTimes: times(startedAt + 60_000) })).toEqual([]);
    expect(found(reading(undefined, 7), FULL, { ldirectordTimes: times(startedAt - 60_000) })).toEqual([]);
    expect(found(reading(undefined, 7), FULL)).toEqual([]);
  });
});
