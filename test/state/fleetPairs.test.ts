/**
 * The fleet's rows and pair checks, from the watch lines real directors write (formatWatchLine over
 * a fixture table and keepalived's instances through haStatus): grouping by VRRP instance, split
 * brain, no MASTER, a VIP on a BACKUP or on two directors, a sync daemon on one side, a peer not
 * read; and remote documents that are not what list --json writes give one line, never a misread.
 */
import { describe, expect, it } from 'vitest';
import type { SyncDaemon } from '../../src/kernel/ipvs/types.js';
import { readDirectorFacts } from '../../src/state/directorFacts.js';
import type { HostView } from '../../src/state/fleetSession.js';
import { fleetView } from '../../src/state/fleetView.js';
import { pairChecks } from '../../src/state/pairs.js';
import { type Director, watchLineOf } from '../output/directorFixture.js';
import { vrrpInstance } from '../ui/fakes.js';

const documentOf = (host: string, d: Director): unknown => JSON.parse(watchLineOf(host, d));

const view = (host: string, d: Director | 'down'): HostView => ({
  host,
  state: d === 'down' ? 'unreachable' : 'reachable',
  ageMs: d === 'down' ? null : 100,
  document: d === 'down' ? null : (documentOf(host, d) as HostView['document']),
  reason: d === 'down' ? 'ssh: connect to host lb-b port 22: Connection refused' : null,
  badDocuments: 0,
  sessions: 1,
});

const findings = (...hosts: HostView[]) => fleetView(hosts).pairs.flatMap((p) => p.findings.map((f) => f.message));

const MASTER = { instances: [vrrpInstance({ state: 'MASTER' })], addresses: ['10.5.0.100'] };
const BACKUP = { instances: [vrrpInstance({})] };

describe('a director row', () => {
  it("holds the document's totals, its instances, the VIPs it holds and the doctor's counts", () => {
    expect(readDirectorFacts(documentOf('lb-a', MASTER))).toEqual({
      instances: [{ name: 'VI_1', vrid: 51, state: 'MASTER', vips: ['10.5.0.100/24'], held: ['10.5.0.100/24'] }],
      syncDaemons: 0,
      services: 1,
      usable: 1,
      servers: 2,
      activeConns: 4,
      inactiveConns: 8,
      cps: 21,
      inBps: 12_000,
      outBps: 30_500,
      doctor: { critical: 0, warning: 2 },
    });
  });

  it('a document that is not what list --json --watch writes: one line saying where, no row facts', () => {
    const doc = documentOf('lb-a', MASTER) as { ha: { instances: { state: string }[] } };
    doc.ha.instances[0]!.state = '\u001b[2J';
    expect(readDirectorFacts(doc)).toBe("ha instance 1: 'state' is missing or not what list --json writes");
    expect(readDirectorFacts([])).toBe('not a JSON object');
    const row = fleetView([{ ...view('lb-a', MASTER), document: doc as unknown as HostView['document'] }]).rows[0];
    expect([row?.facts, row?.reason]).toEqual([
      null,
      "not a list --json --watch document: ha instance 1: 'state' is missing or not what list --json writes",
    ]);
  });
});

describe('pair checks', () => {
  it('a healthy pair: grouped by its instance, MASTER holding the VIP, no finding', () => {
    const { pairs } = fleetView([view('lb-a', MASTER), view('lb-b', BACKUP)]);
    expect(pairs).toEqual([
      {
        instance: 'VI_1',
        vrid: 51,
        vips: ['10.5.0.100/24'],
        members: [
          { host: 'lb-a', state: 'MASTER', held: ['10.5.0.100/24'] },
          { host: 'lb-b', state: 'BACKUP', held: [] },
        ],
        findings: [],
        drift: [],
      },
    ]);
  });

  it("the drift between the pair's tables, and only theirs", () => {
    const doc = documentOf('lb-b', BACKUP) as { services: { dests: { weight: number }[] }[] };
    doc.services[0]!.dests[0]!.weight = 3;
    const changed = { ...view('lb-b', BACKUP), document: doc as unknown as HostView['document'] };
    const other = {
      instances: [vrrpInstance({ state: 'MASTER', vips: ['10.6.0.100/24'] })],
      addresses: ['10.6.0.100'],
    };
    const { pairs } = fleetView([view('lb-a', MASTER), changed, view('lb-c', other)]);
    expect(pairs.map((p) => p.drift.map((d) => d.line))).toEqual([
      ['TCP 10.5.0.100:80: weight of 10.0.0.11:80 is 5 on lb-a, 3 on lb-b'],
      [],
    ]);
  });

  it('two MASTERs holding the VIP: split brain, and the VIP on both', () => {
    expect(findings(view('lb-a', MASTER), view('lb-b', MASTER))).toEqual([
      'VI_1 (vrid 51): MASTER on lb-a and lb-b (split brain)',
      'VI_1 (vrid 51): VIP 10.5.0.100 is on lb-a and lb-b',
    ]);
  });

  it('no MASTER, and a BACKUP that still holds the VIP', () => {
    const stuck = { instances: [vrrpInstance({})], addresses: ['10.5.0.100'] };
    expect(findings(view('lb-a', stuck), view('lb-b', BACKUP))).toEqual([
      'VI_1 (vrid 51): no director is MASTER (BACKUP on lb-a, BACKUP on lb-b)',
      'VI_1 (vrid 51): VIP 10.5.0.100 is on lb-a, which is BACKUP',
    ]);
  });

  it('a sync daemon on one side only', () => {
    const sync: SyncDaemon[] = [{ state: 'master', mcastInterface: 'eth0', syncId: 51 }];
    expect(findings(view('lb-a', { ...MASTER, sync }), view('lb-b', BACKUP))).toEqual([
      'VI_1 (vrid 51): IPVS sync daemon on lb-a only',
    ]);
  });

  it('a peer not read: the instance seen on one director, the unread host named', () => {
    expect(findings(view('lb-a', MASTER), view('lb-b', 'down'))).toEqual([
      'VI_1 (vrid 51): seen on lb-a only: its peer was not read (not read: lb-b)',
    ]);
  });

  it('the same VRID on two networks with other VIPs is two pairs, not a split brain', () => {
    const other = {
      instances: [vrrpInstance({ state: 'MASTER', vips: ['10.6.0.100/24'] })],
      addresses: ['10.6.0.100'],
    };
    const { pairs } = fleetView([
      view('lb-a', MASTER),
      view('lb-b', BACKUP),
      view('lb-c', other),
      view('lb-d', { instances: [vrrpInstance({ vips: ['10.6.0.100/24'] })] }),
    ]);
    expect(pairs.map((p) => [p.vips, p.members.map((m) => m.host), p.findings])).toEqual([
      [['10.5.0.100/24'], ['lb-a', 'lb-b'], []],
      [['10.6.0.100/24'], ['lb-c', 'lb-d'], []],
    ]);
  });

  it('pairs in the order first seen, whatever order their second directors come in', () => {
    const other = {
      instances: [vrrpInstance({ state: 'MASTER', vips: ['10.6.0.100/24'] })],
      addresses: ['10.6.0.100'],
    };
    const { pairs } = fleetView([view('lb-a', MASTER), view('lb-c', other), view('lb-b', BACKUP)]);
    expect(pairs.map((p) => p.members.map((m) => m.host))).toEqual([['lb-a', 'lb-b'], ['lb-c']]);
  });

  it('directors without an HA daemon make no pair', () => {
    expect(pairChecks([], ['lb-a'])).toEqual([]);
    expect(fleetView([view('lb-a', {}), view('lb-b', {})]).pairs).toEqual([]);
  });
});
