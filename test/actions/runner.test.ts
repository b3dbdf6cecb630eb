/**
 * The action runner with every tool faked: an interface named like a shell
 * command or an option runs nothing (no tool but logger is started, nothing
 * is sent to the kernel), and the outcome shows the command quoted.
 */
import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type NetlinkSocket, RtNetlinkSocket } from 'netlink';
import { afterAll, describe, expect, it } from 'vitest';
import { arpProbeCommand } from '../../src/actions/arpProbe.js';
import { syslogSink } from '../../src/actions/audit.js';
import { actionCommands } from '../../src/actions/describe.js';
import { arpCheckSummary, createKernelActions, refusedCommand } from '../../src/actions/runner.js';
import type { ToolRunner } from '../../src/kernel/exec/systemTool.js';
import { NeighbourClient } from '../../src/kernel/neigh/client.js';

const dir = mkdtempSync(join(tmpdir(), 'ipvstop-runner-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every tool run and every netlink request, recorded; none does anything. */
function harness() {
  const tools: string[][] = [];
  const netlink: number[] = [];
  const runTool: ToolRunner = async (tool, args) => {
    tools.push([tool, ...args]);
    return { stdout: tool === 'arping' ? 'arping from iputils' : '', stderr: '' };
  };
  const socket = Object.assign(new EventEmitter(), {
    request: async (type: number) => {
      netlink.push(type);
      return [[], { port: 0, groups: 0 }];
    },
  });
  const names = new Map([
    [1, 'lo'],
    [7, '$(id>x)'],
  ]);
  const neigh = new NeighbourClient(new RtNetlinkSocket(socket as unknown as NetlinkSocket), () => names);
  const log = syslogSink(runTool, { uid: 0, user: 'root' }, () => true);
  const actions = createKernelActions({ ipvs: undefined, neigh, readOnly: false, canAct: true, runTool, log });
  return { actions, tools, netlink };
}

describe('actions on strangely named interfaces', () => {
  for (const iface of [`$(touch ${dir}/x)`, '-h', `\`touch ${dir}/y\``]) {
    it(`runs nothing for ${JSON.stringify(iface)}`, async () => {
      const h = harness();
      const garp = await h.actions.run({ kind: 'gratuitousArp', address: '192.0.2.1', iface });
      const flush = await h.actions.run({ kind: 'flushNeighbours', iface });
      expect(garp.ok).toBe(false);
      expect(flush.ok).toBe(false);
      expect(garp.message).toMatch(/^arping -U -c 3 -I .+ -s 192\.0\.2\.1 192\.0\.2\.1 failed: invalid interface name/);
      expect(flush.message).toMatch(/^ip neigh flush dev .+ failed: invalid interface name /);
      expect(h.tools.map((c) => c[0])).toEqual(['logger', 'logger']);
      expect(h.netlink).toEqual([]);
      expect(existsSync(join(dir, 'x')) || existsSync(join(dir, 'y'))).toBe(false);
    });
  }

  it('acts on a valid name that looks like a command, as one quoted word', async () => {
    const h = harness();
    const garp = await h.actions.run({ kind: 'gratuitousArp', address: '192.0.2.1', iface: '$(id>x)' });
    expect(garp).toEqual({ ok: true, message: "sent 3 gratuitous ARPs for 192.0.2.1 on '$(id>x)'" });
    const flush = await h.actions.run({ kind: 'flushNeighbours', iface: '$(id>x)' });
    expect(flush).toEqual({ ok: true, message: "flushed 0 neighbour entries on '$(id>x)'" });
    expect(h.tools).toEqual([
      ['arping', '-V'],
      ['arping', '-U', '-c', '3', '-I', '$(id>x)', '-s', '192.0.2.1', '192.0.2.1'],
      [
        'logger',
        '-t',
        'ipvstop',
        '-p',
        'user.notice',
        '--',
        "by root (uid 0): arping -U -c 3 -I '$(id>x)' -s 192.0.2.1 192.0.2.1: " +
          "sent 3 gratuitous ARPs for 192.0.2.1 on '$(id>x)'",
      ],
      [
        'logger',
        '-t',
        'ipvstop',
        '-p',
        'user.notice',
        '--',
        "by root (uid 0): ip neigh flush dev '$(id>x)': flushed 0 neighbour entries on '$(id>x)'",
      ],
    ]);
  });
});

describe('the ARP check', () => {
  const targets = [
    { address: '192.0.2.1', iface: 'eth0', source: '192.0.2.9' },
    { address: '192.0.2.2', iface: 'eth0', source: '192.0.2.9' },
  ];

  it('confirms one arping per VIP, runs each, logs each, and sums up who answered', async () => {
    expect(actionCommands({ kind: 'arpProbe', targets })).toEqual([
      'arping -c 3 -w 4 -I eth0 -s 192.0.2.9 192.0.2.1',
      'arping -c 3 -w 4 -I eth0 -s 192.0.2.9 192.0.2.2',
    ]);
    const h = harness();
    const out = await h.actions.run({ kind: 'arpProbe', targets });
    expect(out.ok).toBe(true);
    expect(out.message).toBe('ARP check of 2 VIPs: no other host answers');
    expect(out.arpCheck?.results.map((r) => [r.address, r.macs])).toEqual([
      ['192.0.2.1', []],
      ['192.0.2.2', []],
    ]);
    expect(h.tools.filter((t) => t[0] === 'arping')).toEqual([
      ['arping', '-c', '3', '-w', '4', '-I', 'eth0', '-s', '192.0.2.9', '192.0.2.1'],
      ['arping', '-c', '3', '-w', '4', '-I', 'eth0', '-s', '192.0.2.9', '192.0.2.2'],
    ]);
    expect(h.tools.filter((t) => t[0] === 'logger').map((t) => t.at(-1))).toEqual([
      'by root (uid 0): arping -c 3 -w 4 -I eth0 -s 192.0.2.9 192.0.2.1: no answer',
      'by root (uid 0): arping -c 3 -w 4 -I eth0 -s 192.0.2.9 192.0.2.2: no answer',
    ]);
  });

  it('names the VIPs another host answers for', () => {
    const result = (address: string, macs: string[]) => ({ address, iface: 'eth0', source: '', command: '', macs });
    const check = { results: [result('192.0.2.1', ['02:00:00:00:00:01']), result('192.0.2.2', [])], at: 0 };
    expect(arpCheckSummary({ ...check, ownMacs: [] })).toBe('ARP check of 2 VIPs: another host answers for 192.0.2.1');
    expect(arpCheckSummary({ ...check, ownMacs: ['02:00:00:00:00:01'] })).toBe(
      'ARP check of 2 VIPs: no other host answers',
    );
  });

  it('sends nothing in --read-only', async () => {
    const tools: string[] = [];
    const runTool: ToolRunner = async (tool) => {
      tools.push(tool);
      return { stdout: '', stderr: '' };
    };
    const neigh = new NeighbourClient();
    const actions = createKernelActions({ ipvs: undefined, neigh, readOnly: true, runTool, log: () => {} });
    expect(await actions.run({ kind: 'arpProbe', targets })).toEqual({
      ok: false,
      message: 'refused: read-only mode (--read-only)',
    });
    expect(tools).toEqual([]);
    neigh.close();
  });
});

describe('refusals', () => {
  // Every refusal goes to syslog with who tried: an attempt without rights or in read-only mode is worth knowing.
  const web = { af: 2, protocol: 6, address: '192.0.2.1', port: 80, fwmark: 0 } as const;
  const targets = [{ address: '192.0.2.1', iface: 'eth0', source: '192.0.2.9' }];
  function refusing(d: { readOnly: boolean; canAct?: boolean }) {
    const tools: string[][] = [];
    const runTool: ToolRunner = async (tool, args) => {
      tools.push([tool, ...args]);
      return { stdout: '', stderr: '' };
    };
    const log = syslogSink(runTool, { uid: 1000, user: 'alice', sshClient: '203.0.113.9' }, () => true);
    const neigh = new NeighbourClient();
    const actions = createKernelActions({ ipvs: undefined, neigh, runTool, log, ...d });
    return { actions, tools, neigh, logged: () => tools.map((t) => t.at(-1)) };
  }

  it.each([
    [{ readOnly: true }, 'read-only mode (--read-only)'],
    [{ readOnly: false, canAct: false }, 'no CAP_NET_ADMIN: run as root to act on the kernel'],
  ])('%j: each refused action is logged with who tried, and nothing else runs', async (d, why) => {
    const h = refusing(d);
    expect(await h.actions.run({ kind: 'zeroService', service: web })).toEqual({
      ok: false,
      message: `refused: ${why}`,
    });
    await h.actions.run({ kind: 'arpProbe', targets });
    h.actions.refused?.('monitor: zeroAll');
    expect(h.tools.every((t) => t[0] === 'logger')).toBe(true);
    expect(h.logged()).toEqual([
      `by alice (uid 1000, ssh 203.0.113.9): ipvsadm -Z -t 192.0.2.1:80: refused: ${why}`,
      `by alice (uid 1000, ssh 203.0.113.9): ${targets.map(arpProbeCommand).join('; ')}: refused: ${why}`,
      `by alice (uid 1000, ssh 203.0.113.9): monitor: zeroAll: refused: ${why}`,
    ]);
    h.neigh.close();
  });

  it('a command refused before any action (ipvstop drain --read-only) is logged as typed', () => {
    const lines: string[] = [];
    const log = (line: string) => lines.push(line);
    expect(refusedCommand('ipvstop drain --server 198.51.100.13', { readOnly: true, log })).toBe(
      'read-only mode (--read-only)',
    );
    expect(refusedCommand('ipvstop drain --server 198.51.100.13', { readOnly: false, canAct: true, log })).toBe(
      undefined,
    );
    expect(lines).toEqual(['ipvstop drain --server 198.51.100.13: refused: read-only mode (--read-only)']);
  });
});
