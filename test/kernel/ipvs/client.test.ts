/** IpvsClient over a fake transport that replays captured service replies. */
import { describe, expect, it } from 'vitest';
import { IpvsClient } from '../../../src/kernel/ipvs/client.js';
import { parseService } from '../../../src/kernel/ipvs/codec.js';
import type { NetlinkTransport } from '../../../src/kernel/netlink/transport.js';
import { loadGoldenCases } from '../golden.js';

const captured = loadGoldenCases()
  .filter((c) => c.parser === 'service')
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

  it('follows services that come and go', async () => {
    const client = IpvsClient.over(replaying([captured, captured.slice(1), []]));
    await client.services();
    expect(await client.services()).toEqual(captured.slice(1).map((b) => parseService(b)));
    expect(await client.services()).toEqual([]);
  });
});
