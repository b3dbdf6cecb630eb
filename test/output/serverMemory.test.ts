import { describe, expect, it } from 'vitest';
import { ServerMemory } from '../../src/output/metrics/serverMemory.js';
import { dest, service } from './fixtures.js';

const text = (b: Uint8Array) => Buffer.from(b).toString('utf8');

/** One scrape over `table` (service, then its real servers): each server's labels as text, undefined for a repeat. */
function scrape(memory: ServerMemory, table: [ReturnType<typeof service>, ReturnType<typeof dest>[]][]) {
  memory.begin();
  const seen = table.map(([s, dests]) => {
    const known = memory.service(s);
    return { repeat: known.repeat, servers: dests.map((d) => memory.server(known, d)) };
  });
  memory.end();
  return seen;
}

describe('ServerMemory', () => {
  const svc = service({});
  const a = dest({ address: '198.51.100.11', port: 80 });
  const b = dest({ address: '198.51.100.11', port: 8080 });
  const c = dest({ address: '198.51.100.12', port: 80 });

  it('gives the same labels, made once, to a server from one scrape to the next', () => {
    const memory = new ServerMemory();
    const [first] = scrape(memory, [[svc, [a, b, c]]]);
    const [second] = scrape(memory, [[svc, [a, b, c]]]);
    expect(first!.servers.map((s) => text(s!.labels))).toEqual([
      'family="ipv4",protocol="tcp",address="192.0.2.1",port="80",backend_address="198.51.100.11",backend_port="80"',
      'family="ipv4",protocol="tcp",address="192.0.2.1",port="80",backend_address="198.51.100.11",backend_port="8080"',
      'family="ipv4",protocol="tcp",address="192.0.2.1",port="80",backend_address="198.51.100.12",backend_port="80"',
    ]);
    for (const [i, s] of second!.servers.entries()) expect(s).toBe(first!.servers[i]);
  });

  it('says a service or a real server seen twice in one scrape is a repeat', () => {
    const memory = new ServerMemory();
    const [one, two] = scrape(memory, [
      [svc, [a, a, b]],
      [svc, [b, c]],
    ]);
    expect([one!.repeat, two!.repeat]).toEqual([false, true]);
    expect(one!.servers.map((s) => s !== undefined)).toEqual([true, false, true]);
    expect(two!.servers.map((s) => s !== undefined)).toEqual([false, true]);
  });

  it('forgets the servers and services a scrape did not see, one port of an address at a time', () => {
    const memory = new ServerMemory();
    scrape(memory, [[svc, [a, b, c]]]);
    const overloaded = scrape(memory, [[svc, [a, b, c]]])[0]!.servers[1]!;
    overloaded.overloaded = true;
    expect(memory.size).toBe(3);
    const [kept] = scrape(memory, [[svc, [b]]]);
    expect(memory.size).toBe(1);
    expect(kept!.servers[0]).toBe(overloaded);
    expect(kept!.servers[0]!.overloaded).toBe(true);
    scrape(memory, [[svc, [a]]]);
    expect(memory.size).toBe(1);
    scrape(memory, []);
    expect(memory.size).toBe(0);
    const [again] = scrape(memory, [[svc, [b]]]);
    expect(again!.servers[0]!.overloaded).toBe(false);
  });
});
