/**
 * Hand-written GET_INFO, GET_CONFIG / SET_CONFIG and GET_DAEMON payloads
 * (linux/ip_vs.h attributes; nlattr headers little-endian, as on x86_64).
 */
import { describe, expect, it } from 'vitest';
import { encodeTimeouts, parseConfig, parseDaemon, parseInfo } from '../../../src/kernel/ipvs/codec.js';
import { hex, toHex } from '../hex.js';

describe('IPVS info, config and daemon bytes', () => {
  it('parses GET_INFO', () => {
    expect(
      parseInfo(hex`
      08 00 01 00  01 02 01 00      # INFO_ATTR_VERSION u32 0x010201
      08 00 02 00  00 10 00 00      # INFO_ATTR_CONN_TAB_SIZE u32 4096`),
    ).toEqual({ versionCode: 0x010201, version: '1.2.1', connTableSize: 4096 });
  });

  it('encodes SET_CONFIG timeouts and parses GET_CONFIG', () => {
    const bytes = hex`
      08 00 04 00  84 03 00 00      # CMD_ATTR_TIMEOUT_TCP 900
      08 00 05 00  78 00 00 00      # CMD_ATTR_TIMEOUT_TCP_FIN 120
      08 00 06 00  2c 01 00 00      # CMD_ATTR_TIMEOUT_UDP 300`;
    expect(toHex(encodeTimeouts({ tcp: 900, tcpFin: 120, udp: 300 }))).toBe(toHex(bytes));
    expect(parseConfig(bytes)).toEqual({ tcp: 900, tcpFin: 120, udp: 300 });
  });

  it('reads an absent timeout (kernel without IPVS UDP support) as 0', () => {
    expect(parseConfig(hex`08 00 04 00 84 03 00 00  08 00 05 00 78 00 00 00`)).toEqual({
      tcp: 900,
      tcpFin: 120,
      udp: 0,
    });
  });

  it('parses a 4.3+ master sync daemon', () => {
    expect(
      parseDaemon(hex`
      40 00 03 00                               # IPVS_CMD_ATTR_DAEMON, len 64
        08 00 01 00  01 00 00 00                # STATE u32 1 = MASTER
        09 00 02 00  65 74 68 30 00 00 00 00    # MCAST_IFN "eth0\\0" + pad
        08 00 03 00  05 00 00 00                # SYNC_ID 5
        06 00 04 00  c0 05 00 00                # SYNC_MAXLEN u16 1472
        06 00 07 00  90 22 00 00                # MCAST_PORT u16 8848, host order
        05 00 08 00  01 00 00 00                # MCAST_TTL u8 1
        08 00 05 00  e0 00 00 51                # MCAST_GROUP in_addr 224.0.0.81`),
    ).toEqual({
      state: 'master',
      mcastInterface: 'eth0',
      syncId: 5,
      syncMaxLen: 1472,
      mcastGroup: '224.0.0.81',
      mcastPort: 8848,
      mcastTtl: 1,
    });
  });

  it('parses an older backup daemon and an IPv6 group', () => {
    expect(
      parseDaemon(hex`
      20 00 03 00  08 00 01 00 02 00 00 00      # DAEMON; STATE 2 = BACKUP
      09 00 02 00  65 74 68 31 00 00 00 00      # MCAST_IFN "eth1"
      08 00 03 00  00 00 00 00                  # SYNC_ID 0`),
    ).toEqual({ state: 'backup', mcastInterface: 'eth1', syncId: 0 });
    expect(
      parseDaemon(hex`
      34 00 03 00  08 00 01 00 01 00 00 00  09 00 02 00 65 74 68 30 00 00 00 00  08 00 03 00 00 00 00 00
      14 00 06 00  ff 02 00 00 00 00 00 00  00 00 00 00 00 00 00 51   # MCAST_GROUP6 ff02::51`).mcastGroup,
    ).toBe('ff02::51');
  });
});
