import { describe, expect, it } from 'vitest';
import { compareServices, glibcSort } from '../../src/domain/sort.js';
import { parseConnLine } from '../../src/kernel/proc/connParser.js';
import { formatConnRow, formatDaemons, formatTimeouts } from '../../src/output/text/listOptions.js';
import { largeNumber } from '../../src/output/text/numbers.js';
import { formatServiceList, listFormat, serviceName } from '../../src/output/text/serviceList.js';
import { dest, service } from './fixtures.js';

describe('numbers as ipvsadm prints them', () => {
  it.each([
    [0n, false, '        0'],
    [99_999_999n, false, ' 99999999'],
    [100_000_000n, false, '  100000K'],
    [999_999_999n, false, '  999999K'],
    [1_000_000_000n, false, '    1000M'],
    [99_999_999_999n, false, '   99999M'],
    [100_000_000_000n, false, '     100G'],
    [100_000_000_000_000n, false, '     100T'],
    [12n, true, '       12'],
    [123_456_789n, true, ' 123456789'],
    [2n ** 64n - 1n, true, ' 18446744073709551615'],
  ])('%s exact=%s', (n, exact, text) => expect(largeNumber(n, exact)).toBe(text));
});

describe("ipvsadm's sort order", () => {
  it('compares addresses as C int differences: 192.0.2.1 sorts before 10.0.0.1', () => {
    const a = service({ address: '192.0.2.1' });
    const b = service({ address: '10.0.0.1' });
    expect(compareServices(a, b)).toBeLessThan(0);
    expect(glibcSort([b, a], compareServices).map((s) => s.address)).toEqual(['192.0.2.1', '10.0.0.1']);
  });

  it('fwmark services after address services; fwmark 4294967295 prints as -1', () => {
    const f = service({ fwmark: 4294967295, protocol: 0, address: '0.0.0.0', port: 0 });
    expect(serviceName(f)).toBe('FWM  -1');
    expect(glibcSort([f, service({})], compareServices)[0]).toBe(f); // (int)(0xffffffff - 0) < 0
  });

  it('names services with the protocol padded to four', () => {
    expect(serviceName(service({ protocol: 132 }))).toBe('SCTP 192.0.2.1:80');
    expect(serviceName(service({ af: 10, address: '2001:db8::1' }))).toBe('TCP  [2001:db8::1]:80');
    expect(serviceName(service({ af: 10, fwmark: 8, protocol: 0, address: '::', port: 0 }))).toBe('FWM  8 IPv6');
  });
});

describe('service listings', () => {
  const info = { versionCode: 0x010201, version: '1.2.1', connTableSize: 4096 };
  it('default, with persistence, mask, pe, ops and scheduler flags', () => {
    const s = service({
      scheduler: 'sh',
      flags: 0x1 | 0x2 | 0x4 | 0x8 | 0x10,
      timeout: 300,
      netmask: '255.255.255.0',
      peName: 'sip',
      protocol: 17,
    });
    expect(
      formatServiceList(info, [{ service: s, dests: [dest({ weight: 0 })] }], {
        format: 'default',
        exact: false,
        sort: true,
      }),
    ).toBe(
      'IP Virtual Server version 1.2.1 (size=4096)\n' +
        'Prot LocalAddress:Port Scheduler Flags\n' +
        '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n' +
        'UDP  192.0.2.1:80 sh (sh-fallback,sh-port) persistent 300 mask 255.255.255.0 pe sip ops\n' +
        '  -> 198.51.100.11:80             Masq    0      3          4         \n',
    );
  });

  it('picks the format ipvsadm would', () => {
    expect(listFormat({ rate: true, stats: true })).toBe('stats');
    expect(listFormat({ thresholds: true, tunInfo: true })).toBe('thresholds');
    expect(listFormat({})).toBe('default');
  });

  it('one service has no version line', () => {
    expect(formatServiceList(info, [], { format: 'stats', exact: false, sort: true }, true)).toBe(
      'Prot LocalAddress:Port               Conns   InPkts  OutPkts  InBytes OutBytes\n  -> RemoteAddress:Port\n',
    );
  });
});

describe('other listings', () => {
  it('timeouts and daemons', () => {
    expect(formatTimeouts({ tcp: 900, tcpFin: 120, udp: 300 })).toBe('Timeout (tcp tcpfin udp): 900 120 300\n');
    expect(
      formatDaemons([
        { state: 'backup', mcastInterface: 'eth1', syncId: 7 },
        {
          state: 'master',
          mcastInterface: 'eth0',
          syncId: 5,
          syncMaxLen: 1472,
          mcastGroup: '224.0.0.81',
          mcastPort: 8848,
          mcastTtl: 1,
        },
      ]),
    ).toBe(
      'master sync daemon (mcast=eth0, syncid=5, maxlen=1472, group=224.0.0.81, port=8848, ttl=1)\nbackup sync daemon (mcast=eth1, syncid=7)\n',
    );
  });

  it('connection rows, a fwmark template showing its mark as an address', () => {
    const row = parseConnLine('IP  CB007100 0000 00000007 0000 C633640B 0000 NONE            295')!;
    expect(formatConnRow(row, false)).toBe(
      'IP  04:55  NONE        203.0.113.0:0      0.0.0.7:0          198.51.100.11:0\n',
    );
    const v6 = parseConnLine(
      'TCP 2001:0db8:0203:0000:0000:0000:0000:0002 9C40 2001:0db8:0192:0000:0000:0000:0000:0010 0050 C6336414 0050 SYN_RECV         55',
    )!;
    expect(formatConnRow(v6, false)).toBe(
      'TCP 00:55  SYN_RECV    [2001:db8:203::2]:40000 [2001:db8:192::10]:80 198.51.100.20:80\n',
    );
  });

  it('--persistent-conn: persistence-engine columns only on rows that have a name and data, as ipvsadm (seen in the lab)', () => {
    const sip = parseConnLine(
      'UDP CB007102 13C4 C0000210 13C4 C633640C 13C4 UDP             179 sip 3cb0a3f2-1@192.0.2.16',
    )!;
    expect(formatConnRow(sip, true)).toBe(
      'UDP 02:59  UDP         203.0.113.2:5060   192.0.2.16:5060    198.51.100.12:5060 sip                3cb0a3f2-1@192.0.2.16\n',
    );
    const plain = parseConnLine('TCP CB007102 85B5 C0000202 0050 C633640C 0050 TIME_WAIT       118')!;
    expect(formatConnRow(plain, true)).toBe(
      'TCP 01:58  TIME_WAIT   203.0.113.2:34229  192.0.2.2:80       198.51.100.12:80\n',
    );
    const nameOnly = parseConnLine('UDP CB007102 13C4 C0000210 13C4 C633640C 13C4 UDP             179 sip')!;
    expect(formatConnRow(nameOnly, true)).toBe(formatConnRow(nameOnly, false));
    const shortDest = parseConnLine('UDP CB007102 0000 C0000210 13C4 0A000101 13C4 NONE             59 sip abc@lab')!;
    expect(formatConnRow(shortDest, true)).toBe(
      'UDP 00:59  NONE        203.0.113.2:0      192.0.2.16:5060    10.0.1.1:5060    sip                abc@lab\n',
    );
  });
});
