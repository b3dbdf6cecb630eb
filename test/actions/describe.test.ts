import { describe, expect, it } from 'vitest';
import { describeAction } from '../../src/actions/describe.js';
import { stats } from '../output/fixtures.js';

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

describe('the ipvsadm -e of a weight change spells every setting out', () => {
  const web = { af: 2, protocol: 6, address: '192.0.2.1', port: 80, fwmark: 0 } as const;
  const base = {
    af: 2,
    address: '198.51.100.11',
    port: 80,
    forward: 'masq',
    connFlags: 0,
    weight: 5,
    upperThreshold: 100,
    lowerThreshold: 20,
    activeConns: 0,
    inactiveConns: 0,
    persistentConns: 0,
    stats: stats(),
    stats64: true,
  } as const;
  it.each([
    [{}, 'ipvsadm -e -t 192.0.2.1:80 -r 198.51.100.11:80 -m -w 0 -x 100 -y 20'],
    [{ forward: 'route' }, 'ipvsadm -e -t 192.0.2.1:80 -r 198.51.100.11:80 -g -w 0 -x 100 -y 20'],
    [
      { forward: 'tunnel', tunnelType: 'ipip', tunnelPort: 0, tunnelFlags: 0 },
      'ipvsadm -e -t 192.0.2.1:80 -r 198.51.100.11:80 -i -w 0 -x 100 -y 20 --tun-type ipip',
    ],
    [
      { forward: 'tunnel', tunnelType: 'gue', tunnelPort: 6080, tunnelFlags: 0 },
      'ipvsadm -e -t 192.0.2.1:80 -r 198.51.100.11:80 -i -w 0 -x 100 -y 20 --tun-type gue --tun-port 6080 --tun-nocsum',
    ],
    [
      { forward: 'tunnel', tunnelType: 'gue', tunnelPort: 6080, tunnelFlags: 2 },
      'ipvsadm -e -t 192.0.2.1:80 -r 198.51.100.11:80 -i -w 0 -x 100 -y 20 --tun-type gue --tun-port 6080 --tun-remcsum',
    ],
    [
      { forward: 'tunnel', tunnelType: 'gre', tunnelPort: 0, tunnelFlags: 1 },
      'ipvsadm -e -t 192.0.2.1:80 -r 198.51.100.11:80 -i -w 0 -x 100 -y 20 --tun-type gre --tun-csum',
    ],
    [
      { af: 10, address: '2001:db8::11', forward: 'tunnel', tunnelType: 'gre', tunnelFlags: 0 },
      "ipvsadm -e -t 192.0.2.1:80 -r '[2001:db8::11]:80' -i -w 0 -x 100 -y 20 --tun-type gre --tun-nocsum",
    ],
  ] as const)('%j', (change, command) => {
    expect(describeAction({ kind: 'setWeight', service: web, dest: { ...base, ...change }, weight: 0 })).toBe(command);
  });

  it('names a fwmark server with its port 0, which ipvsadm needs', () => {
    const fwm = { af: 10, protocol: 0, address: '::', port: 0, fwmark: 43 } as const;
    const dest = { ...base, af: 10, address: '2001:db8::12', port: 0, upperThreshold: 0, lowerThreshold: 0 } as const;
    expect(describeAction({ kind: 'setWeight', service: fwm, dest, weight: 3 })).toBe(
      "ipvsadm -e -f 43 -6 -r '[2001:db8::12]:0' -m -w 3 -x 0 -y 0",
    );
  });
});
