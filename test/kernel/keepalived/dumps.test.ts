/**
 * keepalived's dumps as the lab's real keepalived 2.2.7 wrote them (src/lab/guest/ha.sh):
 * `master` and `backup` are the two directors at rest, `rsdown` the master after 10.5.0.22's
 * HTTP service stopped, `takeover` the backup after the master's keepalived stopped, `fault`
 * that director after its link went down. `control` is made by hand from `backup` and `master`
 * (see its test).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCheckData } from '../../../src/kernel/keepalived/checkData.js';
import { parseMasterRouters } from '../../../src/kernel/keepalived/vrrpData.js';
import { parseVrrpJson } from '../../../src/kernel/keepalived/vrrpJson.js';

const fixture = (name: string): string =>
  readFileSync(new URL(`../../fixtures/keepalived/${name}`, import.meta.url), 'utf8');

describe('the JSON dump', () => {
  it('reads the master: state, priorities, VIPs without their flags, transition, adverts', () => {
    const [vi] = parseVrrpJson(fixture('master-keepalived.json'));
    expect(vi).toEqual({
      name: 'VI_1',
      state: 'MASTER',
      wantState: 'MASTER',
      vrid: 51,
      interface: 'eth0',
      priority: 150,
      effectivePriority: 150,
      vips: ['10.5.0.100/24'],
      lastTransition: expect.any(Number),
      advertsReceived: expect.any(Number),
      advertsSent: expect.any(Number),
      becameMaster: 1,
      releasedMaster: 0,
    });
    expect(vi?.advertsSent).toBeGreaterThan(0);
    expect(new Date(vi?.lastTransition ?? 0).getUTCFullYear()).toBe(2026);
  });

  it('tells BACKUP, the takeover and FAULT apart', () => {
    expect(parseVrrpJson(fixture('backup-keepalived.json'))[0]).toMatchObject({ state: 'BACKUP', priority: 100 });
    expect(parseVrrpJson(fixture('takeover-keepalived.json'))[0]).toMatchObject({ state: 'MASTER', becameMaster: 1 });
    expect(parseVrrpJson(fixture('fault-keepalived.json'))[0]).toMatchObject({ state: 'FAULT' });
  });

  it('reads a dump whose names carry raw control characters (keepalived writes them unescaped), keeping them', () => {
    // control-keepalived.json: the backup and master dumps as one, with SO, BEL and ESC[2J raw in
    // VI_1's name and SI in VI_2's interface, as keepalived writes such names.
    const text = fixture('control-keepalived.json');
    expect(() => JSON.parse(text)).toThrow('Bad control character');
    const [backup, master] = parseVrrpJson(text);
    expect(backup).toMatchObject({ name: 'VI_\x0e1\x07\x1b[2J', state: 'BACKUP', vips: ['10.5.0.100/24'] });
    expect(master).toMatchObject({ name: 'VI_2', state: 'MASTER', interface: 'eth\x0f1', vrid: 52 });
  });

  it('escapes only inside strings: escaped quotes and backslashes keep their meaning', () => {
    const text = '[{"data":{"iname":"a\\\\\t\\"b\x01","ifp_ifname":"c"},\n\t"stats":{}}]';
    expect(parseVrrpJson(text)[0]).toMatchObject({ name: 'a\\\t"b\x01', interface: 'c' });
  });

  it('refuses text that is not a dump', () => {
    expect(() => parseVrrpJson('{"a":1}')).toThrow('not a list');
    expect(() => parseVrrpJson('[{"data":')).toThrow();
  });
});

describe('the check dump', () => {
  it('lists every real server with its state, weights and checks', () => {
    expect(parseCheckData(fixture('master-keepalived_check.data'))).toEqual([
      {
        service: 'TCP 10.5.0.100:80',
        server: '10.5.0.21:80',
        up: true,
        weight: 1,
        effectiveWeight: 1,
        checkers: ['TCP_CHECK'],
        failedCheckers: 0,
        inhibitOnFailure: false,
      },
      expect.objectContaining({ server: '10.5.0.22:80', weight: 2, checkers: ['TCP_CHECK'] }),
      expect.objectContaining({ service: 'TCP 10.5.0.100:8080', server: '10.5.0.21:8080', checkers: ['HTTP_GET'] }),
      expect.objectContaining({ server: '10.5.0.22:8080', up: true, inhibitOnFailure: true }),
    ]);
  });

  it('shows the server whose service stopped as down, by its HTTP check', () => {
    const down = parseCheckData(fixture('rsdown-keepalived_check.data')).filter((s) => !s.up);
    expect(down).toEqual([expect.objectContaining({ server: '10.5.0.22:8080', failedCheckers: 1, weight: 3 })]);
  });

  it('reads nothing from text without virtual servers', () => {
    expect(parseCheckData('')).toEqual([]);
  });
});

describe('the VRRP data dump', () => {
  it('names the master on the backup only', () => {
    expect(parseMasterRouters(fixture('backup-keepalived.data'))).toEqual(new Map([['VI_1', '10.5.0.11']]));
    expect(parseMasterRouters(fixture('takeover-keepalived.data'))).toEqual(new Map());
  });
});
