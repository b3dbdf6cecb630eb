/**
 * /proc/net/ip_vs_conn not as the kernel makes it, with real IPVS behind the
 * rest: a FIFO in its place, the file missing, junk rows among the real ones.
 *
 * procfs drops a bind mount over one of its /proc/net entries (the mount
 * lands on the mounting process's own /proc/PID/net, which no other process
 * sees), so each case runs in a private mount namespace whose /proc is a
 * tmpfs holding only net/ip_vs_conn as the case wants it; netlink is not
 * affected.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type Ran, ROOT, sh, shRaw } from './helpers.js';
import { pollUntilTrue } from './polling.js';
import { Screen } from './tmux.js';

const MAIN = `${ROOT}bin/ipvstop`;
const FILE = '/proc/net/ip_vs_conn';

/** Runs `ipvstop ARGS` with /proc/net/ip_vs_conn made by `make` (run inside the namespace). */
function withConnFile(make: string, args: string): string {
  const inner = `mount -t tmpfs none /proc && mkdir /proc/net && ${make} && exec node ${MAIN} ${args}`;
  return `unshare -m --propagation private sh -c '${inner}'`;
}

/** At most 30 s: a read that blocks for ever shows as exit 124. */
const run = (make: string, args: string): Promise<Ran> => shRaw(`timeout 30 ${withConnFile(make, args)}`);

const FIFO = `mkfifo ${FILE}`;
const NO_FILE = 'true';

function expectOneLine(stderr: string, pattern: RegExp): void {
  expect(stderr).toMatch(pattern);
  expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(stderr).not.toMatch(/\n\s+at /);
}

describe('/proc/net/ip_vs_conn replaced', () => {
  it('a FIFO: list -c refuses it at once in one line, exit 1, instead of waiting for a writer', async () => {
    const start = Date.now();
    const r = await run(FIFO, 'list -c');
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expectOneLine(r.stderr, /^ipvstop: cannot read \/proc\/net\/ip_vs_conn: a FIFO, not the kernel's file\n$/);
    expect(Date.now() - start).toBeLessThan(20_000);
  });

  it.each([
    ['a FIFO', FIFO, "a FIFO, not the kernel's file"],
    ['missing', NO_FILE, 'not found: is the ip_vs module loaded\\? \\(modprobe ip_vs\\)'],
  ])('%s: list --json gives the services and says the connection counts are missing, exit 1', async (_, make, why) => {
    const r = await run(make, 'list --json');
    expect(r.status).toBe(1);
    expectOneLine(
      r.stderr,
      new RegExp(`^ipvstop: cannot read /proc/net/ip_vs_conn: ${why}; connection counts are null in the JSON\n$`),
    );
    const json = JSON.parse(r.stdout) as Record<string, unknown> & { services: { connStates: unknown }[] };
    expect(json).toMatchObject({
      connStates: null,
      templates: null,
      connRows: null,
      connTruncated: null,
      connMalformed: null,
    });
    expect(json.connError).toMatch(new RegExp(`^cannot read /proc/net/ip_vs_conn: ${why}$`));
    const services = (await sh('ipvsadm -S -n')).split('\n').filter((l) => l.startsWith('-A')).length;
    expect(json.services).toHaveLength(services);
    expect(services).toBeGreaterThan(0);
    for (const s of json.services) expect(s.connStates).toBeNull();
  });

  it('junk rows among the real ones: skipped and counted, never a state; a warning line, exit 0', async () => {
    // A copy of the real table, then a 3,000-character state and a client address that is not hex.
    const junk = [
      `TCP CB007102 8FE9 C0000201 0050 C633640B 0050 ${'A'.repeat(3000)}     899`,
      'TCP CB0071ZZ 8FE9 C0000201 0050 C633640B 0050 ESTABLISHED     899',
    ];
    await sh(`cat ${FILE} > /run/conn.copy && printf '%s\\n' ${junk.map((l) => `'${l}'`).join(' ')} >> /run/conn.copy`);
    const r = await run(`cp /run/conn.copy ${FILE}`, 'list --json');
    expect(r.status).toBe(0);
    expectOneLine(r.stderr, /^ipvstop: warning: \/proc\/net\/ip_vs_conn: 2 malformed lines skipped\n$/);
    const json = JSON.parse(r.stdout) as {
      connStates: Record<string, number>;
      connRows: number;
      connMalformed: number;
    };
    const counted = await sh("awk 'NR>1 && length($8) < 20 && $2 !~ /Z/ {print $8}' /run/conn.copy | sort | uniq -c");
    const theirs = Object.fromEntries(
      counted
        .trim()
        .split('\n')
        .map((l) => l.trim().split(/\s+/))
        .map(([n, st]) => [st!, Number(n)]),
    );
    expect(json.connStates).toEqual(theirs);
    expect(json.connMalformed).toBe(2);
    expect(json.connRows).toBe(Number((await sh('wc -l < /run/conn.copy')).trim()) - 3);
  });
});

describe('the monitor with a FIFO for /proc/net/ip_vs_conn', () => {
  let screen: Screen | undefined;
  afterEach(() => screen?.kill());

  it('the Connections pane says why, the services stay live, keys work', async () => {
    screen = Screen.shell('procconn', 120, 36);
    const s = screen;
    s.type(withConnFile(FIFO, '-i 0.7'));
    s.keys('Enter');
    await s.waitFor(/TCP 192\.0\.2\.1:80[\s\S]*198\.51\.100\.13:80/, 60_000);
    // The pane is narrow at this size: its warning wraps, whole, onto the next line (after any of its words;
    // the pane beside it fills the rest of the screen's line).
    const wrapped = "cannot read /proc/net/ip_vs_conn: a FIFO, not the kernel's file"
      .split(' ')
      .map((w) => w.replace(/[/.]/g, '\\$&'))
      .join('(?: |[^\\n]*\\n +)');
    await s.waitFor(new RegExp(`^! ${wrapped}`, 'm'), 30_000);
    expect(s.text()).toMatch(/Connections +unreadable/);
    // The services pane still follows the kernel: a new service shows up.
    await sh('ipvsadm -A -t 192.0.2.99:8080 -s rr');
    try {
      await s.waitFor(/TCP 192\.0\.2\.99:8080/, 30_000);
    } finally {
      await sh('ipvsadm -D -t 192.0.2.99:8080');
    }
    s.keys('q');
    await pollUntilTrue('the alternate screen left', () => !s.alternateOn(), 20_000, { minPauseMs: 200 });
  });
});
