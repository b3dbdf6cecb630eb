/**
 * `ipvstop fleet` over real ssh: the HA pair's two directors (src/lab/guest/ha.sh, keepalived on
 * each) each run Debian's sshd in their own network namespace, and the fleet runs from the
 * client's namespace with the real ssh client, reading each director's `list --json --watch`.
 * Checked against keepalived's own word (each director's `list --json`) and the kernel (ipvsadm).
 * The fleet screen runs in tmux (tmux.ts) over the same pair, with Enter's `ssh -t` to a director's monitor.
 * The pair is started afresh and removed at the end (pairs.ts); what the tests change (a weight, a service,
 * VRRP blocked, the remote ipvstop) is put back as they go.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectValid } from '../schemas/validate.js';
import { pauseTraffic, ROOT, resumeTraffic, sh, shRaw } from './helpers.js';
import { startPair, stopPair } from './pairs.js';
import { pollUntil } from './polling.js';
import { breakRemoteIpvstop, fleetFrom, pairFleetScreen, startPairSshd, stopPairSshd } from './sshd.js';

const MAIN = `${ROOT}bin/ipvstop`;

/** The VRRP state of VI_1 on a director, as its own list --json says. */
async function vrrpState(director: string): Promise<string | undefined> {
  const r = await shRaw(`ip netns exec ${director} node ${MAIN} list --json`);
  return (JSON.parse(r.stdout) as { ha: { instances: { state: string }[] } | null }).ha?.instances[0]?.state;
}

const untilState = (director: string, state: string): Promise<string | undefined> =>
  pollUntil(
    `${director} to become ${state}`,
    () => vrrpState(director),
    (s) => s === state,
    60_000,
  );

beforeAll(async () => {
  // The pair has its own client: the single-director lab's is paused, not to share the one-core guest.
  await pauseTraffic();
  await startPair('keepalived');
  await startPairSshd();
  await untilState('ha-a', 'MASTER');
  await untilState('ha-b', 'BACKUP');
}, 120_000);

afterAll(async () => {
  await stopPairSshd();
  await stopPair('keepalived');
  await resumeTraffic();
});

/** How long `fleet` takes over the two directors that answer (the first test), in this boot. */
let readBothMs: number | undefined;

/** `fleet` from the client's namespace, and how long it took from the spawn to its exit. */
async function timedFleet(args: string): Promise<{ r: Awaited<ReturnType<typeof fleetFrom>>; ms: number }> {
  const start = Date.now();
  const r = await fleetFrom('ha-client', args);
  return { r, ms: Date.now() - start };
}

describe('fleet over ssh, the HA pair', () => {
  it('the table: ha-a MASTER holding the VIP, ha-b BACKUP without it, one pair and no finding', async () => {
    const { r, ms } = await timedFleet('ha-a ha-b');
    readBothMs = ms;
    expect([r.status, r.stderr]).toEqual([0, '']);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^HOST +READ +HA +VIPS +SVC +RS +ACTIVE/);
    expect(lines[1]).toMatch(/^ha-a +ok +MASTER VI_1 +1 +2 +4\/4 /);
    expect(lines[2]).toMatch(/^ha-b +ok +BACKUP VI_1 +0 +2 +4\/4 /);
    expect(lines.slice(3)).toEqual(['', 'VI_1 (vrid 51)  10.5.0.100  ha-a MASTER, ha-b BACKUP', '']);
  });

  it('--json: the same, each host with its document, valid against fleet.schema.json', async () => {
    const r = await fleetFrom('ha-client', 'ha-a ha-b --json');
    expect(r.status).toBe(0);
    const doc = expectValid('fleet', r.stdout) as {
      hosts: { host: string; state: string; document: { host: string } }[];
      pairs: { members: { host: string; state: string; held: string[] }[]; findings: unknown[] }[];
    };
    expect(doc.hosts.map((h) => [h.host, h.state, h.document.host])).toEqual([
      ['ha-a', 'reachable', expect.any(String)],
      ['ha-b', 'reachable', expect.any(String)],
    ]);
    expect(doc.pairs).toEqual([
      expect.objectContaining({
        members: [
          { host: 'ha-a', state: 'MASTER', held: ['10.5.0.100/24'] },
          { host: 'ha-b', state: 'BACKUP', held: [] },
        ],
        findings: [],
      }),
    ]);
  });

  it("a host without sshd: exit 3 at once with ssh's reason, the others still reported", async () => {
    // What reading directors that answer takes here (node and ssh start slowly in the lab, ten
    // times more than natively): a host that refuses adds less than ssh's connect timeout (10 s) to it.
    const base = readBothMs ?? (await timedFleet('ha-a --interval 1')).ms;
    const { r, ms } = await timedFleet('ha-a ha-rs1 --interval 1');
    expect(ms).toBeLessThan(base + 10_000);
    expect(r.status).toBe(3);
    expect(r.stdout).toMatch(/^ha-a +ok +MASTER VI_1/m);
    expect(r.stdout).toMatch(/^ha-rs1 +unreachable /m);
    expect(r.stdout).toMatch(/^ha-rs1: ssh: connect to host 10\.5\.0\.21 port 22: Connection refused$/m);
  });
});

/** The pid of the `list --json --watch` a fleet's ssh session runs on `director`. */
async function remoteWatchPid(director: string): Promise<string> {
  const pids = (await sh(`ip netns pids ${director}`)).split('\n').filter((p) => /^\d+$/.test(p));
  for (const pid of pids) {
    const cmd = (await shRaw(`tr '\\0' ' ' < /proc/${pid}/cmdline`)).stdout;
    if (cmd.includes('bin/ipvstop list --json --watch')) return pid;
  }
  throw new Error(`no list --json --watch on ${director}`);
}

describe('the fleet screen over ssh, in tmux at 80x24', () => {
  it("both directors under their pair; Enter opens ha-b's own monitor over ssh -t and q comes back; a remote ipvstop killed goes stale, back once restarted", async () => {
    const screen = pairFleetScreen('fleet', '--interval 1');
    let undo: (() => Promise<void>) | undefined;
    try {
      const fleet = /ipvstop fleet {2}2\/2 hosts read {2}1 pair, 0 with problems/;
      await screen.waitFor(
        new RegExp(
          `${fleet.source}[\\s\\S]*VI_1 \\(vrid 51\\) {2}10\\.5\\.0\\.100 {2}ha-a MASTER, ha-b BACKUP[\\s\\S]*^>ha-a ok +MASTER VI_1 [\\s\\S]*^ ha-b ok +BACKUP VI_1 `,
          'm',
        ),
        60_000,
      );
      expect(screen.lines().every((l) => l.length <= 80)).toBe(true);
      screen.keys('j');
      await screen.waitFor(/^>ha-b ok/m);
      screen.keys('Enter');
      // ha-b's own monitor, drawn by the ipvstop on ha-b over ssh -t: its header and tab strip.
      // The header's host name comes after the HA badge and the doctor's count when they are up (" BACKUP VI_1   1
      // WARN  ipvstop-lab  Linux ..." in one CI run), at the start of the line before them.
      const monitor = /^.*\bipvstop-lab +Linux [\s\S]*^\[1 Services\]/m;
      await screen.waitFor(monitor, 60_000);
      expect(screen.text()).not.toMatch(fleet);
      screen.keys('q');
      await screen.waitFor(new RegExp(`${fleet.source}[\\s\\S]*^>ha-b ok`, 'm'));
      expect(screen.text()).not.toMatch(monitor);
      // ha-b's ipvstop killed, and none to start again until it is put back.
      undo = await breakRemoteIpvstop();
      await sh(`kill ${await remoteWatchPid('ha-b')}`);
      await screen.waitFor(/^>ha-b stale \d+s +BACKUP VI_1 [^\n]*\n {4}ipvstop: not here \(test\)$/m, 60_000);
      expect(screen.text()).toMatch(/^ ha-a ok +MASTER/m);
      await undo();
      undo = undefined;
      await screen.waitFor(new RegExp(`${fleet.source}[\\s\\S]*^>ha-b ok +BACKUP VI_1 `, 'm'), 60_000);
      screen.keys('q');
      await screen.waitFor(/\[exited 0\]/);
    } finally {
      await undo?.();
      screen.kill();
    }
  }, 240_000);
});

describe('fleet --drift over ssh', () => {
  it('identical tables exit 0; a setting, a weight 3 against 2 and a service on one director only exit 1, naming both', async () => {
    expect(await fleetFrom('ha-client', '--drift ha-a ha-b')).toEqual({ status: 0, stdout: '', stderr: '' });
    await sh(`ip netns exec ha-b ipvsadm -e -t 10.5.0.100:80 -r 10.5.0.22:80 -g -w 3
      ip netns exec ha-b ipvsadm -A -t 10.5.0.100:9999 -s rr
      ip netns exec ha-b sysctl -qw net.ipv4.vs.expire_nodest_conn=1`);
    try {
      const r = await fleetFrom('ha-client', '--drift ha-a ha-b');
      expect(r).toEqual({
        status: 1,
        stdout: [
          'net.ipv4.vs.expire_nodest_conn is 0 on ha-a, 1 on ha-b',
          'TCP 10.5.0.100:80: weight of 10.5.0.22:80 is 2 on ha-a, 3 on ha-b',
          'TCP 10.5.0.100:9999: service missing on ha-a, present on ha-b',
          '',
        ].join('\n'),
        stderr: '',
      });
      // The table says the same under the pair: what a failover between them would change.
      const table = await fleetFrom('ha-client', 'ha-a ha-b');
      expect(table.stdout).toContain(
        [
          'VI_1 (vrid 51)  10.5.0.100  ha-a MASTER, ha-b BACKUP',
          '  DRIFT net.ipv4.vs.expire_nodest_conn is 0 on ha-a, 1 on ha-b',
          '  DRIFT TCP 10.5.0.100:80: weight of 10.5.0.22:80 is 2 on ha-a, 3 on ha-b',
          '  DRIFT TCP 10.5.0.100:9999: service missing on ha-a, present on ha-b',
        ].join('\n'),
      );
    } finally {
      await sh(`ip netns exec ha-b ipvsadm -e -t 10.5.0.100:80 -r 10.5.0.22:80 -g -w 2
        ip netns exec ha-b ipvsadm -D -t 10.5.0.100:9999
        ip netns exec ha-b sysctl -qw net.ipv4.vs.expire_nodest_conn=0`);
    }
  });
});

describe('fleet --drift over ssh, a drain', () => {
  it("ipvstop drain on one director: the weight it saved says so in the drift, and in that director's list --json", async () => {
    const drain = (verb: string) => sh(`ip netns exec ha-b node ${MAIN} ${verb} -t 10.5.0.100:80 -r 10.5.0.22:80`);
    await drain('drain');
    try {
      const listed = await shRaw(`ip netns exec ha-b node ${MAIN} list --json -t 10.5.0.100:80`);
      expect([listed.status, listed.stderr]).toEqual([0, '']);
      const own = JSON.parse(listed.stdout) as {
        services: { dests: { address: string; weight: number; savedWeight: number | null }[] }[];
      };
      const dests = own.services[0]!.dests.map((d) => [d.address, d.weight, d.savedWeight]);
      expect(dests.sort()).toEqual([
        ['10.5.0.21', 1, null],
        ['10.5.0.22', 0, 2],
      ]);
      const r = await fleetFrom('ha-client', '--drift --json ha-a ha-b');
      expect(r.status).toBe(1);
      const drift = (expectValid('fleet', r.stdout) as { drift: Record<string, unknown>[] }).drift;
      expect(drift).toEqual([
        {
          kind: 'drain',
          service: 'TCP 10.5.0.100:80',
          server: '10.5.0.22:80',
          values: { 'ha-a': 2, 'ha-b': 0 },
          saved: { 'ha-b': 2 },
          // The backup's sync daemon may hold connections of the master's: drained or draining.
          line: expect.stringMatching(
            /^TCP 10\.5\.0\.100:80: weight of 10\.5\.0\.22:80 is 2 on ha-a, 0 \((drained by ipvstop, was 2|draining by ipvstop, was 2, \d+ left)\) on ha-b$/,
          ),
        },
      ]);
    } finally {
      await drain('undrain');
    }
    expect(await fleetFrom('ha-client', '--drift ha-a ha-b')).toEqual({ status: 0, stdout: '', stderr: '' });
  });
});

describe('split brain', () => {
  it('VRRP blocked between the pair: both MASTER, the VIP on both, said under the pair; back when it flows again', async () => {
    // ha-b stops hearing ha-a's adverts (IP protocol 112) and takes over; ha-a, hearing a lower
    // priority, stays MASTER.
    await sh(`ip netns exec ha-b tc qdisc add dev eth0 ingress
      ip netns exec ha-b tc filter add dev eth0 parent ffff: protocol ip u32 match ip protocol 112 0xff action drop`);
    try {
      await untilState('ha-b', 'MASTER');
      const r = await fleetFrom('ha-client', 'ha-a ha-b');
      expect(r.status).toBe(0);
      expect(r.stdout).toContain(
        [
          'VI_1 (vrid 51)  10.5.0.100  ha-a MASTER, ha-b MASTER',
          '  CRIT VI_1 (vrid 51): MASTER on ha-a and ha-b (split brain)',
          '  CRIT VI_1 (vrid 51): VIP 10.5.0.100 is on ha-a and ha-b',
        ].join('\n'),
      );
    } finally {
      await sh('ip netns exec ha-b tc qdisc del dev eth0 ingress');
    }
    await untilState('ha-b', 'BACKUP');
    // The heading has a CRIT column: a finding is an indented line under its pair.
    expect((await fleetFrom('ha-client', 'ha-a ha-b')).stdout).not.toMatch(/^ {2}(CRIT|WARN) /m);
  }, 120_000);
});
