/** IpvsClient over a fake transport that replays captured replies: parsing only what changed, each entry once. */
import { describe, expect, it } from 'vitest';
import { IpvsClient } from '../../../src/kernel/ipvs/client.js';
import { encodeDest, encodeService, encodeServiceId, parseDest, parseService } from '../../../src/kernel/ipvs/codec.js';
import { IPVS_CMD_GET_DEST } from '../../../src/kernel/ipvs/constants.js';
import { dumpDigest } from '../../../src/kernel/ipvs/reparse.js';
import type { NetlinkTransport } from '../../../src/kernel/netlink/transport.js';
import { loadGoldenCases } from '../golden.js';

const captured = loadGoldenCases()
  .filter((c) => c.parser === 'service')
  .map((c) => c.payload);
const capturedDests = loadGoldenCases()
  .filter((c) => c.parser === 'dest' && (c.spec.serviceAf ?? 2) === 2)
  .map((c) => c.payload);

/** Answers every dump with `dumps[n]` for the n-th request, each reply a fresh copy (as from the socket). */
function replaying(dumps: Buffer[][]): NetlinkTransport {
  let n = 0;
  return {
    request: async () => dumps[Math.min(n++, dumps.length - 1)]!.map((b) => Buffer.from(b)),
    close: () => {},
  };
}

describe('IpvsClient.services', () => {
  it('has captured service replies to work with', () => {
    expect(captured.length).toBeGreaterThanOrEqual(3);
  });

  it('hands back the same objects when the dump is byte-for-byte the same', async () => {
    const client = IpvsClient.over(replaying([captured, captured]));
    const first = await client.services();
    const second = await client.services();
    expect(second).toEqual(captured.map((b) => parseService(b)));
    for (const [i, s] of second.entries()) expect(s).toBe(first[i]);
  });

  it('parses again only the replies that changed, by position', async () => {
    const changed = Buffer.from(captured[1]!);
    changed[changed.length - 1]! ^= 1; // any byte differs: parsed again
    const client = IpvsClient.over(replaying([captured, [captured[0]!, changed, ...captured.slice(2)]]));
    const first = await client.services();
    const second = await client.services();
    expect(second[0]).toBe(first[0]);
    expect(second[1]).not.toBe(first[1]);
    expect(second[1]).toEqual(parseService(changed));
    expect(second.slice(2)).toEqual(first.slice(2));
  });

  it('hands back the same array for a dump the same as the last', async () => {
    const client = IpvsClient.over(replaying([captured, captured]));
    expect(await client.services()).toBe(await client.services());
  });

  it('finds unchanged replies again after a service added or removed shifted them', async () => {
    const [a, b, c, ...rest] = captured as [Buffer, Buffer, Buffer, ...Buffer[]];
    const client = IpvsClient.over(
      replaying([
        [a, b, c, ...rest],
        [a, c, ...rest],
        [b, a, c, ...rest],
      ]),
    );
    const first = await client.services();
    const removed = await client.services();
    expect(removed[1]).toBe(first[2]);
    const added = await client.services();
    expect(added.slice(1)).toEqual(removed);
    for (const [i, s] of added.slice(1).entries()) expect(s).toBe(removed[i]);
    expect(added[0]).not.toBe(first[1]); // b was gone in between: parsed again
    expect(added[0]).toEqual(first[1]);
  });

  it('follows services that come and go', async () => {
    const client = IpvsClient.over(replaying([captured, captured.slice(1), []]));
    await client.services();
    expect(await client.services()).toEqual(captured.slice(1).map((b) => parseService(b)));
    expect(await client.services()).toEqual([]);
  });
});

describe('a dump that lists an entry twice', () => {
  // The kernel resumes a multi-part dump by position: a service added or removed between two parts repeats one.
  it('gives each service once, in the order first seen', async () => {
    const [a, b, c] = captured as [Buffer, Buffer, Buffer];
    const client = IpvsClient.over(replaying([[a, b, a, c, b]]));
    expect(await client.services()).toEqual([a, b, c].map((x) => parseService(x)));
  });

  it('takes the same service with other counters as a repeat too', async () => {
    const first = parseService(captured[0]!);
    const stats = { ...first.stats, connections: first.stats.connections + 5n };
    const later = encodeService({ ...first, stats }, { withStats: true });
    const client = IpvsClient.over(replaying([[captured[0]!, captured[1]!, later]]));
    const services = await client.services();
    expect(services).toHaveLength(2);
    expect(services[0]).toEqual(first);
  });

  it('gives each real server of a service once', async () => {
    expect(capturedDests.length).toBeGreaterThanOrEqual(2);
    const [x, y] = capturedDests as [Buffer, Buffer];
    const asked: number[] = [];
    const client = IpvsClient.over({
      request: async (cmd) => {
        asked.push(cmd);
        return [x, y, x, y].map((b) => Buffer.from(b));
      },
      close: () => {},
    });
    const service = parseService(captured[0]!);
    expect(await client.dests(service)).toEqual([parseDest(x, 2), parseDest(y, 2)]);
    expect(asked).toEqual([IPVS_CMD_GET_DEST]);
    // The same real server with other counters is the same real server.
    const d = parseDest(x, 2);
    const again = encodeDest({ ...d, activeConns: d.activeConns + 1 }, { withStats: true });
    const client2 = IpvsClient.over(replaying([[x, again]]));
    expect(await client2.dests(service)).toEqual([d]);
  });
});

describe('IpvsClient.dests', () => {
  const service = parseService(captured[0]!);
  const other = parseService(captured[1]!);
  /** Answers each service's dump from `dumps` by its identity (in the request), each reply a fresh copy. */
  function byService(dumps: () => Map<string, Buffer[]>): NetlinkTransport {
    return {
      request: async (_cmd, payload) => (dumps().get(payload.toString('hex')) ?? []).map((b) => Buffer.from(b)),
      close: () => {},
    };
  }
  const requestOf = (s: typeof service) => encodeServiceId(s).toString('hex');

  it('hands back the last array for a dump that says the same, and parses one that changed', async () => {
    const [x, y] = capturedDests as [Buffer, Buffer];
    const changed = Buffer.from(y);
    changed[changed.length - 1]! ^= 1;
    let dumps = new Map([[requestOf(service), [x, y]]]);
    const client = IpvsClient.over(byService(() => dumps));
    const first = await client.dests(service);
    expect(first).toEqual([parseDest(x, 2), parseDest(y, 2)]);
    expect(await client.dests(service)).toBe(first);
    dumps = new Map([[requestOf(service), [x, changed]]]);
    const second = await client.dests(service);
    expect(second).not.toBe(first);
    expect(second).toEqual([parseDest(x, 2), parseDest(changed, 2)]);
  });

  it('keeps each service apart, and forgets the services gone from the table', async () => {
    const [x, y] = capturedDests as [Buffer, Buffer];
    const dumps = new Map([
      [requestOf(service), [x]],
      [requestOf(other), [y]],
      ['', captured.slice(1, 2)],
    ]);
    const client = IpvsClient.over(byService(() => dumps));
    const a = await client.dests(service);
    const b = await client.dests(other);
    expect(a).toEqual([parseDest(x, 2)]);
    expect(b).toEqual([parseDest(y, 2)]);
    expect(await client.dests(service)).toBe(a);
    // The table now lists `other` only: what was read for `service` is dropped, and read afresh.
    expect(await client.services()).toEqual([other]);
    expect(await client.dests(other)).toBe(b);
    const again = await client.dests(service);
    expect(again).toEqual(a);
    expect(again).not.toBe(a);
  });
});

describe('dumpDigest', () => {
  it('tells replies apart by where they end, not only by their bytes together', () => {
    const ab = Buffer.from('ab');
    expect(dumpDigest([ab, Buffer.from('c')])).not.toBe(dumpDigest([Buffer.from('a'), Buffer.from('bc')]));
    expect(dumpDigest([ab])).toBe(dumpDigest([Buffer.from('ab')]));
    expect(dumpDigest([])).not.toBe(dumpDigest([Buffer.alloc(0)]));
  });
});
