/** Connection-table groups attributed to services and real servers, templates apart. */
import { describe, expect, it } from 'vitest';
import { connCounts, split, total } from '../../src/state/connCounts.js';
import { attributeConnections } from '../../src/state/connByService.js';
import { destKey, serviceKey } from '../../src/state/keys.js';
import { dest, fwmarkService, group, service, summary } from '../ui/fakes.js';
import { poll, start } from './build.js';

describe('connection counts', () => {
  const web = service('192.0.2.1', 80);
  const sum = summary({ ESTABLISHED: 5, TIME_WAIT: 1 }, { NONE: 2 }, [
    group('192.0.2.1', 80, '198.51.100.11', 80, { ESTABLISHED: 3, TIME_WAIT: 1 }, { NONE: 1 }), // and a persistence template
    group('192.0.2.1', 80, '198.51.100.12', 80, { ESTABLISHED: 1 }),
    group('203.0.113.9', 443, '198.51.100.50', 443, { ESTABLISHED: 1 }, { NONE: 1 }), // a service since deleted
  ]);

  it('splits templates from connections', () => {
    expect(split({ states: { ESTABLISHED: 2, NONE: 3 }, templates: { NONE: 3 } })).toEqual({ conns: { ESTABLISHED: 2 }, templates: { NONE: 3 } });
    expect(total({ a: 1, b: 2 })).toBe(3);
  });

  it('counts per service and real server by our stable keys; the rest is unattributed', () => {
    const s = poll(start(), 0, [web, { ...web, port: 443 }], (svc) => (svc.port === 80 ? [dest('198.51.100.11'), dest('198.51.100.12')] : []));
    const c = connCounts(s.services, sum);
    const key = serviceKey(web);
    expect(c.services.get(key)).toEqual({ conns: { ESTABLISHED: 4, TIME_WAIT: 1 }, templates: { NONE: 1 } });
    expect(c.dests.get(destKey(key, dest('198.51.100.11')))).toEqual({ conns: { ESTABLISHED: 3, TIME_WAIT: 1 }, templates: { NONE: 1 } });
    expect(c.dests.get(destKey(key, dest('198.51.100.12')))).toEqual({ conns: { ESTABLISHED: 1 }, templates: {} });
    expect(c.services.get(serviceKey({ ...web, port: 443 }))).toEqual({ conns: {}, templates: {} });
    expect(c.unattributed).toEqual({ conns: { ESTABLISHED: 1 }, templates: { NONE: 1 } });
    expect(connCounts(s.services, sum)).toBe(c); // memoised
  });

  it('gives a persistent port-0 service every port of its VIP', () => {
    const any = { ...service('192.0.2.1', 0), flags: 1, timeout: 300 };
    const a = attributeConnections([{ service: any, dests: [dest('198.51.100.11')] }], sum);
    expect(a.services.get(any)).toEqual({ states: { ESTABLISHED: 4, TIME_WAIT: 1, NONE: 1 }, templates: { NONE: 1 } });
  });

  it('gives fwmark templates and connections to the fwmark service', () => {
    const fwm = fwmarkService(7);
    const rs = dest('198.51.100.11');
    const s = summary({ ESTABLISHED: 2 }, { ASSURED: 1 }, [
      group('7', 0, '198.51.100.11', 0, {}, { ASSURED: 1 }, 'IP'),
      group('192.0.2.9', 8080, '198.51.100.11', 80, { ESTABLISHED: 2 }),
    ]);
    const a = attributeConnections([{ service: fwm, dests: [{ ...rs, port: 0 }] }], s);
    expect(a.services.get(fwm)).toEqual({ states: { ESTABLISHED: 2, ASSURED: 1 }, templates: { ASSURED: 1 } });
    expect(a.unattributed).toEqual({ states: {}, templates: {} });
  });
});
