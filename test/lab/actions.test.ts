/**
 * Every action through KernelActions, checked by its effect on the kernel
 * (read back with ipvsadm, ip and tcpdump, not with our own code).
 */
import { chmodSync, existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createKernelActions } from '../../src/actions/runner.js';
import type { KernelActions } from '../../src/actions/types.js';
import { benchTableRules } from '../../src/bench/measure.js';
import { IpvsClient } from '../../src/kernel/ipvs/client.js';
import { NeighbourClient } from '../../src/kernel/neigh/client.js';
import { captureArp, holdTraffic, ROOT, releaseTraffic, resumeTraffic, sh } from './helpers.js';

const WEB = { af: 2, protocol: 6, address: '192.0.2.1', port: 80, fwmark: 0 } as const;
let ipvs: IpvsClient;
let neigh: NeighbourClient;
let actions: KernelActions;
const logged: string[] = [];

/** Sum of the Conns column of `ipvsadm -L -n --stats --exact` for one service line. */
async function serviceConns(vip: string): Promise<number> {
  const line = (await sh('ipvsadm -L -n --stats --exact'))
    .split('\n')
    .find((l) => l.includes(vip) && !l.includes('->'));
  return Number(line?.trim().split(/\s+/)[2]);
}

beforeAll(async () => {
  ipvs = await IpvsClient.open();
  neigh = new NeighbourClient();
  actions = createKernelActions({ ipvs, neigh, readOnly: false, log: (l) => logged.push(l) });
});
afterAll(() => {
  ipvs.close();
  neigh.close();
});

describe('IPVS actions', () => {
  beforeEach(async () => {
    await sh(`bash ${ROOT}src/lab/guest/services.sh && sleep 3`);
  });
  afterEach(resumeTraffic);

  it('zeroes one service and leaves the others counting', async () => {
    await holdTraffic(); // a still table: zero means 0
    try {
      const other = await serviceConns('192.0.2.2:80');
      expect(await serviceConns('192.0.2.1:80')).toBeGreaterThan(0);
      expect(other).toBeGreaterThan(0);
      const out = await actions.run({ kind: 'zeroService', service: WEB });
      expect(out).toEqual({ ok: true, message: 'zeroed the counters of -t 192.0.2.1:80' });
      expect(await serviceConns('192.0.2.1:80')).toBe(0);
      expect(await serviceConns('192.0.2.2:80')).toBe(other); // not zeroed
      expect(logged.at(-1)).toBe('ipvsadm -Z -t 192.0.2.1:80: zeroed the counters of -t 192.0.2.1:80');
    } finally {
      await releaseTraffic();
    }
  });

  it('zeroes every counter', async () => {
    await holdTraffic(); // not a packet may arrive between the zeroing and the reads
    try {
      const out = await actions.run({ kind: 'zeroAll' });
      expect(out.ok).toBe(true);
      for (const vip of ['192.0.2.1:80', '192.0.2.2:80', '[2001:db8:192::1]:80'])
        expect(await serviceConns(vip)).toBe(0);
    } finally {
      await releaseTraffic();
    }
  });

  it('clears the table', async () => {
    const out = await actions.run({ kind: 'clearTable' });
    expect(out).toEqual({ ok: true, message: 'cleared the IPVS table (4 services removed)' });
    expect(await sh('ipvsadm -S -n')).toBe('');
  });

  it('sets timeouts, 0 keeping the current value', async () => {
    await sh('ipvsadm --set 900 120 300');
    expect((await actions.run({ kind: 'setTimeouts', timeouts: { tcp: 1800, tcpFin: 0, udp: 60 } })).ok).toBe(true);
    expect(await sh('ipvsadm -L --timeout')).toBe('Timeout (tcp tcpfin udp): 1800 120 60\n');
    await sh('ipvsadm --set 900 120 300');
  });

  it('acts while the monitor dumps on the same socket, and neither fails', async () => {
    // Big enough that a dump takes several replies: an action's ACK could land between them.
    writeFileSync('/tmp/race-rules', benchTableRules(300, 10));
    await sh('ipvsadm -R < /tmp/race-rules');
    const failures: string[] = [];
    let polling = true;
    const poll = (async () => {
      while (polling) {
        try {
          for (const s of (await ipvs.services()).slice(0, 20)) await ipvs.dests(s);
        } catch (e) {
          failures.push(`dump: ${(e as Error).message}`);
        }
      }
    })();
    for (let i = 0; i < 30; i++) {
      const out = await actions.run({ kind: 'zeroAll' });
      if (!out.ok) failures.push(`zero: ${out.message}`);
      await new Promise((r) => setTimeout(r, 37));
    }
    polling = false;
    await poll;
    expect(failures).toEqual([]);
  });

  it('reports a kernel error as an outcome, not a throw', async () => {
    const out = await actions.run({ kind: 'zeroService', service: { ...WEB, address: '192.0.2.250' } });
    expect(out.ok).toBe(false);
    expect(out.message).toMatch(/^ipvsadm -Z -t 192\.0\.2\.250:80 failed: /);
  });
});

describe('neighbour actions', () => {
  it('flushes one interface like ip neigh flush dev', async () => {
    await sh('ip neigh replace 198.51.100.77 lladdr 02:00:00:00:00:77 dev lab-rs nud stale');
    await sh('ip neigh replace 198.51.100.78 lladdr 02:00:00:00:00:78 dev lab-rs nud permanent');
    await sh('ip neigh replace 203.0.113.77 lladdr 02:00:00:00:01:77 dev lab-client nud stale');
    const out = await actions.run({ kind: 'flushNeighbours', iface: 'lab-rs' });
    expect(out.ok).toBe(true);
    const rs = await sh('ip neigh show dev lab-rs');
    expect(rs).not.toMatch(/198\.51\.100\.77/);
    expect(rs).toMatch(/198\.51\.100\.78 .*PERMANENT/); // ip neigh flush keeps permanent entries
    expect(await sh('ip neigh show dev lab-client')).toMatch(/203\.0\.113\.77/);
    await sh('ip neigh del 198.51.100.78 dev lab-rs; ip neigh del 203.0.113.77 dev lab-client');
  });

  it('refuses an unknown interface with a clear message', async () => {
    const out = await actions.run({ kind: 'flushNeighbours', iface: 'nope0' });
    expect(out).toEqual({ ok: false, message: 'ip neigh flush dev nope0 failed: no such interface: nope0' });
  });

  it('lists neighbours as ip neigh does', async () => {
    // Traffic keeps resolving neighbours: compare when two reads of ip neigh around ours agree.
    const theirs = async (): Promise<string[]> =>
      (await sh('ip -4 neigh show | awk \'$4=="lladdr" {print $1, $3, $5}\''))
        .trim()
        .split('\n')
        .filter(Boolean)
        .sort();
    for (let i = 0; ; i++) {
      const before = await theirs();
      const ours = (await neigh.list())
        .filter((n) => n.af === 2 && n.lladdr)
        .map((n) => `${n.address} ${n.interface} ${n.lladdr}`)
        .sort();
      const after = await theirs();
      if (JSON.stringify(before) !== JSON.stringify(after) && i < 10) continue;
      expect(ours).toEqual(before);
      break;
    }
  });

  it('sends gratuitous ARP that the client sees', async () => {
    const seen = captureArp();
    await new Promise((r) => setTimeout(r, 1500)); // let tcpdump attach
    const out = await actions.run({ kind: 'gratuitousArp', address: '192.0.2.1', iface: 'lab-client' });
    expect(out).toEqual({ ok: true, message: 'sent 3 gratuitous ARPs for 192.0.2.1 on lab-client' });
    expect(await seen).toMatch(/Request who-has 192\.0\.2\.1 (\(ff:ff:ff:ff:ff:ff\) )?tell 192\.0\.2\.1/);
  });

  it('finds the interface that holds a VIP', async () => {
    expect(await actions.interfaceFor('192.0.2.1')).toBe('lab-client');
    expect(await actions.interfaceFor('198.51.100.12')).toBe('lab-rs');
  });
});

describe('refusals', () => {
  it('read-only refuses every action and does nothing', async () => {
    await sh(`bash ${ROOT}src/lab/guest/services.sh`);
    const ro = createKernelActions({ ipvs, neigh, readOnly: true, log: () => {} });
    expect(ro.refusal).toMatch(/read-only/);
    expect((await ro.run({ kind: 'clearTable' })).ok).toBe(false);
    expect(await sh('ipvsadm -S -n')).not.toBe('');
  });
});

describe('interfaces named like a command or an option', () => {
  // A shell that ever evaluated the name would leave ./x in this (the process's) directory.
  const cwd = process.cwd();
  const dir = mkdtempSync('/tmp/ipvstop-names-');
  const NAME = '$(id>x)';
  beforeAll(async () => {
    process.chdir(dir);
    await sh(`ip link add '${NAME}' type veth peer name vq0 && ip link set '${NAME}' up && ip link set vq0 up`);
    await sh('ip link add name -h type dummy');
  });
  afterAll(async () => {
    process.chdir(cwd);
    await sh('ip link del vq0; ip link del dev -h');
  });

  it('acts on $(id>x) as a plain name, shows and logs it quoted, and runs nothing else', async () => {
    await sh(`ip neigh replace 198.51.100.99 lladdr 02:00:00:00:00:99 dev '${NAME}' nud stale`);
    expect(await actions.run({ kind: 'flushNeighbours', iface: NAME })).toEqual({
      ok: true,
      message: "flushed 1 neighbour entry on '$(id>x)'",
    });
    expect(await sh(`ip neigh show dev '${NAME}'`)).not.toMatch(/198\.51\.100\.99/);
    expect(await actions.run({ kind: 'gratuitousArp', address: '192.0.2.1', iface: NAME })).toEqual({
      ok: true,
      message: "sent 3 gratuitous ARPs for 192.0.2.1 on '$(id>x)'",
    });
    expect(logged.slice(-2)).toEqual([
      "ip neigh flush dev '$(id>x)': flushed 1 neighbour entry on '$(id>x)'",
      "arping -U -c 3 -I '$(id>x)' -s 192.0.2.1 192.0.2.1: sent 3 gratuitous ARPs for 192.0.2.1 on '$(id>x)'",
    ]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses -h, and does not offer it', async () => {
    expect(await actions.interfaces()).toContain(NAME);
    expect(await actions.interfaces()).not.toContain('-h');
    expect(await actions.run({ kind: 'gratuitousArp', address: '192.0.2.1', iface: '-h' })).toEqual({
      ok: false,
      message: "arping -U -c 3 -I -h -s 192.0.2.1 192.0.2.1 failed: invalid interface name -h: starts with '-'",
    });
    expect(await actions.run({ kind: 'flushNeighbours', iface: '-h' })).toEqual({
      ok: false,
      message: "ip neigh flush dev -h failed: invalid interface name -h: starts with '-'",
    });
  });

  it('runs arping from the system directories, not from PATH', async () => {
    const fake = join(dir, 'bin');
    await sh(`mkdir ${fake} && printf '#!/bin/sh\\ntouch ${dir}/fake-arping-ran\\n' > ${fake}/arping`);
    chmodSync(join(fake, 'arping'), 0o755);
    const path = process.env.PATH;
    process.env.PATH = `${fake}:${path}`;
    try {
      const out = await actions.run({ kind: 'gratuitousArp', address: '192.0.2.1', iface: 'lab-client' });
      expect(out.ok).toBe(true);
    } finally {
      process.env.PATH = path;
    }
    expect(existsSync(join(dir, 'fake-arping-ran'))).toBe(false);
  });
});
