/**
 * The heartbeat pair (src/lab/guest/hb.sh): two directors running heartbeat 3 and ldirectord from
 * Debian, each a node with its own network, mount and UTS namespace; ipvstop runs on each node as
 * that node sees itself (nsenter). What ipvstop says is checked against heartbeat's own word
 * (cl_status) and the kernel (ipvsadm, ip). The suite starts the pair and removes it afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HA_VISIBLE_MS } from '../../src/state/poll/haReader.js';
import {
  allUp,
  doctorOn,
  ha,
  ldirectordFindings,
  MAIN,
  onNode,
  pause,
  RUN,
  timeUntil,
  until,
} from './heartbeatNodes.js';
import { pauseTraffic, ROOT, resumeTraffic, sh, shRaw } from './helpers.js';
import { startPair, stopPair } from './pairs.js';
import { Screen } from './tmux.js';

const GUEST = `${ROOT}src/lab/guest`;
/** ldirectord's checkinterval and checktimeout in the lab's ldirectord.cf (hb-config.sh); heartbeat's deadtime. */
const CHECK_INTERVAL_MS = 2000;
const CHECK_TIMEOUT_MS = 3000;
const DEADTIME_MS = 4000;
/**
 * How long heartbeat itself may take to hold the group after its peer died: its resource scripts took
 * 91-107 s in the loaded lab, and once more than 120 s in a CI run. What the test holds ipvstop to is the
 * screen's delay after heartbeat's word, not this.
 */
const TAKEOVER_LIMIT_MS = 240_000;
/** How often the failover asks heartbeat (cl_status) for its word. */
const ASK_EVERY_MS = 1000;

const screens: Screen[] = [];
function monitor(node: string): Screen {
  const s = Screen.command(
    `hb${screens.length}`,
    `${onNode(node)} env -u CI TERM=xterm-256color node ${MAIN}`,
    130,
    45,
  );
  screens.push(s);
  return s;
}

beforeAll(async () => {
  // The pair has its own client: the single-director lab's is paused, not to share the one-core guest.
  await pauseTraffic();
  await startPair('heartbeat');
  // Under load a first check can time out: start from every server up.
  await until('hb-d1', allUp, 120_000);
}, 400_000);

afterAll(async () => {
  for (const s of screens) s.kill();
  await stopPair('heartbeat');
  await resumeTraffic();
}, 60_000);

describe('the pair at rest', () => {
  it('list --json: hb-d1 MASTER holding the VIP, hb-d2 BACKUP without it, both nodes active', async () => {
    const a = await ha('hb-d1');
    expect(a.daemon).toBe('heartbeat');
    expect(a.error).toBeNull();
    expect(a.instances).toEqual([
      expect.objectContaining({
        name: 'IPaddr2::10.6.0.100/24/eth0',
        state: 'MASTER',
        preferredNode: 'hb-d1',
        resources: ['IPaddr2::10.6.0.100/24/eth0', 'ldirectord::ldirectord.cf'],
        vips: ['10.6.0.100/24'],
        vipsPresent: true,
        master: null,
      }),
    ]);
    // heartbeat's own word, beside ours.
    const rsc = (await sh(`${onNode('hb-d1')} cl_status rscstatus`)).trim();
    expect(a.instances[0]?.daemonState).toBe(rsc);
    expect(a.cluster).toEqual({
      nodes: expect.arrayContaining([
        { name: 'hb-d1', status: 'active', local: true },
        { name: 'hb-d2', status: 'active', local: false },
      ]),
      keepalive: 1,
      deadtime: 4,
      warntime: 2,
      initdead: 8,
      autoFailback: 'off',
    });
    expect(a.ldirectord).toMatchObject({ config: '/etc/ha.d/ldirectord.cf', pid: expect.any(Number) });
    expect(await sh('ip -n hb-d1 -o addr show dev eth0')).toContain('10.6.0.100/24');

    const b = await ha('hb-d2');
    expect(b.daemon).toBe('heartbeat');
    expect(b.instances).toEqual([expect.objectContaining({ state: 'BACKUP', vipsPresent: false, master: 'hb-d1' })]);
    expect(b.instances[0]?.daemonState).toBe((await sh(`${onNode('hb-d2')} cl_status rscstatus`)).trim());
    // ldirectord is the group's resource: it runs only where the group is, so the backup has no checks.
    expect(b.checks).toEqual([]);
    expect(b.ldirectord).toMatchObject({ pid: null });
    expect(await sh('ip -n hb-d2 -o addr show dev eth0')).not.toContain('10.6.0.100');
  });

  it('the screens: MASTER heartbeat and BACKUP heartbeat badges; pane 6 shows the group, the nodes, the checks', async () => {
    const a = monitor('hb-d1');
    const b = monitor('hb-d2');
    await a.waitFor(/^ MASTER heartbeat /m, 60_000);
    await b.waitFor(/^ BACKUP heartbeat /m, 60_000);
    // Pane 6 alone (zoomed): all of its lines fit.
    a.keys('6', 'o');
    await a.waitFor(
      /IPaddr2::10\.6\.0\.100\/24\/eth0 MASTER \(rscstatus \w+\) +prefers hb-d1[\s\S]*VIP 10\.6\.0\.100\/24 present[\s\S]*nodes: hb-d1 \(this node\) active, hb-d2 active[\s\S]*keepalive 1 s +deadtime 4 s[\s\S]*10\.6\.0\.22:8080 +up +connect/,
      30_000,
    );
    b.keys('6', 'o');
    await b.waitFor(
      /BACKUP \(rscstatus \w+\) +prefers hb-d1 +held by hb-d1[\s\S]*VIP 10\.6\.0\.100\/24 absent/,
      30_000,
    );
    expect(b.text()).not.toMatch(/VIP 10\.6\.0\.100\/24 absent !/);
  });
});

describe('a real server stops', () => {
  it("is shown down within two refreshes of ldirectord's action: quiesced to 0 on :80, removed on :8080", async () => {
    const a = screens[0] ?? monitor('hb-d1');
    a.keys('6');
    await a.waitFor(/10\.6\.0\.22:80 +up/, 30_000);
    await sh(`kill $(cat ${RUN}/hb-rs2-80.pid) $(cat ${RUN}/hb-rs2-8080.pid)`);
    try {
      await serversShownDown(a);
    } finally {
      // Started again even when a check above failed: the tests after this one expect every server up.
      for (const port of [80, 8080]) {
        await sh(
          `ip netns exec hb-rs2 setsid node ${GUEST}/ha-server.mjs ${port} >/dev/null 2>&1 < /dev/null & echo $! > ${RUN}/hb-rs2-${port}.pid`,
        );
      }
    }
    await until('hb-d1', allUp);
    // Two of ldirectord's check cycles (down, then up again) and the screen's: 61 s in one CI run.
  }, 150_000);
});

/** Times ldirectord's action on 10.6.0.22 (both ports stopped) and the screen's, and checks the reading. */
async function serversShownDown(a: Screen): Promise<void> {
  const kernel = timeUntil(
    'ldirectord quiescing and removing 10.6.0.22',
    async () => {
      const t = await sh('ip netns exec hb-d1 ipvsadm -Ln');
      return /10\.6\.0\.22:80 +Route +0 /.test(t) && !t.includes('10.6.0.22:8080');
    },
    60_000,
    100,
    true,
  );
  const screen = timeUntil(
    'both down on the screen',
    () => /10\.6\.0\.22:80 +DOWN[\s\S]*10\.6\.0\.22:8080 +DOWN/.test(a.text()),
    60_000,
    100,
    true,
  );
  const [kernelMs, screenMs] = await Promise.all([kernel, screen]);
  console.log(`check: ldirectord acted ${kernelMs} ms after the stop; the screen showed it after ${screenMs} ms`);
  // ldirectord's part (its servers checked one after another, each failing fast or at the timeout)
  // runs late in the loaded lab: 8.3 s in one CI run for an interval of 2 s and a timeout of 3.
  // Held loosely, as a check that works at all; ours is the part after its action.
  expect(kernelMs).toBeLessThan(3 * (CHECK_INTERVAL_MS + CHECK_TIMEOUT_MS));
  expect(screenMs - kernelMs).toBeLessThan(2 * HA_VISIBLE_MS);
  const h = await ha('hb-d1');
  expect(h.checks.filter((c) => c.server.startsWith('10.6.0.22:'))).toEqual([
    expect.objectContaining({
      service: 'TCP 10.6.0.100:80',
      up: false,
      weight: 0,
      configuredWeight: 2,
      checkers: ['connect'],
      interval: 2,
      inhibitOnFailure: true,
    }),
    expect.objectContaining({ service: 'TCP 10.6.0.100:8080', up: false, weight: null, inhibitOnFailure: false }),
  ]);
}

describe('a weight set by hand', () => {
  it('stays: ldirectord writes weights only when a check changes state (as the drain warning says)', async () => {
    await sh('ip netns exec hb-d1 ipvsadm -e -t 10.6.0.100:80 -r 10.6.0.21:80 -g -w 7');
    // Three of ldirectord's check rounds: each finds the server up, as it was.
    await pause(3 * CHECK_INTERVAL_MS);
    expect(await sh('ip netns exec hb-d1 ipvsadm -Ln -t 10.6.0.100:80')).toMatch(/10\.6\.0\.21:80 +Route +7 /);
    const h = await ha('hb-d1');
    expect(h.checks.find((c) => c.server === '10.6.0.21:80')).toMatchObject({
      up: true,
      weight: 7,
      configuredWeight: 1,
    });
    await sh('ip netns exec hb-d1 ipvsadm -e -t 10.6.0.100:80 -r 10.6.0.21:80 -g -w 1');
  });
});

describe("the doctor on ldirectord's nodes", () => {
  it('names ldirectord.cf touched (autoreload=no) and a server taken out by hand (quiescent=yes) on the MASTER; nothing on the BACKUP, where ldirectord does not run', async () => {
    const start = Date.now();
    // The node's /etc/ha.d is RUN/hb-d1 bind-mounted: its ldirectord.cf says autoreload=no.
    const cf = `${RUN}/hb-d1/ldirectord.cf`;
    const mtime = (await sh(`stat -c %Y ${cf}`)).trim();
    await sh(`touch ${cf}`);
    // Port 80 is quiescent=yes: ldirectord keeps even a failed server there, so one gone was taken out under it.
    await sh('ip netns exec hb-d1 ipvsadm -d -t 10.6.0.100:80 -r 10.6.0.21:80');
    const [master, backup] = await Promise.all([doctorOn('hb-d1'), ldirectordFindings('hb-d2')]);
    const found = master.filter((f) => f.ruleId.startsWith('ha.ldirectord-'));
    expect(found.map((f) => `${f.ruleId} ${f.where}`)).toEqual([
      'ha.ldirectord-server-missing TCP 10.6.0.100:80 -> 10.6.0.21:80',
      'ha.ldirectord-config-changed /etc/ha.d/ldirectord.cf',
    ]);
    expect(backup).toEqual([]);
    await sh(`touch -d @${mtime} ${cf}`);
    // The remedy's ipvsadm command puts the server back as ldirectord.cf has it.
    await sh(`ip netns exec hb-d1 ${found[0]?.remedy.split(', or ')[1]}`);
    expect(await sh('ip netns exec hb-d1 ipvsadm -Ln -t 10.6.0.100:80')).toMatch(/10\.6\.0\.21:80 +Route +1 /);
    console.log(`doctor: ${Date.now() - start} ms`);
  });
});

describe('failover', () => {
  // heartbeat's takeover, then two minutes for the rest.
  const timeout = TAKEOVER_LIMIT_MS + 120_000;
  it('heartbeat killed (-9) on the master: hb-d2 names hb-d1 dead and shows MASTER with the VIP', {
    timeout,
  }, async () => {
    const b = screens[1] ?? monitor('hb-d2');
    // hb-d1's screen is not watched from here: in the one-core guest its monitor would run beside
    // heartbeat's takeover scripts, ldirectord's start and hb-d2's monitor.
    screens[0]?.kill();
    b.keys('6');
    await b.waitFor(/^ BACKUP heartbeat /m, 30_000);
    await sh(`${onNode('hb-d1')} sh -c 'kill -9 $(cat /run/heartbeat.pid)'`);
    const dead = timeUntil('hb-d1 dead on the screen', () => /hb-d1 dead/.test(b.text()), 60_000);
    // How long one cl_status takes while heartbeat names the dead peer and takes over (it runs the
    // group's scripts, and the one-core guest runs them, ldirectord's start and the monitor
    // together): the monitor's read of heartbeat is two rounds of cl_status, so its part is two
    // periods and two of these at most.
    let slowestAskMs = 0;
    const ask = async (question: string): Promise<string> => {
      const asked = Date.now();
      const { stdout } = await shRaw(`${onNode('hb-d2')} cl_status ${question}`);
      slowestAskMs = Math.max(slowestAskMs, Date.now() - asked);
      return stdout;
    };
    // heartbeat's word is asked once a second, not back to back: each cl_status is a process start
    // that the one-core guest runs beside the takeover it waits for. An answer seen up to a second
    // late makes the screen's delay after it look shorter by as much, well within what the checks
    // below allow.
    const heartbeatDead = timeUntil(
      'heartbeat on hb-d2 calling hb-d1 dead',
      async () => /^dead$/m.test(await ask('nodestatus hb-d1')),
      60_000,
      ASK_EVERY_MS,
    );
    const heartbeatTookOver = timeUntil(
      'heartbeat on hb-d2 holding the group',
      async () => /^(all|foreign)$/m.test(await ask('rscstatus')),
      TAKEOVER_LIMIT_MS,
      ASK_EVERY_MS,
    );
    const shown = timeUntil('MASTER on the screen', () => /^ MASTER heartbeat /m.test(b.text()), TAKEOVER_LIMIT_MS);
    const [deadMs, heartbeatDeadMs, tookOverMs, shownMs] = await Promise.all([
      dead,
      heartbeatDead,
      heartbeatTookOver,
      shown,
    ]);
    console.log(
      `failover: heartbeat called hb-d1 dead after ${heartbeatDeadMs} ms (deadtime ${DEADTIME_MS} ms), the screen after ${deadMs} ms; heartbeat held the group after ${tookOverMs} ms, the screen said MASTER after ${shownMs} ms (one cl_status took up to ${slowestAskMs} ms)`,
    );
    // heartbeat's own timers run late in the loaded lab: ours is the part after heartbeat's word.
    expect(deadMs - heartbeatDeadMs).toBeLessThan(2 * HA_VISIBLE_MS + 2 * slowestAskMs);
    expect(shownMs - tookOverMs).toBeLessThan(2 * HA_VISIBLE_MS + 2 * slowestAskMs);
    const after = await until('hb-d2', (h) => h.instances[0]?.vipsPresent === true, 60_000);
    expect(after.instances[0]).toMatchObject({ state: 'MASTER', master: null });
    expect(after.cluster?.nodes).toEqual(expect.arrayContaining([{ name: 'hb-d1', status: 'dead', local: false }]));
    expect(await sh('ip -n hb-d2 -o addr show dev eth0')).toContain('10.6.0.100/24');
    // Its doctor names the dead peer.
    const r = await shRaw(`${onNode('hb-d2')} node ${MAIN} doctor --json`);
    const findings = (JSON.parse(r.stdout) as { findings: { ruleId: string; where: string }[] }).findings;
    expect(findings).toEqual(
      expect.arrayContaining([expect.objectContaining({ ruleId: 'ha.peer-dead', where: 'heartbeat node hb-d1' })]),
    );
  });
});

describe('ldirectord alone', () => {
  it('on hb-d1 after its heartbeat died: ldirectord still checks, read alone; the doctor says heartbeat is not running', async () => {
    const h = await until('hb-d1', (x) => x.daemon === 'ldirectord', 30_000);
    expect(h.instances).toEqual([]);
    expect(h.cluster).toBeNull();
    expect(h.ldirectord).toMatchObject({ config: '/etc/ha.d/ldirectord.cf', pid: expect.any(Number) });
    expect(h.checks.map((c) => [c.server, c.up])).toEqual([
      ['10.6.0.21:80', true],
      ['10.6.0.22:80', true],
      ['10.6.0.21:8080', true],
      ['10.6.0.22:8080', true],
    ]);
    await sh(`kill $(cat ${RUN}/hb-rs1-80.pid)`);
    const down = await until('hb-d1', (x) => x.checks.some((c) => c.server === '10.6.0.21:80' && !c.up), 30_000);
    expect(down.checks.find((c) => c.server === '10.6.0.21:80')).toMatchObject({ weight: 0, configuredWeight: 1 });
    const r = await shRaw(`${onNode('hb-d1')} node ${MAIN} doctor --json`);
    const findings = (JSON.parse(r.stdout) as { findings: { ruleId: string; where: string }[] }).findings;
    expect(findings).toEqual(
      expect.arrayContaining([expect.objectContaining({ ruleId: 'ha.daemon-not-running', where: 'heartbeat' })]),
    );
  });
});

// Last: nothing after it needs ldirectord on hb-d2 (afterAll removes the pair).
describe('ldirectord stopped on the MASTER', () => {
  it("hb-d2, MASTER since the failover, names its group's ldirectord not running", async () => {
    const start = Date.now();
    await until('hb-d2', (h) => h.instances[0]?.state === 'MASTER' && typeof h.ldirectord?.pid === 'number', 90_000);
    // `stop` signals the daemon and returns; the daemon removes its pid file as it exits.
    await sh(`${onNode('hb-d2')} /etc/ha.d/resource.d/ldirectord ldirectord.cf stop`);
    await sh(`${onNode('hb-d2')} timeout 30 sh -c 'while [ -e /run/ldirectord.ldirectord.pid ]; do sleep 0.2; done'`);
    expect(await ldirectordFindings('hb-d2')).toEqual([
      'ha.ldirectord-not-running heartbeat group IPaddr2::10.6.0.100/24/eth0',
    ]);
    console.log(`ldirectord stopped: ${Date.now() - start} ms`);
  }, 150_000);
});
