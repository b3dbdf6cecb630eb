import { describe, expect, it } from 'vitest';
import { arpProbeCommand, probeVips } from '../../src/actions/arpProbe.js';
import { arpTargets } from '../../src/doctor/arpRules.js';
import { diagnose } from '../../src/doctor/diagnose.js';
import { parseArpingReplies } from '../../src/kernel/arp/probe.js';
import type { ToolRunner } from '../../src/kernel/exec/systemTool.js';
import { dest, fwmarkService, service } from '../ui/fakes.js';
import { ids, input } from './build.js';

const OUT = `ARPING 192.0.2.1 from 198.51.100.1 eth0
Unicast reply from 192.0.2.1 [52:54:00:AA:BB:01]  0.612ms
Unicast reply from 192.0.2.1 [52:54:00:AA:BB:02]  0.700ms
Unicast reply from 192.0.2.1 [52:54:00:AA:BB:01]  0.598ms
Sent 3 probes (1 broadcast(s))
Received 3 response(s)
`;

describe('the doctor: who answers ARP for a VIP (--arp)', () => {
  it("reads every MAC in arping's replies, once each", () => {
    expect(parseArpingReplies(OUT)).toEqual(['52:54:00:aa:bb:01', '52:54:00:aa:bb:02']);
    expect(parseArpingReplies('Sent 3 probes (3 broadcast(s))\nReceived 0 response(s)\n')).toEqual([]);
  });

  it('asks for each IPv4 VIP held here, from a non-VIP address of its interface', () => {
    const services = [
      { service: service('192.0.2.1'), dests: [dest('198.51.100.11')] },
      { service: service('192.0.2.1', 443), dests: [dest('198.51.100.11')] },
      { service: service('192.0.2.9'), dests: [dest('198.51.100.11')] }, // not held here
      { service: fwmarkService(7), dests: [dest('198.51.100.11')] },
    ];
    const addresses = [
      { af: 2 as const, address: '192.0.2.1', prefixLength: 32, interface: 'eth0' },
      { af: 2 as const, address: '203.0.113.1', prefixLength: 24, interface: 'eth0' },
    ];
    expect(arpTargets({ services, addresses })).toEqual({
      targets: [{ address: '192.0.2.1', iface: 'eth0', source: '203.0.113.1' }],
      skipped: [],
    });
    expect(arpTargets({ services, addresses: addresses.slice(0, 1) }).skipped).toEqual([
      'ARP for 192.0.2.1: no address of ours on eth0 but VIPs to ask from',
    ]);
  });

  it('calls a VIP answered by a MAC not of this director critical, and logs each probe with its command', async () => {
    const target = { address: '192.0.2.1', iface: 'eth0', source: '203.0.113.1' };
    expect(arpProbeCommand(target)).toBe('arping -c 3 -w 4 -I eth0 -s 203.0.113.1 192.0.2.1');
    const logged: string[] = [];
    const run: ToolRunner = async () => ({ stdout: OUT, stderr: '' });
    const arp = await probeVips([target], { run, log: (l) => logged.push(l) });
    expect(logged).toEqual([
      'arping -c 3 -w 4 -I eth0 -s 203.0.113.1 192.0.2.1: answered by 52:54:00:aa:bb:01, 52:54:00:aa:bb:02',
    ]);
    const f = diagnose(input({ arp, ownMacs: ['52:54:00:aa:bb:01'] }));
    expect(ids(f)).toEqual(['critical arp.vip-answered-elsewhere 192.0.2.1 on eth0']);
    expect(f[0]?.what).toBe('ARP for the VIP answered by 52:54:00:aa:bb:02 (2 MACs)');
    expect(ids(diagnose(input({ arp: [{ ...arp[0]!, macs: [] }], ownMacs: [] })))).toEqual([]);
  });

  it('takes "nobody answered" (arping exits 1) as an answer, and a failure as not checked', async () => {
    const target = { address: '192.0.2.1', iface: 'eth0', source: '203.0.113.1' };
    const silent: ToolRunner = async () => {
      throw Object.assign(new Error('exit 1'), { stdout: 'Sent 3 probes (3 broadcast(s))\nReceived 0 response(s)\n' });
    };
    expect(await probeVips([target], { run: silent, log: () => {} })).toEqual([
      { ...target, command: arpProbeCommand(target), macs: [] },
    ]);
    const missing: ToolRunner = async () => {
      throw new Error('arping not found');
    };
    const arp = await probeVips([target], { run: missing, log: () => {} });
    expect(ids(diagnose(input({ arp })))).toEqual(['info doctor.unchecked 192.0.2.1 on eth0']);
  });
});
