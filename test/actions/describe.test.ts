import { describe, expect, it } from 'vitest';
import { describeAction } from '../../src/actions/describe.js';

describe('the command each action equals', () => {
  it.each([
    [
      { kind: 'zeroService', service: { af: 2, protocol: 6, address: '192.0.2.1', port: 80, fwmark: 0 } },
      'ipvsadm -Z -t 192.0.2.1:80',
    ],
    [
      { kind: 'zeroService', service: { af: 10, protocol: 17, address: '2001:db8::1', port: 53, fwmark: 0 } },
      "ipvsadm -Z -u '[2001:db8::1]:53'",
    ],
    [
      { kind: 'zeroService', service: { af: 2, protocol: 132, address: '192.0.2.1', port: 3868, fwmark: 0 } },
      'ipvsadm -Z --sctp-service 192.0.2.1:3868',
    ],
    [
      { kind: 'zeroService', service: { af: 10, protocol: 0, address: '::', port: 0, fwmark: 7 } },
      'ipvsadm -Z -f 7 -6',
    ],
    [{ kind: 'zeroAll' }, 'ipvsadm -Z'],
    [{ kind: 'clearTable' }, 'ipvsadm -C'],
    [{ kind: 'setTimeouts', timeouts: { tcp: 900, tcpFin: 0, udp: 300 } }, 'ipvsadm --set 900 0 300'],
    [{ kind: 'flushNeighbours', iface: 'eth0' }, 'ip neigh flush dev eth0'],
    [{ kind: 'gratuitousArp', address: '192.0.2.1', iface: 'eth0' }, 'arping -U -c 3 -I eth0 -s 192.0.2.1 192.0.2.1'],
  ] as const)('%j', (action, command) => {
    expect(describeAction(action)).toBe(command);
  });
});

describe('the command shown for a strange interface name', () => {
  it.each([
    ['$(id>x)', "ip neigh flush dev '$(id>x)'", "arping -U -c 3 -I '$(id>x)' -s 192.0.2.1 192.0.2.1"],
    ["a'b", "ip neigh flush dev 'a'\\''b'", "arping -U -c 3 -I 'a'\\''b' -s 192.0.2.1 192.0.2.1"],
    ['\x1b[2J', "ip neigh flush dev $'\\x1b[2J'", "arping -U -c 3 -I $'\\x1b[2J' -s 192.0.2.1 192.0.2.1"],
  ])('%j is quoted', (iface, flush, garp) => {
    expect(describeAction({ kind: 'flushNeighbours', iface })).toBe(flush);
    expect(describeAction({ kind: 'gratuitousArp', address: '192.0.2.1', iface })).toBe(garp);
  });
});
