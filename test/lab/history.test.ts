/**
 * `ipvstop record` over the real table, and `replay --at TIME --json` after: a weight changed
 * while it records is the old weight before the change and the new one after; `replay --events`
 * lists that change with both weights, and a real server removed while it records; SIGTERM ends
 * it with status 0, and after kill -9 the store still replays. The connection table's counts are
 * recorded with each sample: SYNs that no server answers replay as SYN_RECV entries of the service
 * and its servers, as `list --json` counts them live. `replay` on a terminal is the
 * monitor over the recording: `{` and `[` go back to the change and before it. The recorder is the
 * binary; `replay --json` and `--events` run in the test's process (the same code, without Node's
 * start-up of 2-3 s in the lab at each look for a sample).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ipvstopInProcess, ROOT, sh } from './helpers.js';
import { pollUntil, pollUntilTrue } from './polling.js';
import { Screen } from './tmux.js';

const SERVICE = '192.0.2.60:8080';
const SERVER = '198.51.100.31:8080';
/** Removed while the recorder runs. */
const GOING = '198.51.100.32:8080';
const dir = mkdtempSync('/tmp/ipvstop-history-');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function recorder(store: string) {
  const p = spawn(process.execPath, [`${ROOT}bin/ipvstop`, 'record', '--dir', store, '--interval', '1']);
  let stderr = '';
  p.stderr.on('data', (b: Buffer) => {
    stderr += b.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    p.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { p, exited, stderr: () => stderr };
}

async function weightAt(store: string, ms: number): Promise<number> {
  const r = await ipvstopInProcess(['replay', '--dir', store, '--at', `@${(ms / 1000).toFixed(3)}`, '--json']);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const doc = JSON.parse(r.stdout) as { services: { address: string; dests: { address: string; weight: number }[] }[] };
  const service = doc.services.find((s) => s.address === '192.0.2.60');
  return service!.dests.find((d) => d.address === '198.51.100.31')!.weight;
}

/** The newest sample: SERVER's weight, whether GOING is there, the SYN_RECV count, its time (ms). */
type Newest = { weight: number; going: boolean; syn: number; at: number } | undefined;

/**
 * What the newest sample says, once the store holds one (undefined before): the recorder's start
 * takes seconds in the lab, far more while the machine is busy, so the test waits on these, never
 * on a fixed sleep.
 */
async function newest(store: string): Promise<Newest> {
  const r = await ipvstopInProcess(['replay', '--dir', store, '--at', `@${(Date.now() / 1000).toFixed(3)}`, '--json']);
  if (r.status !== 0) return undefined;
  const doc = JSON.parse(r.stdout) as { services: Conned[]; takenAt: string };
  const service = doc.services.find((s) => s.address === '192.0.2.60');
  const dests = service?.dests ?? [];
  const weight = dests.find((d) => d.address === '198.51.100.31')?.weight ?? -1;
  const going = dests.some((d) => d.address === '198.51.100.32');
  return { weight, going, syn: synOf(service), at: Date.parse(doc.takenAt) };
}

/** A service of a `list --json` document, with its connection counts (null: not read or not recorded). */
interface Conned {
  address: string;
  connStates: Record<string, number> | null;
  dests: { address: string; weight: number; connStates: Record<string, number> | null }[];
}

/** The service's SYN_RECV entries, and its real servers' in total: the same number, or -1. */
function synOf(service: Conned | undefined): number {
  const own = service?.connStates?.SYN_RECV ?? 0;
  const servers = (service?.dests ?? []).reduce((n, d) => n + (d.connStates?.SYN_RECV ?? 0), 0);
  return service?.connStates && own === servers ? own : -1;
}

/** SYNs to the service from the client namespace that no server answers (none is at its address): entries left in SYN_RECV for 60 s. */
const SYNS = 3;
const sendSyns = () =>
  sh(`ip netns exec client hping3 -q -S -p 8080 -c ${SYNS} -i u200000 192.0.2.60 >/dev/null 2>&1 || true`);

const until = (what: string, done: () => Promise<boolean>): Promise<void> =>
  pollUntilTrue(what, done, 60_000, { minPauseMs: 300 });

/** `HH:MM:SS`, local time, as the text output prints an event's time. */
const clock = (ms: number) => new Date(ms).toTimeString().slice(0, 8);

interface EventLine {
  atMs: number;
  kind: string;
  service: string | null;
  server: string | null;
  old: unknown;
  new: unknown;
  text: string;
}

/** `replay --events`, text and --json: the weight change (made between before and after), then the removal. */
async function expectEvents(store: string, before: number, after: number): Promise<void> {
  const json = await ipvstopInProcess(['replay', '--dir', store, '--events', '--json']);
  expect(json.stderr).toBe('');
  expect(json.status).toBe(0);
  const all = json.stdout
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as EventLine);
  const ours = all.filter((e) => e.service === `TCP ${SERVICE}`);
  expect(ours.map(({ kind, server, old, new: now, text }) => ({ kind, server, old, new: now, text }))).toEqual([
    {
      kind: 'weight',
      server: SERVER,
      old: 5,
      new: 9,
      text: `weight of -t ${SERVICE} -r ${SERVER}: 5 -> 9`,
    },
    {
      kind: 'server-removed',
      server: GOING,
      old: null,
      new: null,
      text: `real server -t ${SERVICE} -r ${GOING} removed`,
    },
  ]);
  // Seen by the first sample after the change.
  expect(ours[0]!.atMs).toBeGreaterThan(before);
  expect(ours[0]!.atMs).toBeLessThanOrEqual(after);
  expect(ours[1]!.atMs).toBeGreaterThan(after);
  const text = await ipvstopInProcess(['replay', '--dir', store, '--events']);
  expect(text.status).toBe(0);
  expect(text.stdout).toBe(all.map((e) => `${clock(e.atMs)}  ${e.text}\n`).join(''));
}

/** The weight of SERVER as the replay's screen shows it (the token after the forwarding method). */
function weightOnScreen(text: string): string | undefined {
  const rows = text.split('\n');
  const service = rows.findIndex((l) => l.includes(`TCP ${SERVICE}`));
  const row = rows.slice(service + 1).find((l) => l.includes(`-> ${SERVER}`));
  return row
    ?.slice(row.indexOf('->') + 2)
    .trim()
    .split(/\s+/)[2]
    ?.replace('*', '');
}

/** The monitor over the recording: the newest moment, then `{` to the removal, `{` to the change, `[` before it. */
async function expectReplayScreen(store: string): Promise<void> {
  const s = Screen.start('replay', `replay --dir ${store}`, 200, 50);
  try {
    await s.waitFor(new RegExp(`PAST [\\s\\S]*TCP ${SERVICE.replace(/\./g, '\\.')}`), 60_000);
    expect(weightOnScreen(s.text())).toBe('9');
    expect(s.text()).toMatch(/READ-ONLY/);
    // The recording ends a sample or two after the removal: the server is marked gone (as the
    // monitor marks a removal for a few seconds) or no longer drawn, never drawn as present.
    const goingRow = s
      .text()
      .split('\n')
      .find((l) => l.includes(`-> ${GOING}`));
    if (goingRow !== undefined) expect(goingRow).toMatch(/gone/);
    s.keys('{');
    await s.waitFor(new RegExp(`-> ${GOING.replace(/\./g, '\\.')} .*gone`), 8000);
    s.keys('{');
    await s.waitFor(new RegExp(`-> ${GOING.replace(/\./g, '\\.')}`), 8000);
    expect(weightOnScreen(s.text())).toBe('9');
    s.keys('[');
    await pollUntil(
      'the weight of the moment before, 5',
      () => weightOnScreen(s.text()),
      (w) => w === '5',
      8000,
      {
        minPauseMs: 200,
      },
    );
    // The SYNs were sent before the change: the Connections pane of that moment counts them.
    s.keys('2');
    await s.waitFor(new RegExp(`SYN_RECV +[${SYNS}-9]`), 8000);
    // Nothing acts in a replay, and there is no live view to go back to.
    s.keys('Space');
    await s.waitFor(/the newest moment of the recording/, 8000);
    s.keys('z');
    await s.waitFor(/refused: a replay shows a recording; it never acts on the kernel/, 8000);
    s.keys('q');
    await s.waitFor(/\[exited 0\]/, 8000);
  } finally {
    s.kill();
  }
}

// The VIP on the director's client side, as the lab's own (topology.sh): IPVS takes only local addresses.
beforeAll(async () => {
  await sh(`ip addr add 192.0.2.60/32 dev lab-client`);
  await sh(`ipvsadm -A -t ${SERVICE} -s wrr && ipvsadm -a -t ${SERVICE} -r ${SERVER} -m -w 5`);
  await sh(`ipvsadm -a -t ${SERVICE} -r ${GOING} -m -w 2`);
});
afterAll(async () => {
  await sh(`ipvsadm -D -t ${SERVICE}; ip addr del 192.0.2.60/32 dev lab-client`);
});

describe('record and replay', () => {
  it('gives the weight before and after a change, and ends whole on SIGTERM', async () => {
    const store = `${dir}/a`;
    const rec = recorder(store);
    await until('a first sample', async () => (await newest(store))?.weight === 5);
    await sendSyns();
    // The connection counts recorded, attributed to the service and its servers as `list --json` does.
    await until('a sample with the SYNs', async () => (await newest(store))?.syn === SYNS);
    const live = JSON.parse((await ipvstopInProcess(['list', '--json'])).stdout) as { services: Conned[] };
    expect(synOf(live.services.find((x) => x.address === '192.0.2.60'))).toBe(SYNS);
    const before = Date.now();
    await sh(`ipvsadm -e -t ${SERVICE} -r ${SERVER} -m -w 9`);
    await until('a sample of the new weight', async () => (await newest(store))?.weight === 9);
    const after = Date.now();
    await sh(`ipvsadm -d -t ${SERVICE} -r ${GOING}`);
    const gone = (sample: Newest): boolean => sample?.going === false;
    const removal = await pollUntil('a sample without the removed server', () => newest(store), gone, 60_000, {
      minPauseMs: 300,
    });
    // Two samples more (--interval 1): the replay's newest moment is after the removal, `{` goes back to it.
    const removedAt = removal?.at ?? 0;
    await until('two samples after the removal', async () => ((await newest(store))?.at ?? 0) >= removedAt + 2000);
    rec.p.kill('SIGTERM');
    expect(await rec.exited).toEqual({ code: 0, signal: null });
    expect(rec.stderr()).toBe('');
    expect(await weightAt(`${dir}/a`, before)).toBe(5);
    expect(await weightAt(`${dir}/a`, after)).toBe(9);
    await expectEvents(`${dir}/a`, before, after);
    await expectReplayScreen(`${dir}/a`);
  }, 120_000);

  it('replays to its end after kill -9', async () => {
    const rec = recorder(`${dir}/b`);
    await until('a first sample', async () => (await newest(`${dir}/b`)) !== undefined);
    await sleep(1500); // a record or two more, the last maybe cut by the kill
    rec.p.kill('SIGKILL');
    await rec.exited;
    expect(await weightAt(`${dir}/b`, Date.now())).toBe(9);
  }, 30_000);
});
