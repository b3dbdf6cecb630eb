/** Connection-table groups counted per service and real server by our stable keys, templates apart. */
import { describe, expect, it } from 'vitest';
import { sum } from '../../src/kernel/proc/connParser.js';
import { connCounts } from '../../src/state/connCounts.js';
import { destKey, serviceKey } from '../../src/state/identity.js';
import { dest, group, service, stats, summary } from '../ui/fakes.js';
import { poll, start } from './build.js';

describe('connection counts', () => {
  const web = service('192.0.2.1', 80);
  const table = summary({ ESTABLISHED: 5, TIME_WAIT: 1 }, { NONE: 2 }, [
    // A real server's connections and a persistence template.
    group('192.0.2.1', 80, '198.51.100.11', 80, { ESTABLISHED: 3, TIME_WAIT: 1 }, { NONE: 1 }),
    group('192.0.2.1', 80, '198.51.100.12', 80, { ESTABLISHED: 1 }),
    group('203.0.113.9', 443, '198.51.100.50', 443, { ESTABLISHED: 1 }, { NONE: 1 }), // a service since deleted
  ]);

  it('totals a count by state', () => {
    expect(sum({ a: 1, b: 2 })).toBe(3);
  });

  it('counts per service and real server by our stable keys; the rest is unattributed', () => {
    const s = poll(start(), 0, [web, { ...web, port: 443 }], (svc) =>
      svc.port === 80 ? [dest('198.51.100.11'), dest('198.51.100.12')] : [],
    );
    const c = connCounts(s.services, table);
    const key = serviceKey(web);
    expect(c.services.get(key)).toEqual({ conns: { ESTABLISHED: 4, TIME_WAIT: 1 }, templates: { NONE: 1 } });
    expect(c.dests.get(destKey(key, dest('198.51.100.11')))).toEqual({
      conns: { ESTABLISHED: 3, TIME_WAIT: 1 },
      templates: { NONE: 1 },
    });
    expect(c.dests.get(destKey(key, dest('198.51.100.12')))).toEqual({ conns: { ESTABLISHED: 1 }, templates: {} });
    expect(c.services.get(serviceKey({ ...web, port: 443 }))).toEqual({ conns: {}, templates: {} });
    expect(c.unattributed).toEqual({ conns: { ESTABLISHED: 1 }, templates: { NONE: 1 } });
    expect(connCounts(s.services, table)).toBe(c); // memoised
  });

  it('memoises per table read and service list, so two states do not evict each other', () => {
    const a = poll(start(), 0, [web]);
    const b = poll(start(), 0, [{ ...web, port: 443 }]);
    const ca = connCounts(a.services, table);
    const cb = connCounts(b.services, table);
    expect(cb).not.toBe(ca);
    expect(connCounts(a.services, table)).toBe(ca);
    expect(connCounts(b.services, table)).toBe(cb);
  });

  it('attributes again only when the services or their real servers read change, not their counters', () => {
    const two = () => [dest('198.51.100.11'), dest('198.51.100.12')];
    const first = poll(start(), 0, [web], two);
    const c = connCounts(first.services, table);
    const counted = poll(first, 1000, [{ ...web, stats: stats(500) }], two);
    expect(counted.services).not.toBe(first.services);
    expect(connCounts(counted.services, table)).toBe(c);
    const oneGone = poll(counted, 2000, [{ ...web, stats: stats(600) }], () => [dest('198.51.100.11')]);
    const again = connCounts(oneGone.services, table);
    expect(again).not.toBe(c);
    expect(again.dests.get(destKey(serviceKey(web), dest('198.51.100.12')))).toBeUndefined();
    expect(again.dests.get(destKey(serviceKey(web), dest('198.51.100.11')))?.conns).toEqual({
      ESTABLISHED: 3,
      TIME_WAIT: 1,
    });
    expect(connCounts(counted.services, table)).toBe(c); // the list before, still memoised as it was
  });
});
