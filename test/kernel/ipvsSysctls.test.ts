/** The net.ipv4.vs settings as list --json carries them: every file of the folder, by dotted name, as sysctl prints it. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readForwardingSysctls, readIpvsSysctls } from '../../src/kernel/sysctl.js';

const dir = mkdtempSync(join(tmpdir(), 'ipvstop-vs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readIpvsSysctls', () => {
  it('each setting by name, in name order; several numbers joined by one space as sysctl prints them', async () => {
    writeFileSync(join(dir, 'sync_ports'), '1\n');
    writeFileSync(join(dir, 'conntrack'), '0\n');
    writeFileSync(join(dir, 'sync_qlen_max'), '1024\t2048\n');
    mkdirSync(join(dir, 'not_a_setting'));
    expect(await readIpvsSysctls(dir)).toEqual({
      'net.ipv4.vs.conntrack': '0',
      'net.ipv4.vs.sync_ports': '1',
      'net.ipv4.vs.sync_qlen_max': '1024 2048',
    });
    expect(Object.keys((await readIpvsSysctls(dir)) ?? {})).toEqual([
      'net.ipv4.vs.conntrack',
      'net.ipv4.vs.sync_ports',
      'net.ipv4.vs.sync_qlen_max',
    ]);
  });

  it('null without the folder (IPVS not loaded)', async () => {
    expect(await readIpvsSysctls(join(dir, 'absent'))).toBeNull();
  });
});

describe('readForwardingSysctls', () => {
  it('ip_forward, and the ARP and reverse-path settings of every interface, a dot in its name as sysctl writes it', async () => {
    const root = join(dir, 'sys');
    for (const d of ['net/ipv4/conf/all', 'net/ipv4/conf/eth0.100', 'net/ipv6/conf/all']) {
      mkdirSync(join(root, d), { recursive: true });
    }
    writeFileSync(join(root, 'net/ipv4/ip_forward'), '1\n');
    writeFileSync(join(root, 'net/ipv4/conf/all/arp_ignore'), '1\n');
    writeFileSync(join(root, 'net/ipv4/conf/eth0.100/rp_filter'), '2\n');
    expect(await readForwardingSysctls(root)).toEqual({
      'net.ipv4.ip_forward': '1',
      'net.ipv4.conf.all.arp_ignore': '1',
      'net.ipv4.conf.eth0/100.rp_filter': '2',
    });
  });
});
