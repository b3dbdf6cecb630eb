/**
 * IPVS going away under the monitor and coming back: `ipvsadm -C`, every ip_vs module removed,
 * then loaded again (the kernel registers the IPVS netlink family under a new id) and a service
 * added. The screen says IPVS is unavailable, once, costs next to no CPU meanwhile, loads no
 * module by itself, and shows the new table without a restart. `ipvstop exporter` beside it says
 * `ipvs_up 0` meanwhile (still answering 200), loads no module either, and reads the new table;
 * `ipvstop snapshot` meanwhile writes its archive, says IPVS is unavailable, and loads none.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pauseTraffic, ROOT, releaseTraffic, sh } from './helpers.js';
import { Screen } from './tmux.js';

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const restoreTable = (): Promise<string> => sh(`bash ${ROOT}src/lab/guest/services.sh`);
/** The modules' names, schedulers first: ip_vs goes last, once nothing uses it. */
// A module stays in use while connection entries hold it: a persistence template of an earlier suite
// (the SIP one lives 60 s after its service is gone) keeps ip_vs_pe_sip, so each rmmod is retried.
const REMOVE_IPVS =
  "ipvsadm -C && for m in $(lsmod | awk '/^ip_vs_/ {print $1}') ip_vs; do " +
  'for i in $(seq 90); do rmmod $m 2>/dev/null && break; sleep 1; done; ' +
  'if lsmod | grep -q "^$m "; then echo "$m still in use" >&2; exit 1; fi; done';
/** The lab's modprobe wrapper finds the guest's modules (base.sh). */
const LOAD_IPVS = '/run/modprobe ip_vs';
/** The IPVS netlink family's id, from a listing of the families (which, unlike a lookup, loads no module). */
async function familyId(): Promise<string> {
  return /Name: IPVS\s+ID: (0x[0-9a-f]+)/.exec(await sh('genl ctrl list'))?.[1] ?? '';
}

/** CPU seconds (user + system) a process has used. */
async function cpuSeconds(pid: string): Promise<number> {
  const fields = (await sh(`cat /proc/${pid}/stat`)).split(') ')[1]!.split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime
  return ticks / Number((await sh('getconf CLK_TCK')).trim());
}

/** CPU seconds a process uses over the next `ms`. */
async function cpuOver(pid: string, ms: number): Promise<number> {
  const before = await cpuSeconds(pid);
  await pause(ms);
  return (await cpuSeconds(pid)) - before;
}

let screen: Screen | undefined;
let exporter: ChildProcess | undefined;
const EXPORTER_PORT = 10087;

/** `ipvs_up`'s value and the exposition, from one scrape that must answer 200. */
async function scrapeUp(): Promise<{ up: string | undefined; text: string }> {
  const r = await fetch(`http://127.0.0.1:${EXPORTER_PORT}/metrics`);
  expect(r.status).toBe(200);
  const text = await r.text();
  return { up: /^ipvs_up (\d)$/m.exec(text)?.[1], text };
}

beforeAll(async () => {
  await restoreTable();
  await pauseTraffic();
  const args = [`${ROOT}bin/ipvstop`, 'exporter', '--web.listen-address', `127.0.0.1:${EXPORTER_PORT}`];
  exporter = spawn(process.execPath, args, { stdio: 'ignore' });
});

afterAll(async () => {
  exporter?.kill('SIGTERM');
  screen?.kill();
  await sh(`lsmod | grep -q '^ip_vs ' || ${LOAD_IPVS}`);
  await restoreTable();
  await releaseTraffic();
});

describe('IPVS removed and loaded again under the monitor', () => {
  it('says it is unavailable, waits cheaply, and recovers by itself', async () => {
    screen = Screen.start('unload', '-i 0.5', 120, 36);
    await screen.waitFor(/TCP 192\.0\.2\.1:80[\s\S]*198\.51\.100\.13:80/, 60_000);
    const pid = (await sh("pgrep -f '^node .*bin/ipvstop -i 0.5'")).trim();
    const idBefore = await familyId();
    expect((await scrapeUp()).up).toBe('1'); // the exporter's netlink socket is open from here on
    await pause(10_000); // past start-up work
    const idle = await cpuOver(pid, 10_000);

    await sh(REMOVE_IPVS);
    const gone = await screen.waitFor(/IPVS is unavailable/, 15_000);
    expect(gone).not.toMatch(/TCP 192\.0\.2\.1:80/);
    await pause(3000); // every read has failed a few times by now
    const text = screen.text();
    expect(text.match(/IPVS is unavailable/g), text).toHaveLength(1);
    expect(text, text).toMatch(/^ 1 ERROR /m);
    expect(text).not.toMatch(/ip_vs_conn/);
    // Twice: first on the socket it had, then on a new one.
    expect((await scrapeUp()).up).toBe('0');
    expect((await scrapeUp()).up).toBe('0');

    // Under 10% of a core, and no more than watching an idle table (the lab measured 0.2-0.8 s against 1.2-1.7 s).
    // A guest slowed by the other guest beside it counts more CPU for the same work (1.66 s against an idle
    // 4.51 s in one CI run): there the bound grows with the idle figure, to 60% of it.
    const absent = await cpuOver(pid, 10_000);
    const cpu = `${absent.toFixed(2)} s of CPU in 10 s (${idle.toFixed(2)} s with IPVS there)`;
    expect(absent, cpu).toBeLessThan(idle);
    expect(absent, cpu).toBeLessThan(Math.max(1, idle * 0.6));
    // A snapshot meanwhile is still written, and says IPVS is unavailable (rather than loading it).
    const archive = `/tmp/unload-snapshot-${Date.now()}.tar.gz`;
    const snap = await sh(`${process.execPath} ${ROOT}bin/ipvstop snapshot -o ${archive} 2>&1; echo "exit $?"`);
    expect(snap).toMatch(/not taken: .*list\.json.*: IPVS is unavailable \(ENOENT\)/);
    expect(snap).toMatch(/exit 0\n$/);
    expect(await sh("lsmod | awk '/^ip_vs/' | wc -l")).toBe('0\n'); // looking for IPVS loaded nothing

    await sh(`${LOAD_IPVS} && ipvsadm -A -t 192.0.2.77:80 -s rr && ipvsadm -a -t 192.0.2.77:80 -r 198.51.100.11:80 -m`);
    expect(await familyId()).not.toBe(idBefore);
    const back = await screen.waitFor(/TCP 192\.0\.2\.77:80[\s\S]*198\.51\.100\.11:80/, 15_000);
    expect(back).not.toMatch(/IPVS is unavailable|ERROR/);
    expect(back).toMatch(/svc 1 {2}rs 1/);
    const after = await scrapeUp();
    expect(after.up).toBe('1');
    expect(after.text).toMatch(/^ipvs_backend_weight\{.*address="192\.0\.2\.77",port="80".*\} 1$/m);
  }, 300_000); // up to a minute to start in the lab, and up to 90 s for a held module to be freed
});
