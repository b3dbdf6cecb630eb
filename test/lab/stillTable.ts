/**
 * A connection table nothing changes, for comparisons that read it whole: built fresh in seconds
 * instead of waiting out the lab traffic's closing connections (TIME_WAIT alone lasts 2 min).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { ROOT, releaseTraffic, sh, shRaw, waitUntil } from './helpers.js';
import { agingRows } from './rows.js';

/** The lab's services (src/lab/guest/services.sh), as `ipvsadm -S -n` names them. */
const LAB_SERVICES = ['-t 192.0.2.1:80', '-u 192.0.2.1:53', '-t 192.0.2.2:80', '-t [2001:db8:192::1]:80'];
/** The same, as /proc/net/ip_vs_conn writes their VIP and port. */
const LAB_VIPS = ['C0000201 0050', 'C0000201 0035', 'C0000202 0050', '2001:0db8:0192:0000:0000:0000:0000:0001 0050'];

/** How long holdStillTable waits for entries to go, and how long the table it leaves stays still. */
const STILL_WAIT_MS = 240_000;
const STILL_FOR_S = 600;

/** The lab's client traffic on a command line (the brackets keep a pgrep from finding its own shell). */
const TRAFFIC = "'src/lab/guest/[t]raffic.mjs'";

let clients: ChildProcess | undefined;

/** The rows of /proc/net/ip_vs_conn of the lab's services. */
function labEntries(): string[] {
  return readFileSync('/proc/net/ip_vs_conn', 'utf8')
    .split('\n')
    .filter((l) => LAB_VIPS.some((v) => l.includes(` ${v} `)));
}

/**
 * A connection table nothing changes, until releaseStillTable(): the lab's client traffic stopped, the
 * lab's services made again without their entries, and lasting connections of test/lab/stillClients.mjs
 * in their place: from four clients (ESTABLISHED, 15 min), one UDP entry (an hour), and the persistent
 * service's template, which its connections keep. Other services and their entries stay as they are.
 * Nothing that would change within 10 minutes is left (checked, as when this waited for the traffic's
 * entries to go).
 */
export async function holdStillTable(): Promise<void> {
  await sh('ipvsadm --set 0 0 3600');
  // Killed, not paused: a paused client's kernel still retransmits its SYNs, each a new entry.
  await shRaw(`pkill -KILL -f ${TRAFFIC}`);
  const saved = (await sh('ipvsadm -S -n')).split('\n');
  const present = LAB_SERVICES.filter((s) => saved.some((l) => l.startsWith(`-A ${s} `)));
  const lab = saved.filter((l) => present.some((s) => l.startsWith(`-A ${s} `) || l.startsWith(`-a ${s} `)));
  // With expire_nodest_conn=1 (services.sh sets it too), Linux 5.9 and later expire the entries of a
  // removed real server in a work queued at its removal, not at their next packet.
  await sh(`sysctl -qw net.ipv4.vs.expire_nodest_conn=1${present.map((s) => ` && ipvsadm -D ${s}`).join('')}`);
  try {
    await waitUntil(
      "the lab services' entries to go with them",
      async () => {
        const left = labEntries();
        return { done: left.length === 0, seen: `${left.length} left, e.g.\n${left.slice(0, 5).join('\n')}` };
      },
      STILL_WAIT_MS,
    );
  } finally {
    if (lab.length > 0) await sh(`ipvsadm -R <<'EOF'\n${lab.join('\n')}\nEOF`);
  }
  await startClients();
  await waitUntil(
    'the connection table to hold only entries that outlive the test',
    async () => {
      const aging = agingRows(readFileSync('/proc/net/ip_vs_conn', 'utf8'), STILL_FOR_S);
      return { done: aging.length === 0, seen: `${aging.length} aging, e.g.\n${aging.slice(0, 5).join('\n')}` };
    },
    STILL_WAIT_MS,
  );
  const elsewhere = await namespacesWithEntries();
  if (elsewhere.length > 0)
    throw new Error(`connection entries in other namespaces (a pair left running?): ${elsewhere}`);
}

/**
 * The network namespaces other than this one that hold connection entries. The kernel keeps one
 * table for all of them, and /proc/net/ip_vs_conn, read in several read()s, resumes each by position
 * in it: entries coming and going in any namespace show this one's rows twice or not at all.
 */
async function namespacesWithEntries(): Promise<string[]> {
  const names = (await sh('ip netns list')).split('\n').map((l) => l.split(' ')[0] ?? '');
  const held = await Promise.all(
    names
      .filter((n) => n !== '')
      .map(async (n) => {
        const rows = (await shRaw(`ip netns exec ${n} cat /proc/net/ip_vs_conn`)).stdout.split('\n').slice(1);
        const entries = rows.filter((r) => r.trim() !== '').length;
        return entries > 0 ? `${n} (${entries})` : '';
      }),
  );
  return held.filter((n) => n !== '');
}

/** Starts stillClients.mjs in the client namespace and waits for its "ready". */
async function startClients(): Promise<void> {
  const p = spawn('ip', ['netns', 'exec', 'client', process.execPath, `${ROOT}test/lab/stillClients.mjs`], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  clients = p;
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`stillClients.mjs not ready in 60 s: ${out}`)), 60_000);
    const done = (e?: Error): void => {
      clearTimeout(t);
      if (e) reject(e);
      else resolve();
    };
    p.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      if (out.includes('ready\n')) done();
    });
    p.stderr!.on('data', (b: Buffer) => {
      out += b.toString();
    });
    p.on('exit', (code) => done(new Error(`stillClients.mjs exited ${code}: ${out}`)));
  });
}

/** The lab as it was: its timeouts and its client traffic (started again). */
export async function releaseStillTable(): Promise<void> {
  clients?.kill('SIGKILL');
  clients = undefined;
  await shRaw("pkill -KILL -f 'test/lab/[s]tillClients.mjs'; ipvsadm --set 900 120 300");
  await releaseTraffic();
  // As src/lab/guest/start-lab.sh starts it, unless it runs (looked for on its own: a shell whose
  // command line also starts it would find itself).
  if ((await shRaw(`pgrep -f ${TRAFFIC}`)).stdout.trim() === '') {
    await sh(`setsid ip netns exec client node ${ROOT}src/lab/guest/traffic.mjs </dev/null >/dev/null 2>&1 &`);
  }
  await waitUntil(
    "the lab's client traffic to run again",
    async () => {
      const found = (await shRaw(`pgrep -af ${TRAFFIC}`)).stdout.trim();
      return { done: found !== '', seen: found || 'no traffic.mjs' };
    },
    10_000,
  );
}
