/**
 * Neighbour payloads by hand (struct ndmsg from linux/neighbour.h, then
 * rtattr-style attributes; little-endian host), read through the `netlink`
 * package into ipvstop's names, the flush filter of `ip neigh flush dev IF`,
 * and a seeded round trip.
 */
import { AttrStream, rt } from 'netlink';
import { describe, expect, it } from 'vitest';
import { deleteRequest, parseNeighbour, stateNames } from '../../../src/kernel/neigh/codec.js';
import { shouldFlush, shownByIpNeigh } from '../../../src/kernel/neigh/ipNeigh.js';
import { formatIPv4, formatIPv6, formatLinkLayer } from '../../../src/kernel/netlink/address.js';
import { CodecError } from '../../../src/kernel/netlink/attributes.js';
import { attr } from '../../../src/kernel/netlink/attributeWriters.js';
import { hex, toHex } from '../hex.js';
import { Prng } from '../prng.js';

// linux/neighbour.h, written here independently of the package under test.
const NDA_DST = 1;
const NDA_LLADDR = 2;
const NUD_NOARP = 0x40;
const NUD_PERMANENT = 0x80;
const NTF_PROXY = 0x08;
const NTF_EXT_LEARNED = 0x10;
const NTF_ROUTER = 0x80;

/** struct ndmsg: family u8, pad u8, pad u16, ifindex s32, state u16, flags u8, type u8 (host order). */
function ndmsg(family: number, ifindex: number, state: number, flags: number, type: number): Buffer {
  const b = Buffer.alloc(12);
  b.writeUInt8(family, 0);
  b.writeInt32LE(ifindex, 4);
  b.writeUInt16LE(state, 8);
  b.writeUInt8(flags, 10);
  b.writeUInt8(type, 11);
  return b;
}

describe('neighbour bytes', () => {
  it('parses a reachable IPv4 entry, ignoring CACHEINFO and PROBES', () => {
    expect(
      parseNeighbour(hex`
      02 00 00 00                  # ndm_family 2 (AF_INET), pad u8, pad u16
      02 00 00 00                  # ndm_ifindex s32 2
      02 00                        # ndm_state u16 0x02 REACHABLE
      00                           # ndm_flags 0
      01                           # ndm_type 1 (RTN_UNICAST)
      08 00 01 00  c0 a8 01 01     # NDA_DST 192.168.1.1
      0a 00 02 00  52 54 00 12 34 56 00 00   # NDA_LLADDR 52:54:00:12:34:56 + pad
      14 00 03 00  10 00 00 00 20 00 00 00 30 00 00 00 01 00 00 00   # NDA_CACHEINFO (ignored)
      08 00 04 00  00 00 00 00     # NDA_PROBES 0 (ignored)`),
    ).toEqual({
      ifindex: 2,
      af: 2,
      address: '192.168.1.1',
      lladdr: '52:54:00:12:34:56',
      states: ['REACHABLE'],
      state: 2,
      flags: [],
    });
  });

  it('parses a stale IPv6 router entry', () => {
    expect(
      parseNeighbour(hex`
      0a 00 00 00  03 00 00 00     # family 10, ifindex 3
      04 00 80 01                  # state 0x04 STALE, flags 0x80 ROUTER, type 1
      14 00 01 00  fe 80 00 00 00 00 00 00  00 00 00 00 00 00 00 01   # NDA_DST fe80::1
      0a 00 02 00  02 00 5e 00 53 01 00 00                             # NDA_LLADDR`),
    ).toEqual({
      ifindex: 3,
      af: 10,
      address: 'fe80::1',
      lladdr: '02:00:5e:00:53:01',
      states: ['STALE'],
      state: 4,
      flags: ['router'],
    });
  });

  it('gives an empty lladdr to an incomplete entry', () => {
    const n = parseNeighbour(hex`02 00 00 00  07 00 00 00  01 00 00 01  08 00 01 00 0a 00 00 63`);
    expect(n).toMatchObject({ ifindex: 7, address: '10.0.0.99', lladdr: '', states: ['INCOMPLETE'] });
  });

  it('refuses short, foreign-family and address-less messages', () => {
    expect(() => parseNeighbour(hex`02 00 00 00 02 00 00 00 02 00`)).toThrow(CodecError);
    expect(() => parseNeighbour(hex`07 00 00 00 02 00 00 00 02 00 00 00`)).toThrow(/unsupported address family 7/);
    expect(() => parseNeighbour(hex`02 00 00 00 02 00 00 00 02 00 00 00`)).toThrow(/missing attribute DST/);
    expect(() => parseNeighbour(hex`02 00 00 00 02 00 00 00 02 00 00 00  14 00 01 00 ${'00 '.repeat(16)}`)).toThrow(
      /DST \(1\) has 16 bytes, expected 4/,
    );
    expect(() => parseNeighbour(hex`02 00 00 00 02 00 00 00 02 00 00 00  08 00 01 00 0a 00`)).toThrow(/bad length/);
  });

  it('names every state bit in ip neigh order', () => {
    expect(stateNames(rt.parseNeighborState(0))).toEqual([]);
    expect(stateNames(rt.parseNeighborState(0xff))).toEqual([
      'INCOMPLETE',
      'REACHABLE',
      'STALE',
      'DELAY',
      'PROBE',
      'FAILED',
      'NOARP',
      'PERMANENT',
    ]);
    expect(stateNames(rt.parseNeighborState(NUD_NOARP | NUD_PERMANENT))).toEqual(['NOARP', 'PERMANENT']);
  });
});

describe('shouldFlush mirrors `ip neigh flush dev IF`', () => {
  const cases: [string, number, string[], boolean][] = [
    ['NONE (0)', 0x00, [], true],
    ['INCOMPLETE', 0x01, [], true],
    ['REACHABLE', 0x02, [], true],
    ['STALE', 0x04, [], true],
    ['DELAY', 0x08, [], true],
    ['PROBE', 0x10, [], true],
    ['FAILED', 0x20, [], true],
    ['NOARP', 0x40, [], false],
    ['PERMANENT', 0x80, [], false],
    ['PERMANENT router', 0x80, ['router'], false],
    ['PERMANENT proxy', 0x80, ['proxy'], true],
    ['NOARP extern_learn', 0x40, ['extern_learn'], true],
    ['REACHABLE router', 0x02, ['router'], true],
  ];
  it.each(cases)('%s -> %s', (_name, state, flags, expected) => {
    expect(shouldFlush({ state, flags })).toBe(expected);
  });

  it('ip neigh show leaves out NOARP entries only', () => {
    expect(shownByIpNeigh({ state: NUD_NOARP })).toBe(false);
    for (const state of [0, 0x01, 0x02, 0x04, 0x20, NUD_PERMANENT]) expect(shownByIpNeigh({ state })).toBe(true);
  });
});

describe('neighbour round trip', () => {
  it('parse(ndmsg + DST + LLADDR) gives back every field (300 seeded cases)', () => {
    const g = new Prng(0x4e16);
    for (let i = 0; i < 300; i++) {
      const af = g.pick([2, 10] as const);
      const dst = g.bytes(af === 2 ? 4 : 16);
      const ll = g.chance(0.8) ? g.bytes(6) : undefined;
      const state = g.int(0, 0xff);
      const flags = g.pick([0, NTF_ROUTER, NTF_PROXY, NTF_EXT_LEARNED | NTF_ROUTER]);
      const ifindex = g.int(1, 0x7fffffff);
      const payload = Buffer.concat([
        ndmsg(af, ifindex, state, flags, 1),
        attr(NDA_DST, dst),
        ...(ll ? [attr(NDA_LLADDR, ll)] : []),
      ]);
      const n = parseNeighbour(payload);
      expect(n.address).toBe(af === 2 ? formatIPv4(dst) : formatIPv6(dst));
      expect(n).toMatchObject({
        af,
        ifindex,
        state,
        lladdr: ll ? formatLinkLayer(ll) : '',
        states: stateNames(rt.parseNeighborState(state)),
      });
      // A delete built from the parsed entry names the same entry.
      const del = new AttrStream();
      rt.formatNeighborMessage({ kind: 'neighbor', ...deleteRequest(n) }, del);
      const bytes = Buffer.concat(del.bufs);
      expect(toHex(bytes.subarray(12 + 4))).toBe(toHex(dst));
      expect(bytes.readInt32LE(4)).toBe(ifindex);
    }
  });
});
