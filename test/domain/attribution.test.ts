/** Connection-table groups attributed to services and real servers, connections and templates apart. */
import { describe, expect, it } from 'vitest';
import { attributeConnections } from '../../src/domain/attribution.js';
import { dest, fwmarkService, group, service, summary } from '../ui/fakes.js';

describe('attribution', () => {
  const sum = summary({ ESTABLISHED: 5, TIME_WAIT: 1 }, { NONE: 2 }, [
    // A real server's connections and a persistence template.
    group('192.0.2.1', 80, '198.51.100.11', 80, { ESTABLISHED: 3, TIME_WAIT: 1 }, { NONE: 1 }),
    group('192.0.2.1', 80, '198.51.100.12', 80, { ESTABLISHED: 1 }),
    group('203.0.113.9', 443, '198.51.100.50', 443, { ESTABLISHED: 1 }, { NONE: 1 }), // a service since deleted
  ]);

  it('keeps templates apart from connections', () => {
    const web = service('192.0.2.1', 80);
    const rs = dest('198.51.100.11');
    const a = attributeConnections([{ service: web, dests: [rs] }], sum);
    expect(a.services.get(web)).toEqual({ conns: { ESTABLISHED: 4, TIME_WAIT: 1 }, templates: { NONE: 1 } });
    expect(a.dests.get(rs)).toEqual({ conns: { ESTABLISHED: 3, TIME_WAIT: 1 }, templates: { NONE: 1 } });
    expect(a.unattributed).toEqual({ conns: { ESTABLISHED: 1 }, templates: { NONE: 1 } });
  });

  it('gives empty counts to a service and real server no entry names, and each busy one counts of its own', () => {
    const web = service('192.0.2.1', 80);
    const idle = service('192.0.2.7', 80);
    const [rs1, rs2, quiet] = [dest('198.51.100.11'), dest('198.51.100.12'), dest('198.51.100.13')];
    const table = [
      { service: web, dests: [rs1, rs2, quiet] },
      { service: idle, dests: [dest('198.51.100.14')] },
    ];
    const a = attributeConnections(table, sum);
    expect(a.services.get(idle)).toEqual({ conns: {}, templates: {} });
    expect(a.dests.get(quiet)).toEqual({ conns: {}, templates: {} });
    expect(a.dests.get(rs2)).toEqual({ conns: { ESTABLISHED: 1 }, templates: {} });
    expect(a.dests.get(rs1)).not.toBe(a.dests.get(rs2));
    // A second attribution starts from nothing: what the first counted is in neither's empty counts.
    const b = attributeConnections(table, summary({}, {}, []));
    expect(b.services.get(web)).toEqual({ conns: {}, templates: {} });
    expect(b.dests.get(rs1)).toEqual({ conns: {}, templates: {} });
  });

  it("keeps a real server's longest expiry over its groups, templates' included", () => {
    const web = service('192.0.2.1', 80);
    const rs = dest('198.51.100.11');
    const s = summary({ ESTABLISHED: 2 }, { NONE: 1 }, [
      group('192.0.2.1', 80, '198.51.100.11', 80, { ESTABLISHED: 1 }, {}, 'TCP', 42),
      group('192.0.2.1', 80, '198.51.100.11', 80, {}, { NONE: 1 }, 'TCP', 300),
      group('192.0.2.1', 80, '198.51.100.12', 80, { ESTABLISHED: 1 }, {}, 'TCP', 900),
    ]);
    const a = attributeConnections([{ service: web, dests: [rs] }], s);
    expect(a.dests.get(rs)?.maxExpires).toBe(300);
  });

  it('gives a persistent port-0 service every port of its VIP', () => {
    const any = { ...service('192.0.2.1', 0), flags: 1, timeout: 300 };
    const a = attributeConnections([{ service: any, dests: [dest('198.51.100.11')] }], sum);
    expect(a.services.get(any)).toEqual({ conns: { ESTABLISHED: 4, TIME_WAIT: 1 }, templates: { NONE: 1 } });
  });

  it('gives fwmark templates and connections to the fwmark service', () => {
    const fwm = fwmarkService(7);
    const rs = dest('198.51.100.11');
    const s = summary({ ESTABLISHED: 2 }, { ASSURED: 1 }, [
      group('7', 0, '198.51.100.11', 0, {}, { ASSURED: 1 }, 'IP'),
      group('192.0.2.9', 8080, '198.51.100.11', 80, { ESTABLISHED: 2 }),
    ]);
    const a = attributeConnections([{ service: fwm, dests: [{ ...rs, port: 0 }] }], s);
    expect(a.services.get(fwm)).toEqual({ conns: { ESTABLISHED: 2 }, templates: { ASSURED: 1 } });
    expect(a.unattributed).toEqual({ conns: {}, templates: {} });
  });

  it("matches a fwmark template to the service of the template's family, whatever the real server's", () => {
    const v4 = fwmarkService(7);
    const v6 = { ...fwmarkService(7), af: 10 as const, address: '::' };
    // An IPv6 fwmark service tunnelling to an IPv4 real server: the template is IPv6, its real server IPv4.
    const template = { ...group('7', 0, '198.51.100.11', 0, {}, { ASSURED: 1 }, 'IP'), af: 10 as const };
    const a = attributeConnections(
      [
        { service: v4, dests: [] },
        { service: v6, dests: [] },
      ],
      summary({}, { ASSURED: 1 }, [template]),
    );
    expect(a.services.get(v6)).toEqual({ conns: {}, templates: { ASSURED: 1 } });
    expect(a.services.get(v4)).toEqual({ conns: {}, templates: {} });
  });
});
