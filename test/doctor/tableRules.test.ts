import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/doctor/diagnose.js';
import type { ServiceWithDests } from '../../src/kernel/ipvs/types.js';
import { dest, service } from '../ui/fakes.js';
import { conns, ids, input } from './build.js';

const one = (dests: ServiceWithDests['dests'], over: Partial<ServiceWithDests['service']> = {}): ServiceWithDests[] => [
  { service: { ...service('192.0.2.1'), ...over }, dests },
];
const found = (services: ServiceWithDests[], groups: Parameters<typeof conns>[1] = []) =>
  ids(diagnose(input({ services, conns: conns(services, groups) })));

describe('the doctor: the IPVS table', () => {
  it('calls a service with no usable real server critical: none, all weight 0, all full', () => {
    expect(found(one([]))).toEqual(['critical service.no-usable-server TCP 192.0.2.1:80']);
    const drained = dest('198.51.100.11', 0, { activeConns: 1 });
    expect(found(one([drained]))).toEqual(['critical service.no-usable-server TCP 192.0.2.1:80']);
    const full = dest('198.51.100.11', 1, { upperThreshold: 7 });
    expect(found(one([full, drained]))).toEqual([
      'critical service.no-usable-server TCP 192.0.2.1:80',
      'warning server.at-upper-threshold TCP 192.0.2.1:80 -> 198.51.100.11:80',
    ]);
  });

  it('warns of a server at its upper threshold (active + inactive, as the kernel counts)', () => {
    const at = dest('198.51.100.11', 1, { upperThreshold: 7 }); // 2 active + 5 inactive
    const below = dest('198.51.100.12', 1, { upperThreshold: 8 });
    expect(found(one([at, below]))).toEqual(['warning server.at-upper-threshold TCP 192.0.2.1:80 -> 198.51.100.11:80']);
  });

  it('tells of a weight-0 server that has drained, not of one still draining', () => {
    const empty = { activeConns: 0, inactiveConns: 0 };
    const drained = dest('198.51.100.12', 0, empty);
    const draining = dest('198.51.100.13', 0);
    expect(found(one([dest('198.51.100.11'), drained, draining]))).toEqual([
      'info server.drained TCP 192.0.2.1:80 -> 198.51.100.12:80',
    ]);
    expect(found(one([dest('198.51.100.11'), { ...drained, persistentConns: 1 }]))).toEqual([]);
  });

  it('warns when wrr/wlc connections are far from the weights, once there are enough of them', () => {
    const dests = [dest('198.51.100.11', 1), dest('198.51.100.12', 3)];
    const spread = (a: number, b: number) => [
      { destAddress: '198.51.100.11', states: { ESTABLISHED: a } },
      { destAddress: '198.51.100.12', states: { ESTABLISHED: b } },
    ];
    expect(found(one(dests), spread(25, 75))).toEqual([]);
    expect(found(one(dests), spread(70, 50))).toEqual(['warning service.spread-off-weights TCP 192.0.2.1:80']);
    expect(found(one(dests), spread(40, 40))).toEqual([]); // too few to tell
    expect(found(one(dests, { scheduler: 'rr' }), spread(60, 60))).toEqual([]); // rr ignores weights
    expect(found(one(dests, { flags: 3, timeout: 300 }), spread(60, 60))).toEqual([]); // persistence pins clients
  });

  it('warns of SYN_RECV piling up on a service, and of a server with SYN_RECV and no ESTABLISHED', () => {
    const dests = [dest('198.51.100.11'), dest('198.51.100.12')];
    const dead = { destAddress: '198.51.100.12', states: { SYN_RECV: 30 } };
    const healthy = { destAddress: '198.51.100.11', states: { ESTABLISHED: 60, SYN_RECV: 3 } };
    expect(found(one(dests), [healthy, dead])).toEqual([
      'warning service.syn-recv-piling TCP 192.0.2.1:80',
      'warning server.syn-recv-only TCP 192.0.2.1:80 -> 198.51.100.12:80',
    ]);
    // 30 of 1030 is a busy healthy service; 4 SYN_RECV alone is a client or two giving up (rr: no spread rule).
    const busy = { ...healthy, states: { ESTABLISHED: 1000 } };
    expect(found(one(dests, { scheduler: 'rr' }), [busy, dead])).toEqual([
      'warning server.syn-recv-only TCP 192.0.2.1:80 -> 198.51.100.12:80',
    ]);
    expect(found(one(dests, { scheduler: 'rr' }), [busy, { ...dead, states: { SYN_RECV: 4 } }])).toEqual([]);
  });

  it('warns of persistence templates pointing to a weight-0 server', () => {
    const dests = [dest('198.51.100.11'), dest('198.51.100.12', 0)];
    const pinned = { destAddress: '198.51.100.12', virtualPort: 80, templates: { ASSURED: 2 } };
    expect(found(one(dests, { flags: 3, timeout: 300 }), [pinned])).toEqual([
      'warning server.templates-to-drained TCP 192.0.2.1:80 -> 198.51.100.12:80',
    ]);
  });

  it('puts the exact ipvsadm command in remedies, keeping the forwarding method', () => {
    const f = diagnose(
      input({ services: one([dest('198.51.100.11', 1, { upperThreshold: 7 }), dest('198.51.100.12')]) }),
    );
    expect(f[0]?.remedy).toBe(
      'raise the threshold if it can take more: ipvsadm -e -t 192.0.2.1:80 -r 198.51.100.11:80 -m -w 1 -x N',
    );
  });
});
