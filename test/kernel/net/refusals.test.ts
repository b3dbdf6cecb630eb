/** The kernel's counters of connection attempts turned away, read from /proc/net/snmp and snmp6. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRefusals, snmpValue } from '../../../src/kernel/net/refusals.js';

// As the lab's kernel wrote it after `ipvsadm -C` with its traffic running (Tcp OutRsts 173, Udp NoPorts 43).
const SNMP = `Ip: Forwarding DefaultTTL InReceives
Ip: 1 64 5085
Tcp: RtoAlgorithm RtoMin RtoMax MaxConn ActiveOpens PassiveOpens AttemptFails EstabResets CurrEstab InSegs OutSegs RetransSegs InErrs OutRsts InCsumErrors
Tcp: 1 200 120000 -1 0 0 0 0 0 173 173 0 0 173 0
Udp: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors InCsumErrors IgnoredMulti MemErrors
Udp: 0 43 0 0 0 0 0 0 0
UdpLite: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors InCsumErrors IgnoredMulti MemErrors
UdpLite: 0 9 0 0 0 0 0 0 0
`;

function proc(snmp6?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ipvstop-snmp-'));
  mkdirSync(join(dir, 'net'));
  writeFileSync(join(dir, 'net/snmp'), SNMP);
  if (snmp6 !== undefined) writeFileSync(join(dir, 'net/snmp6'), snmp6);
  return dir;
}

describe('refusals', () => {
  it('adds TCP resets sent, UDP and UDP6 datagrams to no port (not UDP-Lite)', async () => {
    expect(snmpValue(SNMP, 'Udp', 'NoPorts')).toBe(43);
    expect((await readRefusals(proc('Udp6InDatagrams  \t5\nUdp6NoPorts                     \t7\n'))).refused).toBe(223);
  });

  it('counts nothing for IPv6 without /proc/net/snmp6, and fails on a file without the counters', async () => {
    expect((await readRefusals(proc())).refused).toBe(216);
    const dir = proc();
    writeFileSync(join(dir, 'net/snmp'), 'Ip: a\nIp: 1\n');
    await expect(readRefusals(dir)).rejects.toThrow(/no Tcp OutRsts or Udp NoPorts/);
  });
});
