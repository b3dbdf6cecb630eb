/**
 * `ipvstop list` against the real ipvsadm, byte for byte, on the lab kernel:
 * a table that touches every feature, seeded random tables nobody wrote
 * expectations for, and the live table under traffic.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ipvstop, liveCompare, pauseTraffic, resumeTraffic, ROOT, sh, shRaw, stableCompare, threeReads } from './helpers.js';
import { randomTable } from './randomTable.js';

const run = promisify(execFile);

const FEATURE_TABLE = `
-A -t 192.0.2.10:1 -s rr
-A -t 192.0.2.10:2 -s wrr
-A -t 192.0.2.10:3 -s lc
-A -t 192.0.2.10:4 -s wlc
-A -t 192.0.2.10:5 -s lblc
-A -t 192.0.2.10:6 -s lblcr
-A -t 192.0.2.10:7 -s dh
-A -t 192.0.2.10:8 -s sh
-A -t 192.0.2.10:9 -s sed
-A -t 192.0.2.10:10 -s nq
-A -t 192.0.2.10:11 -s fo
-A -t 192.0.2.10:12 -s ovf
-A -t 192.0.2.10:13 -s mh
-A -t 192.0.2.11:80 -s sh -b sh-fallback,sh-port
-A -t 192.0.2.12:80 -s mh -b mh-fallback,mh-port
-A -t 192.0.2.13:443 -s wlc -p 300 -M 255.255.255.0
-a -t 192.0.2.13:443 -r 198.51.100.11:443 -m -w 0
-a -t 192.0.2.13:443 -r 198.51.100.12:443 -m -w 5 -x 100 -y 10
-a -t 192.0.2.13:443 -r 198.51.100.13:8443 -g -w 2
-A -t 192.0.2.14:0 -s rr -p 120
-a -t 192.0.2.14:0 -r 198.51.100.11:0 -g
-A -u 192.0.2.15:53 -s rr -o
-a -u 192.0.2.15:53 -r 198.51.100.11:53 -m
-A -u 192.0.2.16:5060 -s rr -p 60 --pe sip
-a -u 192.0.2.16:5060 -r 198.51.100.12:5060 -m
-A --sctp-service 192.0.2.17:3868 -s rr
-a --sctp-service 192.0.2.17:3868 -r 198.51.100.13:3868 -m -w 3
-A -f 7 -s rr
-a -f 7 -r 198.51.100.11:0 -i
-a -f 7 -r 198.51.100.12:0 -i --tun-type gue --tun-port 6080 --tun-nocsum
-a -f 7 -r 198.51.100.13:0 -i --tun-type gre --tun-csum
-a -f 7 -r 198.51.100.14:0 -i --tun-type gue --tun-port 6081 --tun-remcsum
-A -f 4294967295 -s wrr
-A -f 8 -6 -s rr -p 60 -M 64
-a -f 8 -6 -r [2001:db8:198::11]:0 -g
-A -t [2001:db8:192::10]:80 -s wrr -p 60 -M 64
-a -t [2001:db8:192::10]:80 -r [2001:db8:198::11]:80 -m -w 4
-A -u [2001:db8:192::10]:53 -s lc
-a -u [2001:db8:192::10]:53 -r [2001:db8:198::12]:53 -m -x 5 -y 1
-A -t 10.0.0.1:80 -s rr
-a -t 10.0.0.1:80 -r 10.0.1.1:8080 -m -w 65535
-A -t 172.16.0.1:80 -s rr
-A -t 192.0.2.200:65535 -s rr
`;

const LIST_FLAGS = [
  '', '--stats', '--rate', '--stats --exact', '--rate --exact', '--thresholds', '--persistent-conn',
  '--tun-info', '--nosort', '--stats --nosort', '--thresholds --nosort',
];

function restore(rules: string): Promise<string> {
  return sh(`ipvsadm -C && ipvsadm -R <<'EOF'\n${rules.trim()}\nEOF`);
}

async function expectSame(flags: string, live = false): Promise<void> {
  const args = flags.split(' ').filter(Boolean);
  const compare = live ? liveCompare : stableCompare;
  const { expected, actual } = await compare(`-L -n ${flags}`, ['list', '-n', ...args]);
  expect(actual.stderr).toBe('');
  expect(actual.stdout).toBe(expected);
  expect(actual.status).toBe(0);
}

/**
 * `-c` on the live table with the clients paused. Entries still expire (about
 * 16 a second for two minutes after a pause) and every expiry column ticks, so
 * two ipvsadm reads rarely agree: instead, with expiries masked (their format
 * is checked on captured rows in the host suites), ours must hold every entry
 * both reads hold, in their order, and nothing neither holds.
 */
async function expectSameConnections(flags: string): Promise<void> {
  const args = flags.split(' ').filter(Boolean);
  const { before, actual, after } = await threeReads(`-L -n ${flags}`, ['list', '-n', ...args]);
  expect(actual.stderr).toBe('');
  expect(actual.status).toBe(0);
  const rows = (text: string): string[] => text.replace(/^(\S+ +)\d\d:\d\d /gm, '$1mm:ss ').split('\n');
  const [b, ours, a] = [rows(before), rows(actual.stdout), rows(after)];
  expect(ours.slice(0, 2)).toEqual(b.slice(0, 2));
  const inAfter = new Set(a);
  const inEither = new Set([...b, ...a]);
  const both = b.filter((r) => inAfter.has(r));
  const bothSet = new Set(both);
  expect(ours.filter((r) => bothSet.has(r))).toEqual(both);
  expect(ours.filter((r) => !inEither.has(r))).toEqual([]);
  // The check means something only if most of the table held still.
  expect(both.length).toBeGreaterThan(b.length / 2);
}

describe('ipvstop list = ipvsadm -L -n, on a table with every feature', () => {
  beforeAll(async () => { await restore(FEATURE_TABLE); });

  for (const flags of LIST_FLAGS) it(`list ${flags || '(no flags)'}`, () => expectSame(flags));

  it.each([
    '-t 192.0.2.13:443', '-t 192.0.2.13:443 --stats', '-u 192.0.2.16:5060', '-u 192.0.2.15:53 --rate',
    '--sctp-service 192.0.2.17:3868', '-f 7', '-f 7 --tun-info', '-f 8 -6', '-f 4294967295',
    '-t [2001:db8:192::10]:80', '-t [2001:db8:192::10]:80 --thresholds', '-t 192.0.2.14:0 --persistent-conn',
  ])('one service: list %s', (flags) => expectSame(flags));

  it('a service that does not exist: same stdout and exit status as ipvsadm, one line on stderr', async () => {
    const want = await shRaw('ipvsadm -L -n -t 192.0.2.99:80');
    const got = await ipvstop(['list', '-n', '-t', '192.0.2.99:80']);
    expect(got.status).toBe(want.status);
    expect(got.stdout).toBe(want.stdout);
    expect(got.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('timeouts and sync daemons', () => {
  afterAll(async () => { await shRaw('ipvsadm --stop-daemon master; ipvsadm --stop-daemon backup; ipvsadm --set 900 120 300'); });

  it('--timeout', async () => {
    await sh('ipvsadm --set 901 121 301');
    await expectSame('--timeout');
  });

  it('--daemon with no daemon, then master and backup', async () => {
    await expectSame('--daemon');
    await sh('ipvsadm --start-daemon master --mcast-interface lab-client --syncid 5');
    await expectSame('--daemon');
    await sh('ipvsadm --start-daemon backup --mcast-interface lab-rs --syncid 7 --mcast-group ff02::1:3 --mcast-port 8850 --mcast-ttl 3');
    await expectSame('--daemon');
  });
});

describe('seeded random tables nobody wrote expectations for', () => {
  for (const seed of [1, 2, 3, 4]) {
    it(`seed ${seed}`, async () => {
      await restore(randomTable(seed));
      for (const flags of ['', '--stats', '--thresholds', '--persistent-conn', '--tun-info', '--nosort']) await expectSame(flags);
    });
  }
});

/** One SIP INVITE from the client namespace to 192.0.2.3:5060 (the SIP engine needs a whole request to find its Call-ID). */
async function sendSipInvite(): Promise<void> {
  const invite = ['INVITE sip:bob@lab SIP/2.0', 'Via: SIP/2.0/UDP 203.0.113.2:5060', 'Call-ID: 3cb0a3f2-1@lab', 'CSeq: 1 INVITE', 'Content-Length: 0', '', ''].join('\r\n');
  const code = `const s = require('dgram').createSocket('udp4'); s.send(Buffer.from(${JSON.stringify(invite)}), 5060, '192.0.2.3', () => s.close());`;
  await run('ip', ['netns', 'exec', 'client', process.execPath, '-e', code]);
}

describe('the live table under traffic', () => {
  beforeAll(async () => { await sh(`bash ${ROOT}src/lab/guest/services.sh && sleep 4`); });

  // Counters only grow and rates move every 2 s: equal ipvsadm reads before and after bracket ours.
  for (const flags of ['--stats', '--rate', '--stats --exact', '--rate --exact']) {
    it(`list ${flags}`, () => expectSame(flags, true));
  }

  describe('with the clients paused', () => {
    // Connection counts rise with new clients and fall as entries expire, so they can move and come
    // back between two reads; with no new clients they only fall, and equal reads bracket ours again.
    beforeAll(async () => {
      await pauseTraffic();
      // A SIP persistence-engine service and one datagram: its entries carry the PE columns.
      await sh('ipvsadm -A -u 192.0.2.3:5060 -s rr -p 60 --pe sip && ipvsadm -a -u 192.0.2.3:5060 -r 198.51.100.12:5060 -m');
      await sendSipInvite();
      expect(await sh('cat /proc/net/ip_vs_conn')).toContain('sip 3cb0a3f2-1@lab');
    });
    afterAll(async () => {
      await shRaw('ipvsadm -D -u 192.0.2.3:5060');
      await resumeTraffic();
    });
    for (const flags of ['', '--persistent-conn']) {
      it(`list ${flags || '(no flags)'}`, () => expectSame(flags, true));
    }
    for (const flags of ['-c', '-c --persistent-conn']) it(`list ${flags}`, () => expectSameConnections(flags));
  });
});
