/**
 * `snapshot --anonymize`'s one function: no original address or host name is left in any of the
 * snapshot's text forms, the same original gets the same fake in every file, and what names no
 * host (loopback, netmasks, multicast, times) is left as it was.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Anonymizer } from '../../src/output/anonymize.js';

/** Lines as the snapshot's parts write them: ipvsadm, ip, the JSON documents, the kernel log. */
const FILES = {
  'ipvsadm-L-n.txt': [
    'IP Virtual Server version 1.2.1 (size=4096)',
    'Prot LocalAddress:Port Scheduler Flags',
    '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn',
    'TCP  192.0.2.1:80 wlc persistent 300 mask 255.255.255.0',
    '  -> 198.51.100.11:80             Masq    1      0          0',
    'TCP  [2001:db8:192::1]:80 lc',
    '  -> [2001:db8:198::11]:80        Masq    1      0          0',
    '',
  ].join('\n'),
  'ipvsadm-L-n-c.txt': 'TCP 14:59  ESTABLISHED 203.0.113.2:40000 192.0.2.1:80       198.51.100.11:80\n',
  'ip-addr.txt': [
    '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536',
    '    inet 127.0.0.1/8 scope host lo',
    '    inet6 ::1/128 scope host',
    '2: lab-client: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500',
    '    link/ether 5e:1f:a0:33:0b:7c brd ff:ff:ff:ff:ff:ff',
    '    inet 203.0.113.1/24 brd 203.0.113.255 scope global lab-client',
    '    inet6 2001:db8:203::1/64 scope global',
    '    inet6 fe80::5c1f:a0ff:fe33:b7c/64 scope link',
    '',
  ].join('\n'),
  'ip-neigh.txt':
    'fe80::1%lab-rs dev lab-rs lladdr 5E:1F:A0:33:0B:7C REACHABLE\n198.51.100.11 dev lab-rs lladdr 02:aa:bb:cc:dd:01 STALE\n',
  'list.json':
    '{"address": "192.0.2.1", "dests": [{"address": "2001:0db8:0198:0000:0000:0000:0000:0011"}], "host": "lb-a.example.com"}\n',
  'kernel-log.txt':
    '2026-12-05T03:12:07.000Z [  12.000001] IPVS: rr: TCP 192.0.2.1:80 - no destination available on lb-a\n',
  'doctor.json': '"text": "::ffff:198.51.100.12 answered for 192.0.2.1: see 2001:db8:203::1: and 010.000.000.001"\n',
};

const ORIGINALS = [
  '192.0.2.1',
  '198.51.100.11',
  '198.51.100.12',
  '203.0.113.1',
  '203.0.113.2',
  '203.0.113.255',
  '2001:db8:192::1',
  '2001:db8:198::11',
  '2001:0db8:0198',
  '2001:db8:203::1',
  'fe80::5c1f',
  'fe80::1',
  '5e:1f:a0:33:0b:7c',
  '02:aa:bb:cc:dd:01',
  'lb-a',
  '10.0.0.1',
  '010.000.000.001',
];

const wholeAddress = (a: string): RegExp => new RegExp(`(?<![\\w:.])${a.replaceAll('.', '\\.')}(?![\\w:]|\\.\\d)`, 'i');

function anonymizeAll(): Record<string, string> {
  const a = new Anonymizer(['lb-a', 'lb-a.example.com']);
  return Object.fromEntries(Object.entries(FILES).map(([name, text]) => [name, a.text(text)]));
}

describe('Anonymizer', () => {
  const out = anonymizeAll();
  const all = Object.values(out).join('\n').toLowerCase();

  it('leaves no original address, MAC or host name in any file', () => {
    for (const original of ORIGINALS) expect(all, original).not.toContain(original.toLowerCase());
  });

  it('gives the same original the same fake in every file, whichever way it is written', () => {
    expect(out['ipvsadm-L-n.txt']).toContain('TCP  240.0.0.1:80 wlc');
    expect(out['ipvsadm-L-n-c.txt']).toContain('240.0.0.1:80');
    expect(out['kernel-log.txt']).toContain('TCP 240.0.0.1:80 - no destination available on host-1');
    expect(out['list.json']).toContain('"address": "240.0.0.1"');
    // Written in full in the JSON, compressed in ipvsadm's text: one address, one fake.
    const v6 = /-> \[(3fff::[0-9a-f:]+)\]:80/.exec(out['ipvsadm-L-n.txt']!)![1]!;
    expect(out['list.json']).toContain(`"address": "${v6}"`);
    // The MAC in two cases, in two files.
    const mac = /link\/ether (\S+)/.exec(out['ip-addr.txt']!)![1]!;
    expect(mac).toMatch(/^02:00:00:/);
    expect(out['ip-neigh.txt']).toContain(`lladdr ${mac} REACHABLE`);
    // A name and its FQDN are one host.
    expect(out['list.json']).toContain('"host": "host-1"');
  });

  it('hides a host named by its FQDN when it is written by its short name too', () => {
    const a = new Anonymizer(['lb-b.example.com']);
    expect(a.text('lb-b.example.com and lb-b, not lb-bx')).toBe('host-1 and host-1, not lb-bx');
  });

  it('gives different originals different fakes', () => {
    const a = new Anonymizer();
    const fakes = ['192.0.2.1', '192.0.2.2', '2001:db8::1', '2001:db8::2'].map((x) => a.text(x));
    expect(new Set(fakes).size).toBe(4);
    expect(a.counts()).toEqual({ ipv4: 2, ipv6: 2, mac: 0, name: 0 });
  });

  it('keeps what names no host: loopback, netmasks, broadcast MACs, multicast, times and versions', () => {
    expect(out['ip-addr.txt']).toContain('inet 127.0.0.1/8 scope host lo');
    expect(out['ip-addr.txt']).toContain('inet6 ::1/128');
    expect(out['ip-addr.txt']).toContain('brd ff:ff:ff:ff:ff:ff');
    expect(out['ipvsadm-L-n.txt']).toContain('mask 255.255.255.0');
    expect(out['ipvsadm-L-n.txt']).toContain('version 1.2.1 (size=4096)');
    expect(out['ipvsadm-L-n-c.txt']).toMatch(/^TCP 14:59 {2}ESTABLISHED /);
    expect(out['kernel-log.txt']).toMatch(/^2026-12-05T03:12:07.000Z \[ {2}12.000001\] IPVS: rr: /);
    expect(new Anonymizer().text('vrrp to 224.0.0.18 and ff02::12')).toBe('vrrp to 224.0.0.18 and ff02::12');
  });

  it('replaces every IPv4 and IPv6 address wherever it stands in a text', () => {
    const v4 = fc.ipV4().filter((a) => !/^(0|127|22[4-9]|23\d|24\d|25[0-5])\./.test(a));
    const canonical = (a: string) => new URL(`http://[${a}]/`).hostname.slice(1, -1);
    const v6 = fc.ipV6().filter((a) => !/^(::1?$|ff)/.test(canonical(a)));
    const around = fc.constantFrom(' ', '[', ']:80 ', '/24 ', '"', ', ', ': ');
    fc.assert(
      fc.property(fc.array(fc.tuple(around, fc.oneof(v4, v6)), { minLength: 1, maxLength: 6 }), (parts) => {
        const text = parts.map(([s, a]) => s + a).join('');
        const out = new Anonymizer().text(text);
        // As a whole address: a fake may hold a short one inside it (3fff::1 holds f::1).
        for (const [, a] of parts) expect(out).not.toMatch(wholeAddress(a));
      }),
      { numRuns: 500 },
    );
  });
});
