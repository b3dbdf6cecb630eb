/**
 * `ipvstop list` against the real ipvsadm, byte for byte, on the lab kernel:
 * a table that touches every feature, seeded random tables nobody wrote
 * expectations for, and the live table under traffic. The listing flags run
 * the built binary, as users do; the many other readings run the same code in
 * this process, each saving Node's start-up (2-3 s in the lab).
 */
import { execFile, spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectValid } from '../schemas/validate.js';
import {
  expectRows,
  inProcessCompare,
  ipvstop,
  ipvstopInProcess,
  type Ran,
  ROOT,
  sh,
  shRaw,
  stableCompare,
  stillReads,
} from './helpers.js';
import { randomTable } from './randomTable.js';
import { holdStillTable, releaseStillTable } from './stillTable.js';

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
  '',
  '--stats',
  '--rate',
  '--stats --exact',
  '--rate --exact',
  '--thresholds',
  '--persistent-conn',
  '--tun-info',
  '--nosort',
  '--stats --nosort',
  '--thresholds --nosort',
];

function restore(rules: string): Promise<string> {
  return sh(`ipvsadm -C && ipvsadm -R <<'EOF'\n${rules.trim()}\nEOF`);
}

/**
 * `ipvstop list -n FLAGS` against ipvsadm: through the built binary, as users run it; or in this
 * process, the same code, for a table that moves or where many readings cost Node's start-up each.
 */
async function expectSame(flags: string, ours: 'binary' | 'in this process' = 'binary'): Promise<void> {
  const args = flags.split(' ').filter(Boolean);
  const compare = ours === 'binary' ? stableCompare : inProcessCompare;
  const { expected, actual } = await compare(`-L -n ${flags}`, ['list', '-n', ...args]);
  expect(actual.stderr).toBe('');
  expect(actual.stdout).toBe(expected);
  expect(actual.status).toBe(0);
}

/**
 * `-c` on a table held still (holdStillTable), with expiries masked (they tick; their format is
 * checked on captured rows in the host suites): ours row for row.
 */
async function expectSameConnections(flags: string): Promise<void> {
  const args = flags.split(' ').filter(Boolean);
  const { expected, actual } = await stillReads(`-L -n ${flags}`, ['list', '-n', ...args]);
  expect(actual.stderr).toBe('');
  expect(actual.status).toBe(0);
  const rows = (text: string): string[] => text.replace(/^(\S+ +)\d\d:\d\d /gm, '$1mm:ss ').split('\n');
  expectRows(rows(actual.stdout), rows(expected), `ipvstop list -n ${flags} against ipvsadm`);
  // Entries to compare, not just the header.
  expect(rows(expected).length).toBeGreaterThan(3);
}

describe('ipvstop list = ipvsadm -L -n, on a table with every feature', () => {
  beforeAll(async () => {
    await restore(FEATURE_TABLE);
  });

  for (const flags of LIST_FLAGS) it(`list ${flags || '(no flags)'}`, () => expectSame(flags));

  it.each([
    '-t 192.0.2.13:443',
    '-t 192.0.2.13:443 --stats',
    '-u 192.0.2.16:5060',
    '-u 192.0.2.15:53 --rate',
    '--sctp-service 192.0.2.17:3868',
    '-f 7',
    '-f 7 --tun-info',
    '-f 8 -6',
    '-f 4294967295',
    '-t [2001:db8:192::10]:80',
    '-t [2001:db8:192::10]:80 --thresholds',
    '-t 192.0.2.14:0 --persistent-conn',
  ])('one service: list %s', (flags) => expectSame(flags, 'in this process'));

  it('a service that does not exist: same stdout and exit status as ipvsadm, one line on stderr', async () => {
    const want = await shRaw('ipvsadm -L -n -t 192.0.2.99:80');
    const got = await ipvstop(['list', '-n', '-t', '192.0.2.99:80']);
    expect(got.status).toBe(want.status);
    expect(got.stdout).toBe(want.stdout);
    expect(got.stderr.trim().split('\n')).toHaveLength(1);
  });
});

const shellQuote = (a: string): string => `'${a.replace(/'/g, `'\\''`)}'`;

/** What differs between ipvsadm's answer and ours: status, stdout, and a refusal's words (ours after `ipvstop: `). */
function differences(args: string[], want: Ran, got: Ran): string[] {
  const found: string[] = [];
  if (got.status !== want.status) found.push(`status ${got.status}, ipvsadm ${want.status}`);
  if (want.status === 2 && got.stderr !== `ipvstop: ${want.stderr.trim()}\n`) {
    found.push(`stderr ${JSON.stringify(got.stderr)}, ipvsadm ${JSON.stringify(want.stderr)}`);
  }
  // -c lists the live connection table, which may move between the two reads.
  const live = args.includes('-c');
  if (!live && got.stdout !== want.stdout) found.push(`stdout ${JSON.stringify(got.stdout.slice(0, 80))}`);
  return found.map((d) => `list ${args.join(' ')}: ${d}`);
}

/** ipvsadm -L -n with each argument list, from one shell: starting a process costs much in the lab. */
async function ipvsadmEach(lists: string[][]): Promise<Ran[]> {
  const dir = (await sh('mktemp -d')).trim();
  try {
    await sh(
      lists
        .map((args, i) => {
          const cmd = `ipvsadm -L -n ${args.map(shellQuote).join(' ')}`;
          return `${cmd} >${dir}/${i}.out 2>${dir}/${i}.err; echo $? >${dir}/${i}.status`;
        })
        .join('\n'),
    );
    const read = (i: number, what: string): string => readFileSync(`${dir}/${i}.${what}`, 'utf8');
    return lists.map((_, i) => ({ status: Number(read(i, 'status')), stdout: read(i, 'out'), stderr: read(i, 'err') }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('what ipvsadm -L refuses, list refuses in its words and exit status', () => {
  beforeAll(async () => {
    await restore(FEATURE_TABLE);
  });

  it.each([
    '-c -t 192.0.2.13:443',
    '-c --stats',
    '--timeout --daemon',
    '-6 -t 192.0.2.13:443',
    '-t 192.0.2.13:443 -6',
    '-6 -f 8',
    '-c --timeout',
    '--daemon -u 192.0.2.15:53',
    '--timeout --persistent-conn',
    '--stats --stats',
    '-t 192.0.2.13:443 -f 7',
    '-c -c',
  ])('list -n %s', async (flags) => {
    const args = ['-n', ...flags.split(' ')];
    const want = await shRaw(`ipvsadm -L ${args.join(' ')}`);
    expect(want.status).toBe(2);
    expect(differences(args, want, await ipvstopInProcess(['list', ...args]))).toEqual([]);
  });

  it('an IPv4 address in brackets: ipvsadm drops the port, and so do we', async () => {
    // 192.0.2.14:0 is a persistent port-0 service; 192.0.2.13 has none.
    await expectSame('-t [192.0.2.14]:80');
    const args = ['-n', '-t', '[192.0.2.13]:443'];
    const [want] = await ipvsadmEach([args.slice(1)]);
    expect(want?.status).toBe(1);
    expect(differences(args, want!, await ipvstop(['list', ...args]))).toEqual([]);
  });

  it('every flag alone and every pair of flags (both orders with -6, which must follow -f)', async () => {
    const pool = [
      ['--stats'],
      ['--rate'],
      ['--exact'],
      ['--thresholds'],
      ['--persistent-conn'],
      ['--tun-info'],
      ['--timeout'],
      ['--daemon'],
      ['-c'],
      ['--nosort'],
      ['--sort'],
      ['-t', '192.0.2.13:443'],
      ['-u', '192.0.2.15:53'],
      ['--sctp-service', '192.0.2.17:3868'],
      ['-f', '8'],
      ['-6'],
    ];
    const bothOrders = (a: string[], b: string[]): string[][][] =>
      b[0] === '-6'
        ? [
            [a, b],
            [b, a],
          ]
        : [[a, b]];
    const pairs = pool.flatMap((a, i) => pool.slice(i + 1).flatMap((b) => bothOrders(a, b)));
    const lists = [...pool.map((a) => [a]), ...pairs].map((l) => l.flat());
    const wanted = await ipvsadmEach(lists);
    const found: string[] = [];
    for (const [i, args] of lists.entries()) {
      found.push(...differences(['-n', ...args], wanted[i]!, await ipvstopInProcess(['list', '-n', ...args])));
    }
    expect(found).toEqual([]);
    // Both answers occur, or the comparison says little.
    expect(new Set(wanted.map((w) => w.status))).toEqual(new Set([0, 1, 2]));
  }, 300_000);
});

describe('list --json', () => {
  it('a service that does not exist fails as the text form does: exit 1, one line, nothing on stdout', async () => {
    const text = await ipvstop(['list', '-t', '192.0.2.99:80']);
    const json = await ipvstop(['list', '--json', '-t', '192.0.2.99:80']);
    expect(json).toEqual(text);
    expect(json.status).toBe(1);
    expect(json.stdout).toBe('');
    expect(json.stderr).toBe('ipvstop: no such service: -t 192.0.2.99:80\n');
  });
});

describe('timeouts and sync daemons', () => {
  afterAll(async () => {
    await shRaw('ipvsadm --stop-daemon master; ipvsadm --stop-daemon backup; ipvsadm --set 900 120 300');
  });

  it('--timeout', async () => {
    await sh('ipvsadm --set 901 121 301');
    await expectSame('--timeout');
  });

  it('--daemon with no daemon, then master and backup', async () => {
    await expectSame('--daemon');
    await sh('ipvsadm --start-daemon master --mcast-interface lab-client --syncid 5');
    await expectSame('--daemon');
    await sh(
      'ipvsadm --start-daemon backup --mcast-interface lab-rs --syncid 7 --mcast-group ff02::1:3 --mcast-port 8850 --mcast-ttl 3',
    );
    await expectSame('--daemon');
  });
});

describe('seeded random tables nobody wrote expectations for', () => {
  for (const seed of [1, 2, 3, 4]) {
    it(`seed ${seed}`, async () => {
      await restore(randomTable(seed));
      for (const flags of ['', '--stats', '--thresholds', '--persistent-conn', '--tun-info', '--nosort'])
        await expectSame(flags, 'in this process');
    });
  }
});

/** One SIP INVITE from the client namespace to 192.0.2.3:5060 (the SIP engine needs a whole request to find its Call-ID). */
async function sendSipInvite(): Promise<void> {
  const invite = [
    'INVITE sip:bob@lab SIP/2.0',
    'Via: SIP/2.0/UDP 203.0.113.2:5060',
    'Call-ID: 3cb0a3f2-1@lab',
    'CSeq: 1 INVITE',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
  const code = `const s = require('dgram').createSocket('udp4'); s.send(Buffer.from(${JSON.stringify(invite)}), 5060, '192.0.2.3', () => s.close());`;
  await run('ip', ['netns', 'exec', 'client', process.execPath, '-e', code]);
}

describe('the live table under traffic', () => {
  beforeAll(async () => {
    await sh(`bash ${ROOT}src/lab/guest/services.sh && sleep 4`);
  });

  // Counters only grow and rates move every 2 s: equal ipvsadm reads before and after bracket ours.
  for (const flags of ['--stats', '--rate', '--stats --exact', '--rate --exact']) {
    it(`list ${flags}`, () => expectSame(flags, 'in this process'));
  }

  describe('on a table held still', () => {
    // Connection counts rise with new clients and fall as entries expire, and a connection table
    // that moves cannot be read whole by anyone (see stillReads): no packets, nothing left to expire.
    beforeAll(async () => {
      // A SIP persistence-engine service and one datagram: its entries carry the PE columns. The
      // UDP timeout first (holdStillTable's): its entry must outlast the describe.
      await sh(
        'ipvsadm --set 0 0 3600 && ipvsadm -A -u 192.0.2.3:5060 -s rr -p 60 --pe sip && ipvsadm -a -u 192.0.2.3:5060 -r 198.51.100.12:5060 -m',
      );
      await sendSipInvite();
      expect(await sh('cat /proc/net/ip_vs_conn')).toContain('sip 3cb0a3f2-1@lab');
      await holdStillTable();
    }, 300_000);
    afterAll(async () => {
      await shRaw('ipvsadm -D -u 192.0.2.3:5060');
      await releaseStillTable();
    });
    for (const flags of ['', '--persistent-conn']) {
      it(`list ${flags || '(no flags)'}`, () => expectSame(flags, 'in this process'));
    }
    for (const flags of ['-c', '-c --persistent-conn']) it(`list ${flags}`, () => expectSameConnections(flags));
  });
});

describe('list --json --watch: one list --json document a line, until the reader goes away', () => {
  // Services no traffic goes to: their counters and rates stay still, so each document's services
  // must equal a plain `list --json` taken between them, field for field.
  beforeAll(async () => {
    await sh(`ipvsadm -C && ipvsadm -R <<'EOF'
-A -t 192.0.2.70:80 -s wrr -p 30
-a -t 192.0.2.70:80 -r 198.51.100.11:80 -m -w 3
-a -t 192.0.2.70:80 -r 198.51.100.12:80 -m -w 0
-A -u 192.0.2.70:53 -s rr
-a -u 192.0.2.70:53 -r 198.51.100.13:53 -m
-A -f 70 -s rr
-a -f 70 -r 198.51.100.14:0 -g
-A -t [2001:db8:192::70]:443 -s lc
-a -t [2001:db8:192::70]:443 -r [2001:db8:198::11]:443 -m -w 2
EOF`);
  });
  afterAll(async () => {
    await sh(`bash ${ROOT}src/lab/guest/services.sh`);
  });

  it('seq 1, 2, 3 on a one-second grid, valid, the same services as list --json; closing the pipe ends it, status 0', async () => {
    const child = spawn(process.execPath, [`${ROOT}bin/ipvstop`, 'list', '--json', '--watch', '1']);
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => {
      stderr += b.toString();
    });
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => {
      child.on('exit', (code, signal) => resolve({ code, signal }));
    });
    const lines = await new Promise<string[]>((resolve, reject) => {
      let text = '';
      child.stdout.on('data', (b: Buffer) => {
        text += b.toString();
        const whole = text.split('\n').slice(0, -1);
        if (whole.length >= 3) resolve(whole.slice(0, 3));
      });
      child.on('exit', () => reject(new Error(`exited before 3 documents: ${stderr}`)));
    });
    const plain = await ipvstop(['list', '--json']);
    expect(plain.status, plain.stderr).toBe(0);
    const services = (JSON.parse(plain.stdout) as { services: unknown[] }).services;
    expect(services).toHaveLength(4);

    const closedAt = Date.now();
    child.stdout.destroy();
    // The closed pipe is seen at the next write: within a period and a read.
    expect(await exited).toEqual({ code: 0, signal: null });
    expect(Date.now() - closedAt).toBeLessThan(3000);
    expect(stderr).toBe('');

    const docs = lines.map((l) => expectValid('list', `${l}\n`) as Record<string, unknown>);
    expect(docs.map((d) => d.seq)).toEqual([1, 2, 3]);
    for (const d of docs) {
      expect(d.host).toBe(hostname());
      expect(d.takenAt).toBe(new Date(d.takenAtMs as number).toISOString());
      expect(d.services).toEqual(services);
      expect(d.doctor).not.toBeNull();
    }
    // Fixed-rate ticks: each document read on the one-second grid, so each gap is a whole number of
    // seconds (a burst, or a second's rest after each read, leaves the grid). A read that overran its
    // second skips the ticks it overran, as documented: in one CI run the loaded lab kernel made a
    // read take over a second, and the next document came 1,949 ms after the one before.
    const gaps = docs.slice(1).map((d, i) => (d.takenAtMs as number) - (docs[i]!.takenAtMs as number));
    for (const gap of gaps) {
      const periods = Math.round(gap / 1000);
      expect(periods, `a gap of ${gap} ms`).toBeGreaterThanOrEqual(1);
      expect(Math.abs(gap - periods * 1000), `a gap of ${gap} ms`).toBeLessThan(400);
    }
  }, 30_000);
});
