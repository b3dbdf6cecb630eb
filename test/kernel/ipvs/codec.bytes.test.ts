/**
 * Hand-written IPVS payloads, built byte by byte from the layouts in
 * linux/netlink.h (nlattr: u16 len incl. 4-byte header, u16 type; padded to 4)
 * and linux/ip_vs.h. Host-order integers are little-endian (x86_64).
 */
import { describe, expect, it } from 'vitest';
import {
  encodeDest,
  encodeService,
  encodeServiceId,
  parseDaemon,
  parseDest,
  parseInfo,
  parseService,
} from '../../../src/kernel/ipvs/codec.js';
import type { Destination, Service } from '../../../src/kernel/ipvs/types.js';
import { CodecError } from '../../../src/kernel/netlink/attributes.js';
import { hex, toHex } from '../hex.js';

// ---------------------------------------------------------------- services

/** An all-zero STATS64 (type 12) with its 10 u64 attributes, len 124. */
const ZERO_STATS64 = hex`
7c 00 0c 00
  0c 00 01 00 00 00 00 00 00 00 00 00   0c 00 02 00 00 00 00 00 00 00 00 00
  0c 00 03 00 00 00 00 00 00 00 00 00   0c 00 04 00 00 00 00 00 00 00 00 00
  0c 00 05 00 00 00 00 00 00 00 00 00   0c 00 06 00 00 00 00 00 00 00 00 00
  0c 00 07 00 00 00 00 00 00 00 00 00   0c 00 08 00 00 00 00 00 00 00 00 00
  0c 00 09 00 00 00 00 00 00 00 00 00   0c 00 0a 00 00 00 00 00 00 00 00 00`;

/** An attribute of `type` (4-byte header, LE length) around already-encoded `inner` attributes. */
function nest(type: number, inner: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt16LE(inner.length + 4, 0);
  head.writeUInt16LE(type, 2);
  return Buffer.concat([head, inner]);
}

/** TCP 10.0.0.1:80 rr, as a pre-4.1 kernel sends it (STATS only, no STATS64). */
const SERVICE_TCP = hex`
b0 00 01 00                                      # IPVS_CMD_ATTR_SERVICE, len 176 (nested)
  06 00 01 00  02 00 00 00                       # SVC_ATTR_AF u16 2 (AF_INET) + 2 pad
  06 00 02 00  06 00 00 00                       # SVC_ATTR_PROTOCOL u16 6 (TCP) + pad
  14 00 03 00  0a 00 00 01  00 00 00 00          # SVC_ATTR_ADDR 16 bytes: 10.0.0.1 then zeros
               00 00 00 00  00 00 00 00
  06 00 04 00  00 50 00 00                       # SVC_ATTR_PORT be16 80 + pad
  07 00 06 00  72 72 00 00                       # SVC_ATTR_SCHED_NAME "rr\\0" + pad
  0c 00 07 00  02 00 00 00  ff ff ff ff          # SVC_ATTR_FLAGS {flags 0x2 HASHED, mask ~0}
  08 00 08 00  00 00 00 00                       # SVC_ATTR_TIMEOUT u32 0
  08 00 09 00  ff ff ff ff                       # SVC_ATTR_NETMASK 255.255.255.255 (network order)
  5c 00 0a 00                                    # SVC_ATTR_STATS, len 92 (nested)
    08 00 01 00  05 00 00 00                     #   CONNS u32 5
    08 00 02 00  64 00 00 00                     #   INPKTS u32 100
    08 00 03 00  5a 00 00 00                     #   OUTPKTS u32 90
    0c 00 04 00  00 00 00 00  01 00 00 00        #   INBYTES u64 2^32
    0c 00 05 00  e8 03 00 00  00 00 00 00        #   OUTBYTES u64 1000
    08 00 06 00  01 00 00 00                     #   CPS u32 1
    08 00 07 00  02 00 00 00                     #   INPPS u32 2
    08 00 08 00  03 00 00 00                     #   OUTPPS u32 3
    08 00 09 00  90 01 00 00                     #   INBPS u32 400
    08 00 0a 00  f4 01 00 00                     #   OUTBPS u32 500
`;

const SERVICE_TCP_VALUE: Service = {
  af: 2,
  protocol: 6,
  address: '10.0.0.1',
  port: 80,
  fwmark: 0,
  scheduler: 'rr',
  flags: 2,
  timeout: 0,
  netmask: '255.255.255.255',
  peName: '',
  stats: {
    connections: 5n,
    inPackets: 100n,
    outPackets: 90n,
    inBytes: 4294967296n,
    outBytes: 1000n,
    cps: 1,
    inPps: 2,
    outPps: 3,
    inBps: 400,
    outBps: 500,
  },
  stats64: false,
};

/** IPv6 fwmark 7, wlc, persistent 300 s, PE sip; STATS64 (4.1+) with a PAD, an empty STATS, an unknown attribute. */
const SERVICE_FWM6 = hex`
cc 00 01 00                                      # IPVS_CMD_ATTR_SERVICE, len 204
  06 00 01 00  0a 00 00 00                       # AF u16 10 (AF_INET6)
  08 00 05 00  07 00 00 00                       # FWMARK u32 7 (no PROTOCOL/ADDR/PORT)
  08 00 06 00  77 6c 63 00                       # SCHED_NAME "wlc\\0"
  08 00 0b 00  73 69 70 00                       # PE_NAME "sip\\0"
  0c 00 07 00  03 00 00 00  ff ff ff ff          # FLAGS {PERSISTENT|HASHED, ~0}
  08 00 08 00  2c 01 00 00                       # TIMEOUT u32 300
  08 00 09 00  80 00 00 00                       # NETMASK: IPv6 prefix length u32 128
  04 00 0a 00                                    # STATS, empty: not read when STATS64 is there
  80 00 0c 00                                    # STATS64, len 128
    04 00 0b 00                                  #   PAD (alignment, no payload)
    0c 00 01 00  00 00 00 00  00 01 00 00        #   CONNS u64 2^40
    0c 00 02 00  07 00 00 00  00 00 00 00        #   INPKTS 7
    0c 00 03 00  00 00 00 00  00 00 00 00        #   OUTPKTS 0
    0c 00 04 00  ff ff ff ff  ff ff ff ff        #   INBYTES 2^64-1
    0c 00 05 00  01 00 00 00  00 00 00 00        #   OUTBYTES 1
    0c 00 06 00  0a 00 00 00  00 00 00 00        #   CPS 10
    0c 00 07 00  14 00 00 00  00 00 00 00        #   INPPS 20
    0c 00 08 00  00 00 00 00  00 00 00 00        #   OUTPPS 0
    0c 00 09 00  40 e2 01 00  00 00 00 00        #   INBPS 123456
    0c 00 0a 00  00 00 00 00  00 00 00 00        #   OUTBPS 0
  08 00 0d 00  de ad be ef                       # type 13: unknown (a future kernel), ignored
`;

describe('IPVS service bytes', () => {
  it('parses a TCP service with STATS only (pre-4.1)', () => {
    expect(parseService(SERVICE_TCP)).toEqual(SERVICE_TCP_VALUE);
  });

  it('encodes the same service to the same bytes', () => {
    expect(toHex(encodeService(SERVICE_TCP_VALUE))).toBe(toHex(SERVICE_TCP));
  });

  it('parses an IPv6 fwmark service, preferring STATS64 and ignoring PAD and unknown attributes', () => {
    expect(parseService(SERVICE_FWM6)).toEqual({
      af: 10,
      protocol: 0,
      address: '::',
      port: 0,
      fwmark: 7,
      scheduler: 'wlc',
      flags: 3,
      timeout: 300,
      netmask: '128',
      peName: 'sip',
      stats: {
        connections: 1n << 40n,
        inPackets: 7n,
        outPackets: 0n,
        inBytes: 0xffff_ffff_ffff_ffffn,
        outBytes: 1n,
        cps: 10,
        inPps: 20,
        outPps: 0,
        inBps: 123456,
        outBps: 0,
      },
      stats64: true,
    } satisfies Service);
  });

  it('accepts a 4-byte IPv4 ADDR (what some user-space tools send)', () => {
    const p = nest(
      1,
      Buffer.concat([
        hex`
      06 00 01 00  02 00 00 00                  # AF 2
      06 00 02 00  11 00 00 00                  # PROTOCOL 17 (UDP)
      08 00 03 00  c0 00 02 01                  # ADDR, 4 bytes: 192.0.2.1
      06 00 04 00  00 35 00 00                  # PORT 53
      07 00 06 00  73 68 00 00                  # SCHED_NAME "sh"
      0c 00 07 00  12 00 00 00  ff ff ff ff     # FLAGS 0x12 (HASHED | SH_PORT)
      08 00 08 00  00 00 00 00                  # TIMEOUT 0
      08 00 09 00  ff ff ff 00                  # NETMASK 255.255.255.0`,
        ZERO_STATS64,
      ]),
    );
    expect(parseService(p)).toMatchObject({
      af: 2,
      protocol: 17,
      address: '192.0.2.1',
      port: 53,
      scheduler: 'sh',
      flags: 0x12,
      netmask: '255.255.255.0',
    });
  });

  it('encodes service identities for GET_DEST and ZERO', () => {
    expect(toHex(encodeServiceId({ af: 2, protocol: 6, address: '10.0.0.1', port: 80, fwmark: 0 }))).toBe(
      toHex(hex`
      30 00 01 00                                  # SERVICE, len 48
        06 00 01 00  02 00 00 00                   # AF 2
        06 00 02 00  06 00 00 00                   # PROTOCOL 6
        14 00 03 00  0a 00 00 01  00 00 00 00      # ADDR: 16 bytes, IPv4 first (as ipvsadm sends)
                     00 00 00 00  00 00 00 00
        06 00 04 00  00 50 00 00                   # PORT be16 80`),
    );
    expect(toHex(encodeServiceId({ af: 10, protocol: 0, address: '::', port: 0, fwmark: 7 }))).toBe(
      toHex(hex`
      14 00 01 00                                  # SERVICE, len 20
        06 00 01 00  0a 00 00 00                   # AF 10
        08 00 05 00  07 00 00 00                   # FWMARK 7`),
    );
    expect(toHex(encodeServiceId({ af: 10, protocol: 17, address: '2001:db8::1', port: 53, fwmark: 0 }))).toBe(
      toHex(hex`
      30 00 01 00  06 00 01 00 0a 00 00 00  06 00 02 00 11 00 00 00
      14 00 03 00  20 01 0d b8 00 00 00 00  00 00 00 00 00 00 00 01   # ADDR 2001:db8::1
      06 00 04 00  00 35 00 00`),
    );
  });
});

// ------------------------------------------------------------ real servers

const ZERO_STATS = {
  connections: 0n,
  inPackets: 0n,
  outPackets: 0n,
  inBytes: 0n,
  outBytes: 0n,
  cps: 0,
  inPps: 0,
  outPps: 0,
  inBps: 0,
  outBps: 0,
};

describe('IPVS real server bytes', () => {
  it('parses a 6.x direct-routing server and drops the TUN_* the kernel sends for every server', () => {
    const p = nest(
      2,
      Buffer.concat([
        hex`
      14 00 01 00  c0 a8 01 0a  00 00 00 00  00 00 00 00  00 00 00 00   # DEST_ATTR_ADDR 192.168.1.10
      06 00 02 00  1f 90 00 00                  # PORT be16 8080
      08 00 03 00  03 00 00 00                  # FWD_METHOD 3 = DROUTE
      08 00 04 00  01 00 00 00                  # WEIGHT 1
      08 00 05 00  00 00 00 00                  # U_THRESH 0
      08 00 06 00  00 00 00 00                  # L_THRESH 0
      08 00 07 00  03 00 00 00                  # ACTIVE_CONNS 3
      08 00 08 00  04 00 00 00                  # INACT_CONNS 4
      08 00 09 00  00 00 00 00                  # PERSIST_CONNS 0
      06 00 0b 00  02 00 00 00                  # ADDR_FAMILY u16 2 (3.18+)
      05 00 0d 00  00 00 00 00                  # TUN_TYPE u8 0 (ipip), sent anyway (5.2+)
      06 00 0e 00  00 00 00 00                  # TUN_PORT be16 0
      06 00 0f 00  00 00 00 00                  # TUN_FLAGS u16 0 (5.3+)
      04 00 0a 00                               # STATS (empty here; STATS64 wins)`,
        ZERO_STATS64,
      ]),
    );
    expect(parseDest(p, 2)).toEqual({
      af: 2,
      address: '192.168.1.10',
      port: 8080,
      forward: 'route',
      connFlags: 3,
      weight: 1,
      upperThreshold: 0,
      lowerThreshold: 0,
      activeConns: 3,
      inactiveConns: 4,
      persistentConns: 0,
      stats: ZERO_STATS,
      stats64: true,
    } satisfies Destination);
  });

  it('parses a GUE tunnel server of another family, with a negative weight', () => {
    const p = nest(
      2,
      Buffer.concat([
        hex`
      14 00 01 00  c6 33 64 07  00 00 00 00  00 00 00 00  00 00 00 00   # ADDR 198.51.100.7
      06 00 02 00  00 50 00 00                  # PORT 80
      08 00 03 00  02 00 00 00                  # FWD_METHOD 2 = TUNNEL
      08 00 04 00  ff ff ff ff                  # WEIGHT s32 -1
      08 00 05 00  e8 03 00 00                  # U_THRESH 1000
      08 00 06 00  64 00 00 00                  # L_THRESH 100
      08 00 07 00  00 00 00 00  08 00 08 00 00 00 00 00  08 00 09 00 00 00 00 00   # conns 0
      06 00 0b 00  02 00 00 00                  # ADDR_FAMILY 2, under an IPv6 service
      05 00 0d 00  01 00 00 00                  # TUN_TYPE 1 = GUE
      06 00 0e 00  17 c0 00 00                  # TUN_PORT be16 6080
      06 00 0f 00  01 00 00 00                  # TUN_FLAGS 1 = CSUM`,
        ZERO_STATS64,
      ]),
    );
    expect(parseDest(p, 10)).toMatchObject({
      af: 2,
      address: '198.51.100.7',
      forward: 'tunnel',
      weight: -1,
      upperThreshold: 1000,
      lowerThreshold: 100,
      tunnelType: 'gue',
      tunnelPort: 6080,
      tunnelFlags: 1,
    });
  });

  it("takes the service's family before 3.18 (no ADDR_FAMILY) and reads STATS without STATS64", () => {
    const p = nest(
      2,
      hex`
      14 00 01 00  20 01 0d b8  00 00 00 00  00 00 00 00  00 00 00 10   # ADDR 2001:db8::10
      06 00 02 00  01 bb 00 00                  # PORT 443
      08 00 03 00  00 00 00 00                  # FWD_METHOD 0 = MASQ
      08 00 04 00  00 01 00 00                  # WEIGHT 256
      08 00 05 00 00 00 00 00  08 00 06 00 00 00 00 00
      08 00 07 00 01 00 00 00  08 00 08 00 02 00 00 00  08 00 09 00 03 00 00 00
      5c 00 0a 00                               # STATS (32-bit), len 92
        08 00 01 00 01 00 00 00  08 00 02 00 02 00 00 00  08 00 03 00 03 00 00 00
        0c 00 04 00 04 00 00 00 00 00 00 00  0c 00 05 00 05 00 00 00 00 00 00 00
        08 00 06 00 06 00 00 00  08 00 07 00 07 00 00 00  08 00 08 00 08 00 00 00
        08 00 09 00 09 00 00 00  08 00 0a 00 0a 00 00 00`,
    );
    expect(parseDest(p, 10)).toEqual({
      af: 10,
      address: '2001:db8::10',
      port: 443,
      forward: 'masq',
      connFlags: 0,
      weight: 256,
      upperThreshold: 0,
      lowerThreshold: 0,
      activeConns: 1,
      inactiveConns: 2,
      persistentConns: 3,
      stats: {
        connections: 1n,
        inPackets: 2n,
        outPackets: 3n,
        inBytes: 4n,
        outBytes: 5n,
        cps: 6,
        inPps: 7,
        outPps: 8,
        inBps: 9,
        outBps: 10,
      },
      stats64: false,
    } satisfies Destination);
  });

  it('encodes a real server with ADDR_FAMILY and the tunnel attributes it has', () => {
    const d: Destination = {
      af: 2,
      address: '192.0.2.9',
      port: 80,
      forward: 'tunnel',
      connFlags: 2,
      weight: 5,
      upperThreshold: 0,
      lowerThreshold: 0,
      activeConns: 0,
      inactiveConns: 0,
      persistentConns: 0,
      stats: ZERO_STATS,
      stats64: false,
      tunnelType: 'gre',
    };
    expect(toHex(encodeDest(d, { withStats: false }))).toBe(
      toHex(hex`
      68 00 02 00                               # IPVS_CMD_ATTR_DEST, len 104
        14 00 01 00  c0 00 02 09  00 00 00 00  00 00 00 00  00 00 00 00   # ADDR
        06 00 02 00  00 50 00 00                # PORT 80
        08 00 03 00  02 00 00 00                # FWD_METHOD 2
        08 00 04 00  05 00 00 00                # WEIGHT 5
        08 00 05 00 00 00 00 00  08 00 06 00 00 00 00 00
        08 00 07 00 00 00 00 00  08 00 08 00 00 00 00 00  08 00 09 00 00 00 00 00
        06 00 0b 00  02 00 00 00                # ADDR_FAMILY 2
        05 00 0d 00  02 00 00 00                # TUN_TYPE 2 = GRE`),
    );
  });
});

// ------------------------------------------------------------------ errors

describe('IPVS codec errors', () => {
  const expectCodecError = (f: () => unknown, message: RegExp): void => {
    expect(f).toThrow(CodecError);
    expect(f).toThrow(message);
  };

  it('names a missing attribute', () => {
    expectCodecError(() => parseService(Buffer.alloc(0)), /IPVS service: missing attribute SERVICE \(1\)/);
    expectCodecError(() => parseInfo(hex`08 00 01 00 01 02 01 00`), /missing attribute CONN_TAB_SIZE/);
    expectCodecError(() => parseDest(hex`04 00 02 00`, 2), /IPVS real server > DEST: missing attribute FWD_METHOD/);
    expectCodecError(() => parseDaemon(hex`0c 00 03 00 08 00 01 00 01 00 00 00`), /missing attribute MCAST_IFN/);
  });

  it('refuses truncated and garbage bytes', () => {
    for (let n = 1; n < SERVICE_TCP.length; n++) {
      expect(() => parseService(SERVICE_TCP.subarray(0, n))).toThrow(CodecError);
    }
    expectCodecError(() => parseInfo(hex`02 00 01 00`), /bad length 2/);
    expectCodecError(() => parseInfo(hex`08 00 01 00 01 02 01 00  08 00`), /truncated attribute header/);
  });

  it('refuses wrong sizes and values', () => {
    expectCodecError(
      () => parseInfo(hex`06 00 01 00 01 02 00 00  08 00 02 00 00 10 00 00`),
      /VERSION \(1\) has 2 bytes, expected 4/,
    );
    const badFamily = Buffer.from(SERVICE_TCP);
    badFamily[8] = 7; // AF 7
    expectCodecError(() => parseService(badFamily), /unsupported address family 7/);
    const badProto = Buffer.from(SERVICE_TCP);
    badProto[16] = 1; // PROTOCOL 1 (ICMP)
    expectCodecError(() => parseService(badProto), /unsupported protocol 1/);
    expectCodecError(() => parseDaemon(hex`0c 00 03 00 08 00 01 00 00 00 00 00`), /unknown sync daemon state 0/);
    const v6 = { ...SERVICE_TCP_VALUE, af: 10 as const, address: '2001:db8::1' };
    expect(parseService(encodeService({ ...v6, netmask: '64' })).netmask).toBe('64');
    for (const netmask of ['129', '', '/64', 'ffff::']) {
      expectCodecError(() => encodeService({ ...v6, netmask }), /invalid IPv6 netmask/);
    }
    // Found by fuzzing: a prefix length over 128 was read as if the kernel could have sent it.
    const wide = encodeService({ ...v6, netmask: '128' });
    const at = wide.indexOf(hex`08 00 09 00 80 00 00 00`); // NETMASK u32 128
    wide.writeUInt32LE(0x540, at + 4);
    expectCodecError(() => parseService(wide), /IPv6 netmask prefix length 1344 is over 128/);
  });
});
