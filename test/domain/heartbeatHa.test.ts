import { describe, expect, it } from 'vitest';
import { haBadge, haStatus, isBackupDirector } from '../../src/domain/ha.js';
import type { RscStatus } from '../../src/kernel/heartbeat/clStatus.js';
import type { HeartbeatReading } from '../../src/kernel/heartbeat/reader.js';
import type { ServiceWithDests } from '../../src/kernel/ipvs/types.js';
import type { HaReading, LdirectordReading } from '../../src/kernel/keepalived/haReading.js';
import { parseLdirectordFile } from '../../src/kernel/keepalived/ldirectord.js';
import { haJson } from '../../src/output/haJson.js';
import { dest as makeDest, service as makeService } from '../output/fixtures.js';

const group = (preferredNode: string) => ({
  name: 'IPaddr2::10.6.0.100/24/eth0',
  preferredNode,
  resources: ['IPaddr2::10.6.0.100/24/eth0', 'ldirectord::ldirectord.cf'],
  vips: ['10.6.0.100/24'],
  interface: 'eth0',
  ldirectordConfigs: ['ldirectord.cf'],
});

const heartbeat = (localNode: string, rscstatus: RscStatus | null, peer = 'active'): HeartbeatReading => ({
  localNode,
  cf: {
    nodes: ['hb-d1', 'hb-d2'],
    keepaliveMs: 1000,
    deadtimeMs: 4000,
    warntimeMs: 2000,
    initdeadMs: 8000,
    autoFailback: 'off',
  },
  groups: [group('hb-d1')],
  status: {
    nodes: [
      { name: localNode, status: 'active' },
      { name: localNode === 'hb-d1' ? 'hb-d2' : 'hb-d1', status: peer },
    ],
    rscstatus,
    errors: [],
  },
  errors: [],
});

// As the lab's (hb-config.sh): quiescent=yes set globally, no on 8080.
const LDIRECTORD_CF = `checkinterval=2
quiescent=yes
virtual=10.6.0.100:80
	real=10.6.0.21:80 gate 1
	real=10.6.0.22:80 gate 2
	checktype=connect
virtual=10.6.0.100:8080
	real=10.6.0.21:8080 gate 3
	real=10.6.0.22:8080 gate 3
	checktype=connect
	quiescent=no
`;
const ldirectord = (pid: number | null): LdirectordReading => ({
  config: '/etc/ha.d/ldirectord.cf',
  pid,
  ...parseLdirectordFile(LDIRECTORD_CF),
});

const reading = (hb: HeartbeatReading, addresses: string[], ld = ldirectord(7)): HaReading => ({
  takenAt: 0,
  daemon: 'heartbeat',
  pid: 5,
  heartbeat: hb,
  ldirectord: ld,
  addresses,
  syncedEntries: null,
  localEntries: null,
  error: null,
});

const table = (port: number, weights: Record<string, number>): ServiceWithDests => ({
  service: makeService({ address: '10.6.0.100', port }),
  dests: Object.entries(weights).map(([a, weight]) => makeDest({ address: a, port, weight })),
});

describe('heartbeat in HaStatus words', () => {
  it("the preferred node holding its group (rscstatus all or local) is MASTER, heartbeat's word beside it", () => {
    for (const rsc of ['all', 'local'] as const) {
      const s = haStatus(reading(heartbeat('hb-d1', rsc), ['10.6.0.100']), [], []);
      expect(s.instances).toEqual([
        expect.objectContaining({
          name: 'IPaddr2::10.6.0.100/24/eth0',
          state: 'MASTER',
          daemonState: rsc,
          preferredNode: 'hb-d1',
          vipsPresent: true,
          master: null,
        }),
      ]);
      expect(haBadge(s)).toBe('MASTER heartbeat');
    }
  });

  it('the peer of the preferred node: local or none is BACKUP (held by the active peer); foreign or all is MASTER', () => {
    // rscstatus is the node's: `local` on hb-d2 says it holds its own groups (none), not hb-d1's.
    for (const rsc of ['local', 'none'] as const) {
      const s = haStatus(reading(heartbeat('hb-d2', rsc), []), [], []);
      expect(s.instances[0]).toMatchObject({ state: 'BACKUP', daemonState: rsc, master: 'hb-d1', vipsPresent: false });
      expect(isBackupDirector(s)).toBe(true);
      expect(haBadge(s)).toBe('BACKUP heartbeat');
    }
    for (const rsc of ['foreign', 'all'] as const) {
      const s = haStatus(reading(heartbeat('hb-d2', rsc, 'dead'), ['10.6.0.100']), [], []);
      expect(s.instances[0]).toMatchObject({ state: 'MASTER', daemonState: rsc, master: null });
    }
  });

  it('transition, or no answer from cl_status: INIT, neither role', () => {
    const moving = haStatus(reading(heartbeat('hb-d2', 'transition', 'dead'), []), [], []);
    expect(moving.instances[0]).toMatchObject({ state: 'INIT', daemonState: 'transition' });
    expect(isBackupDirector(moving)).toBe(false);
    expect(haStatus(reading(heartbeat('hb-d1', null), []), [], []).instances[0]?.state).toBe('INIT');
  });

  it('this node first, whatever order cl_status lists the nodes in', () => {
    const hb = heartbeat('hb-d1', 'local');
    hb.status.nodes.reverse();
    const s = haStatus(reading(hb, []), [], []);
    expect(s.cluster?.nodes.map((n) => n.name)).toEqual(['hb-d1', 'hb-d2']);
  });

  it('the nodes with their status and the timers; in JSON in seconds', () => {
    const s = haStatus(reading(heartbeat('hb-d2', 'all', 'dead'), []), [], []);
    expect(s.cluster).toMatchObject({
      nodes: [
        { name: 'hb-d2', status: 'active', local: true },
        { name: 'hb-d1', status: 'dead', local: false },
      ],
      keepaliveMs: 1000,
      deadtimeMs: 4000,
    });
    expect(haJson(s)).toMatchObject({
      daemon: 'heartbeat',
      cluster: { keepalive: 1, deadtime: 4, warntime: 2, initdead: 8, autoFailback: 'off' },
    });
  });
});

describe("ldirectord's checks, read from the kernel table it writes", () => {
  const services = [table(80, { '10.6.0.21': 0, '10.6.0.22': 2 }), table(8080, { '10.6.0.21': 3 })];

  it('quiesced to weight 0 (quiescent=yes) or removed (quiescent=no): down; with weight: up; type, interval, weights', () => {
    const s = haStatus(reading(heartbeat('hb-d1', 'all'), ['10.6.0.100']), services, []);
    expect(s.checks.map((c) => [c.service, c.server, c.up, c.kernelWeight, c.weight, c.checkers, c.interval])).toEqual([
      ['TCP 10.6.0.100:80', '10.6.0.21:80', false, 0, 1, ['connect'], 2],
      ['TCP 10.6.0.100:80', '10.6.0.22:80', true, 2, 2, ['connect'], 2],
      ['TCP 10.6.0.100:8080', '10.6.0.21:8080', true, 3, 3, ['connect'], 2],
      ['TCP 10.6.0.100:8080', '10.6.0.22:8080', false, null, 3, ['connect'], 2],
    ]);
    expect(s.checks.every((c) => c.mismatch === null)).toBe(true);
  });

  it('a weight 0 set by hand where ldirectord removes failed servers is an edit, not a failure', () => {
    const s = haStatus(reading(heartbeat('hb-d1', 'all'), []), [table(8080, { '10.6.0.21': 0 })], []);
    expect(s.checks.find((c) => c.server === '10.6.0.21:8080')).toMatchObject({ up: true, mismatch: 'edited' });
  });

  it('no check states while ldirectord does not run here (the backup): its services only', () => {
    const s = haStatus(reading(heartbeat('hb-d2', 'local'), [], ldirectord(null)), [], []);
    expect(s.checks).toEqual([]);
    expect(s.ldirectord?.services).toHaveLength(2);
  });
});
