/** Helpers for suites that run inside the lab guest, as root, against IPVS. */
import { spawn } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { commandHandlers } from '../../src/cli/handlers.js';
import { type Handlers, run } from '../../src/cli/program.js';
import { pollUntil } from './polling.js';
import { expectRows, rowDiff } from './rows.js';

export { expectRows } from './rows.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const MAIN = `${ROOT}bin/ipvstop`;

export interface Ran {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs a program without blocking the test worker (vitest's RPC needs its event loop). */
export function runAsync(cmd: string, args: string[], env?: NodeJS.ProcessEnv): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { env: env ?? process.env });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (b: Buffer) => {
      stdout += b.toString();
    });
    p.stderr.on('data', (b: Buffer) => {
      stderr += b.toString();
    });
    p.on('error', reject);
    p.on('close', (code) => resolve({ status: code ?? -1, stdout, stderr }));
  });
}

/** Runs a shell command; throws with its stderr when it fails. */
export async function sh(cmd: string): Promise<string> {
  const r = await runAsync('bash', ['-c', cmd]);
  if (r.status !== 0) throw new Error(`${cmd}: exit ${r.status}: ${r.stderr}`);
  return r.stdout;
}

/** Runs a shell command and returns everything, whatever its exit status. */
export function shRaw(cmd: string): Promise<Ran> {
  return runAsync('bash', ['-c', cmd]);
}

/** Runs the built ipvstop with these arguments. */
export function ipvstop(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Ran> {
  return runAsync(process.execPath, [MAIN, ...args], { ...process.env, ...env });
}

/**
 * Compares a live listing of ipvsadm and ipvstop. Counters and rates move at the kernel's 2 s
 * estimator tick, so take ipvsadm before and after ipvstop: when both ipvsadm reads agree, ipvstop
 * must equal them. Until they do, look again (a window between two ticks), at most `tries` times;
 * a table that never held still that long fails, saying so.
 */
export async function bracketed(
  ipvsadmArgs: string,
  ours: () => Promise<Ran>,
  tries: number,
): Promise<{ expected: string; actual: Ran }> {
  const differed: string[] = [];
  for (let i = 0; i < tries; i++) {
    const before = await shRaw(`ipvsadm ${ipvsadmArgs}`);
    const actual = await ours();
    const after = await shRaw(`ipvsadm ${ipvsadmArgs}`);
    if (before.stdout === after.stdout) return { expected: before.stdout, actual };
    differed.push(rowDiff(after.stdout.split('\n'), before.stdout.split('\n')));
  }
  throw new Error(`ipvsadm ${ipvsadmArgs} never read the same twice around ipvstop's read:\n${differed.at(-1)}`);
}

/** The built binary between two ipvsadm reads. */
export const stableCompare = (ipvsadmArgs: string, ipvstopArgs: string[]) =>
  bracketed(ipvsadmArgs, () => ipvstop(ipvstopArgs), 12);

/**
 * ipvstop in this process between two ipvsadm reads: close together, for a table that keeps moving;
 * and without Node's start-up (2-3 s in the lab) where the binary itself is not what is tested.
 */
export const inProcessCompare = (ipvsadmArgs: string, ipvstopArgs: string[]) =>
  bracketed(ipvsadmArgs, () => ipvstopInProcess(ipvstopArgs), 20);

/**
 * ipvsadm, ipvstop (in this process), ipvsadm again, on a table held still (stillTable.ts): the two
 * ipvsadm reads must agree (a failure lists what moved), and ipvstop's is to equal them. Only a still
 * table can be compared so: /proc/net/ip_vs_conn is a seq_file, each read() resumes at a position,
 * and an entry that goes (or comes) meanwhile makes any reader skip or repeat a row that stayed.
 */
export async function stillReads(
  ipvsadmArgs: string,
  ipvstopArgs: string[],
): Promise<{ expected: string; actual: Ran }> {
  const before = await shRaw(`ipvsadm ${ipvsadmArgs}`);
  const actual = await ipvstopInProcess(ipvstopArgs);
  const after = await shRaw(`ipvsadm ${ipvsadmArgs}`);
  const masked = (text: string): string[] => text.replace(/^(\S+ +)\d\d:\d\d /gm, '$1mm:ss ').split('\n');
  expectRows(masked(after.stdout), masked(before.stdout), `the table held still moved (ipvsadm ${ipvsadmArgs})`);
  return { expected: before.stdout, actual };
}

const notHere = async (): Promise<number> => {
  throw new Error("not run in a test's process");
};
/**
 * The binary's own handlers, but for the commands that do not end by themselves (the monitor, the
 * exporter, the fleet's screen, the recorder) and the lab, which are not run in a test's process.
 */
const IN_PROCESS: Handlers = {
  ...commandHandlers,
  monitor: notHere,
  lab: notHere,
  fleet: notHere,
  record: notHere,
  exporter: notHere,
};

/** `ipvstop ARGS` in this process: the same code as the binary, without Node's start-up between the reads. */
export async function ipvstopInProcess(args: string[]): Promise<Ran> {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (b: Buffer) => {
    stdout += b.toString();
  });
  err.on('data', (b: Buffer) => {
    stderr += b.toString();
  });
  const status = await run(args, IN_PROCESS, { stdout: out, stderr: err });
  return { status, stdout, stderr };
}

/** Stops and resumes the lab's client traffic, for assertions that need a still table. */
export async function pauseTraffic(): Promise<void> {
  await shRaw('pkill -STOP -f traffic.mjs');
  // Connections the clients had already started still arrive for a moment.
  await new Promise((r) => setTimeout(r, 1500));
}
export const resumeTraffic = (): Promise<Ran> => shRaw('pkill -CONT -f traffic.mjs');

/**
 * A table no packet reaches: clients paused, and the VIPs blackholed in their namespace,
 * because the client's kernel keeps retransmitting the SYNs of connects already under way
 * (a SYN dropped while services.sh rebuilt the table comes back up to 15 s later as a new
 * connection). Undo with releaseTraffic().
 */
export async function holdTraffic(): Promise<void> {
  await pauseTraffic();
  await sh(
    'ip -n client route replace blackhole 192.0.2.0/24 && ip -n client -6 route replace blackhole 2001:db8:192::/48',
  );
  // The kernel folds its per-CPU counters into the ones it reports (and zeroes) every 2 s:
  // connections made just before the hold would otherwise show up after a zero.
  await new Promise((r) => setTimeout(r, 2500));
}
export async function releaseTraffic(): Promise<void> {
  await shRaw('ip -n client route del blackhole 192.0.2.0/24; ip -n client -6 route del blackhole 2001:db8:192::/48');
  await resumeTraffic();
}

/** ARP frames about 192.0.2.1 seen in the client namespace (two of them, or whatever came within a minute). */
export function captureArp(): Promise<string> {
  return new Promise((resolve) => {
    const p = spawn('ip', [
      'netns',
      'exec',
      'client',
      'tcpdump',
      '-l',
      '-n',
      '-c',
      '2',
      '-i',
      'eth0',
      'arp and host 192.0.2.1',
    ]);
    let text = '';
    p.stdout.on('data', (b: Buffer) => {
      text += b.toString();
    });
    const t = setTimeout(() => p.kill(), 60_000);
    p.on('close', () => {
      clearTimeout(t);
      resolve(text);
    });
  });
}

/** Polls `check` (polling.ts) until it is done; past `timeoutMs`, fails with what was awaited and what was seen last. */
export async function waitUntil(
  what: string,
  check: () => Promise<{ done: boolean; seen: string }>,
  timeoutMs: number,
): Promise<void> {
  await pollUntil(what, check, (c) => c.done, timeoutMs, { show: (c) => c.seen });
}
