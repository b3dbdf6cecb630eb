/**
 * Drift between directors' tables, from real `list --json` documents (listDocument over fixture
 * snapshots, through JSON text as ssh brings them): nothing for identical tables in any order,
 * each kind of difference in one line naming the hosts, IPv6 and fwmark services, three hosts.
 */
import { describe, expect, it } from 'vitest';
import type { Destination, Service } from '../../src/kernel/ipvs/types.js';
import { listDocument, stringifyExact } from '../../src/output/jsonSnapshot.js';
import { documentDrift } from '../../src/state/drift.js';
import { dest, service, snapshot, stats } from '../output/fixtures.js';

type Table = { service: Service; dests: Destination[] }[];

const timeouts = { tcp: 900, tcpFin: 120, udp: 300 };

/** A director's document as the fleet has it: listDocument's JSON text, parsed. */
function doc(services: Table, t = timeouts, sysctls: Record<string, string> | null = null): unknown {
  const snap = snapshot(services, { latencyMs: 0, timeouts: t });
  return JSON.parse(stringifyExact(listDocument({ snap, sysctls })));
}

/** A director's document with the weights its ipvstop saved for its drained real servers. */
function docSaved(services: Table, savedWeights: Map<Destination, number>): unknown {
  const snap = snapshot(services, { latencyMs: 0, timeouts });
  return JSON.parse(stringifyExact(listDocument({ snap, savedWeights })));
}

const web = (dests: Destination[], over: Partial<Service> = {}) => ({
  service: service({ address: '192.0.2.10', port: 80, ...over }),
  dests,
});
const real = (n: number, over: Partial<Destination> = {}) => dest({ address: `10.0.0.${n}`, port: 80, ...over });
const base = (): Table => [
  web([real(11), real(12)]),
  { service: service({ fwmark: 7, protocol: 0, address: '0.0.0.0', port: 0 }), dests: [real(13, { port: 0 })] },
  {
    service: service({ af: 10, address: '2001:db8::10', port: 443, netmask: '128' }),
    dests: [dest({ af: 10, address: '2001:db8::11', port: 443 })],
  },
];

const lines = (a: unknown, b: unknown, c?: unknown) =>
  documentDrift([
    { host: 'lb-a', document: a },
    { host: 'lb-b', document: b },
    ...(c === undefined ? [] : [{ host: 'lb-c', document: c }]),
  ]).drift.map((d) => d.line);

describe('drift between directors', () => {
  it('identical tables, in another order and with other counters and rates: no drift', () => {
    const busy = base().map(({ service: s, dests }) => ({
      service: { ...s, stats: stats({ connections: 99n, cps: 7 }) },
      dests: [...dests].reverse().map((d) => ({ ...d, activeConns: 50, inactiveConns: 9, stats: stats({ inBps: 5 }) })),
    }));
    expect(
      documentDrift([
        { host: 'lb-a', document: doc(base()) },
        { host: 'lb-b', document: doc(busy.reverse()) },
      ]),
    ).toEqual({ drift: [], unread: [] });
  });

  it('a service on one only, whether IPv4, IPv6 or fwmark', () => {
    const [v4, fwm, v6] = base();
    expect(lines(doc(base()), doc([v4!]))).toEqual([
      'FWM 7: service present on lb-a, missing on lb-b',
      'TCP [2001:db8::10]:443: service present on lb-a, missing on lb-b',
    ]);
    const fwm6 = {
      service: service({ af: 10, fwmark: 7, protocol: 0, address: '::', port: 0, netmask: '128' }),
      dests: [],
    };
    expect(lines(doc([fwm!, v6!]), doc([fwm6, v6!]))).toEqual([
      'FWM 7: service present on lb-a, missing on lb-b',
      'FWM 7 inet6: service missing on lb-a, present on lb-b',
    ]);
  });

  it('scheduler, flags, persistence and netmask of a service', () => {
    const a = doc([web([real(11)])]);
    expect(lines(a, doc([web([real(11)], { scheduler: 'wrr' })]))).toEqual([
      'TCP 192.0.2.10:80: scheduler is rr on lb-a, wrr on lb-b',
    ]);
    expect(lines(a, doc([web([real(11)], { scheduler: 'rr', flags: 0x2 | 0x4 | 0x10 })]))).toEqual([
      'TCP 192.0.2.10:80: flags are none on lb-a, flag-2,ops on lb-b',
    ]);
    const sticky = (timeout: number, netmask: string) => doc([web([real(11)], { flags: 0x3, timeout, netmask })]);
    expect(lines(a, sticky(300, '255.255.255.255'))).toEqual([
      'TCP 192.0.2.10:80: persistence is not persistent on lb-a, persistent 300 s, netmask 255.255.255.255 on lb-b',
    ]);
    expect(lines(sticky(300, '255.255.255.0'), sticky(300, '255.255.255.255'))).toEqual([
      'TCP 192.0.2.10:80: persistence is persistent 300 s, netmask 255.255.255.0 on lb-a, persistent 300 s, netmask 255.255.255.255 on lb-b',
    ]);
  });

  it('real servers: present on one only, forwarding, thresholds', () => {
    const a = doc([web([real(11), real(12)])]);
    expect(lines(a, doc([web([real(11)])]))).toEqual([
      'TCP 192.0.2.10:80: real server 10.0.0.12:80 present on lb-a, missing on lb-b',
    ]);
    expect(
      lines(a, doc([web([real(11, { forward: 'route' }), real(12, { upperThreshold: 100, lowerThreshold: 50 })])])),
    ).toEqual([
      'TCP 192.0.2.10:80: forwarding of 10.0.0.11:80 is Masq on lb-a, Route on lb-b',
      'TCP 192.0.2.10:80: thresholds of 10.0.0.12:80 are upper 0 lower 0 on lb-a, upper 100 lower 50 on lb-b',
    ]);
  });

  it('weights: a plain difference, and one told apart as a drain (draining or drained)', () => {
    const a = doc([web([real(11, { weight: 5 }), real(12, { weight: 3 })])]);
    const b = doc([web([real(11, { weight: 0 }), real(12, { weight: 0, activeConns: 0, inactiveConns: 0 })])]);
    const d = documentDrift([
      { host: 'lb-a', document: a },
      { host: 'lb-b', document: b },
    ]).drift;
    expect(d).toEqual([
      {
        kind: 'drain',
        service: 'TCP 192.0.2.10:80',
        server: '10.0.0.11:80',
        values: { 'lb-a': 5, 'lb-b': 0 },
        line: 'TCP 192.0.2.10:80: weight of 10.0.0.11:80 is 5 on lb-a, 0 (draining, 7 left) on lb-b',
      },
      expect.objectContaining({
        kind: 'drain',
        line: 'TCP 192.0.2.10:80: weight of 10.0.0.12:80 is 3 on lb-a, 0 (drained) on lb-b',
      }),
    ]);
    const c = doc([web([real(11, { weight: 3 }), real(12, { weight: 3 })])]);
    expect(
      documentDrift([
        { host: 'lb-a', document: a },
        { host: 'lb-b', document: c },
      ]).drift,
    ).toEqual([
      expect.objectContaining({
        kind: 'weight',
        line: 'TCP 192.0.2.10:80: weight of 10.0.0.11:80 is 5 on lb-a, 3 on lb-b',
      }),
    ]);
  });

  it('a drain ipvstop made is told apart by the weight it saved, in the line and in saved; one it did not make is not', () => {
    const a = doc([web([real(11, { weight: 5 }), real(12, { weight: 3 })])]);
    const drained = [real(11, { weight: 0 }), real(12, { weight: 0, activeConns: 0, inactiveConns: 0 })];
    const b = docSaved(
      [web(drained)],
      new Map([
        [drained[0]!, 5],
        [drained[1]!, 3],
      ]),
    );
    const c = doc([web([real(11, { weight: 0 }), real(12, { weight: 3 })])]);
    expect(
      documentDrift([
        { host: 'lb-a', document: a },
        { host: 'lb-b', document: b },
        { host: 'lb-c', document: c },
      ]).drift,
    ).toEqual(
      [
        [
          11,
          { 'lb-a': 5, 'lb-b': 0, 'lb-c': 0 },
          5,
          '5 on lb-a, 0 (draining by ipvstop, was 5, 7 left) on lb-b, 0 (draining, 7 left) on lb-c',
        ],
        [12, { 'lb-a': 3, 'lb-b': 0, 'lb-c': 3 }, 3, '3 on lb-a and lb-c, 0 (drained by ipvstop, was 3) on lb-b'],
      ].map(([n, values, saved, words]) => ({
        kind: 'drain',
        service: 'TCP 192.0.2.10:80',
        server: `10.0.0.${n}:80`,
        values,
        saved: { 'lb-b': saved },
        line: `TCP 192.0.2.10:80: weight of 10.0.0.${n}:80 is ${words}`,
      })),
    );
  });

  it('the IPVS timeouts', () => {
    expect(lines(doc(base()), doc(base(), { tcp: 600, tcpFin: 120, udp: 60 }))).toEqual([
      'IPVS timeout tcp is 900 s on lb-a, 600 s on lb-b',
      'IPVS timeout udp is 300 s on lb-a, 60 s on lb-b',
    ]);
  });

  it('the net.ipv4.vs settings: set on both and different; one a host lacks (a module not loaded) or a document without them is not compared', () => {
    const a = { 'net.ipv4.vs.conntrack': '0', 'net.ipv4.vs.sync_ports': '1', 'net.ipv4.vs.lblc_expiration': '86400' };
    const b = { 'net.ipv4.vs.conntrack': '1', 'net.ipv4.vs.sync_ports': '1' };
    expect(lines(doc(base(), timeouts, a), doc(base(), timeouts, b))).toEqual([
      'net.ipv4.vs.conntrack is 0 on lb-a, 1 on lb-b',
    ]);
    expect(
      documentDrift([
        { host: 'lb-a', document: doc(base(), timeouts, a) },
        { host: 'lb-b', document: doc(base(), timeouts, b) },
      ]).drift[0],
    ).toEqual({
      kind: 'sysctl',
      service: null,
      server: 'net.ipv4.vs.conntrack',
      values: { 'lb-a': '0', 'lb-b': '1' },
      line: 'net.ipv4.vs.conntrack is 0 on lb-a, 1 on lb-b',
    });
    expect(lines(doc(base(), timeouts, a), doc(base()))).toEqual([]);
  });

  it('a sysctls part that is no net.ipv4.vs setting is set apart, never shown', () => {
    const bad = doc(base(), timeouts, { 'net.ipv4.vs.\u001b[2J': '1' });
    expect(
      documentDrift([
        { host: 'lb-a', document: doc(base()) },
        { host: 'lb-b', document: bad },
      ]).unread,
    ).toEqual([
      { host: 'lb-b', reason: "not a list --json table: sysctls: 'net.ipv4.vs.?[2J' is not a net.ipv4.vs setting" },
    ]);
  });

  it('three hosts where one differs: the two alike are named together, in stable order', () => {
    const odd = base();
    odd[0] = web([real(11, { weight: 2 }), real(12)]);
    expect(lines(doc(base()), doc(odd), doc(base()))).toEqual([
      'TCP 192.0.2.10:80: weight of 10.0.0.11:80 is 1 on lb-a and lb-c, 2 on lb-b',
    ]);
    expect(lines(doc(odd), doc(base()), doc(odd))).toEqual([
      'TCP 192.0.2.10:80: weight of 10.0.0.11:80 is 2 on lb-a and lb-c, 1 on lb-b',
    ]);
  });

  it('a group of more than four hosts is counted in the line, and every host is in values', () => {
    const odd = base();
    odd[0] = web([real(11, { weight: 2 }), real(12)]);
    const hosts = ['lb-1', 'lb-2', 'lb-3', 'lb-4', 'lb-5', 'lb-6'];
    const d = documentDrift(hosts.map((host, i) => ({ host, document: doc(i === 2 ? odd : base()) }))).drift;
    expect(d.map((x) => x.line)).toEqual(['TCP 192.0.2.10:80: weight of 10.0.0.11:80 is 1 on 5 hosts, 2 on lb-3']);
    expect(Object.keys(d[0]?.values ?? {})).toEqual(hosts);
  });

  it('a document that is not a table (or carries control characters) is set apart with the reason, the others still compared', () => {
    const r = documentDrift([
      { host: 'lb-a', document: doc(base()) },
      { host: 'lb-b', document: { schema: 1, services: [{ port: 80 }] } },
      { host: 'lb-c', document: doc([]) },
    ]);
    expect(r.unread).toEqual([
      {
        host: 'lb-b',
        reason: "not a list --json table: the document: 'timeouts' is missing or not what list --json writes",
      },
    ]);
    expect(r.drift.map((d) => d.kind)).toEqual(['service', 'service', 'service']);
    const evil = doc([web([real(11)], { scheduler: 'rr\u001b]0;pwned\u0007' })]);
    expect(documentDrift([{ host: 'lb-a', document: evil }]).unread).toEqual([
      {
        host: 'lb-a',
        reason: "not a list --json table: TCP 192.0.2.10:80: 'scheduler' is missing or not what list --json writes",
      },
    ]);
  });
});
