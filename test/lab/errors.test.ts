/** Error cases on the real kernel: one line on stderr, non-zero exit, no stack trace. */
import { describe, expect, it } from 'vitest';
import { ipvstop, type Ran, ROOT, shRaw } from './helpers.js';

const MAIN = `${ROOT}bin/ipvstop`;
const AS_NOBODY = 'setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all';
const CAP_NET_ADMIN_BIT = 12n;
const NO_RIGHTS = /permission denied: IPVS needs root or CAP_NET_ADMIN/;

const shellQuote = (a: string): string => `'${a.replace(/'/g, `'\\''`)}'`;

/**
 * A shell command run as root without CAP_NET_ADMIN, two ways: once out of the bounding set,
 * a program exec'd as root cannot get the capability back.
 */
const ROOT_WITHOUT_NET_ADMIN: Record<string, (cmd: string) => string> = {
  setpriv: (cmd) => `setpriv --bounding-set -net_admin --inh-caps -net_admin sh -c ${shellQuote(cmd)}`,
  capsh: (cmd) => `capsh --drop=cap_net_admin -- -c ${shellQuote(cmd)}`,
};

/**
 * Runs a shell command on a pseudo-terminal (util-linux script): stdout is every byte the terminal
 * received. A monitor that started drawing instead of refusing is stopped after 30 s (exit 124).
 */
function onTerminal(cmd: string): Promise<Ran> {
  return shRaw(`timeout 30 script -qec ${shellQuote(`env -u CI TERM=xterm-256color ${cmd}`)} /dev/null </dev/null`);
}

/** One line on the terminal and nothing else: no escape sequence, so no alternate screen and no hidden cursor. */
function expectOneLineOnTerminal(r: Ran, pattern: RegExp, status: number): void {
  expect(r.stdout).not.toContain('\x1b');
  expect(r.stdout).toMatch(/^ipvstop: [^\r\n]+\r\n$/);
  expect(r.stdout).toMatch(pattern);
  expect(r.status).toBe(status);
}

function expectOneLineError(r: { status: number; stdout: string; stderr: string }, pattern: RegExp): void {
  expect(r.status).not.toBe(0);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

describe('errors', () => {
  it('without CAP_NET_ADMIN: says it needs root', async () => {
    const r = await shRaw(`${AS_NOBODY} node ${MAIN} list`);
    expectOneLineError(r, /^ipvstop: permission denied: IPVS needs root or CAP_NET_ADMIN/);
    expect(r.status).toBe(1);
  });

  describe.each(Object.entries(ROOT_WITHOUT_NET_ADMIN))('root without CAP_NET_ADMIN (%s)', (_, wrapper) => {
    it('is what it says: the capability is gone and ipvsadm is refused', async () => {
      const status = await shRaw(wrapper('grep CapEff /proc/self/status'));
      const effective = BigInt(`0x${/CapEff:\s*([0-9a-f]+)/.exec(status.stdout)?.[1] ?? 'x'}`);
      expect((effective >> CAP_NET_ADMIN_BIT) & 1n).toBe(0n);
      expect(effective).not.toBe(0n);
      expect((await shRaw(wrapper('ipvsadm -L -n'))).status).not.toBe(0);
    });

    it('list: one line, exit 1', async () => {
      const r = await shRaw(wrapper(`node ${MAIN} list`));
      expectOneLineError(r, /^ipvstop: permission denied: IPVS needs root or CAP_NET_ADMIN/);
      expect(r.status).toBe(1);
    });

    it('the monitor: the same line before the screen is taken, exit 1', async () => {
      expectOneLineOnTerminal(await onTerminal(wrapper(`node ${MAIN}`)), NO_RIGHTS, 1);
    });
  });

  it('the monitor as nobody: the same line before the screen is taken, exit 1', async () => {
    expectOneLineOnTerminal(await onTerminal(`${AS_NOBODY} node ${MAIN}`), NO_RIGHTS, 1);
  });

  it.each([
    ['TERM=dumb', `TERM=dumb node ${MAIN}`, /TERM is dumb; for scripts use `ipvstop list`/],
    ['TERM unset', `env -u TERM node ${MAIN}`, /TERM is not set; for scripts use `ipvstop list`/],
    ['stdin not a terminal', `node ${MAIN} </dev/null`, /the monitor needs a terminal; for scripts use `ipvstop list`/],
  ])('the monitor with %s: one line, exit 2, the screen untouched', async (_, cmd, pattern) => {
    expectOneLineOnTerminal(await onTerminal(cmd), pattern, 2);
  });

  it('the monitor with stdout not a terminal: one line, exit 2, nothing drawn into the pipe', async () => {
    // $(...) makes the monitor's stdout a pipe; whatever it wrote there is shown after `drew:`.
    const piped = `out=$(node ${MAIN}); s=$?; [ -z "$out" ] || echo "drew: $out"; exit $s`;
    const r = await onTerminal(`sh -c ${shellQuote(piped)}`);
    expect(r.stdout).not.toContain('\x1b');
    expect(r.stdout).toMatch(/^ipvstop: the monitor needs a terminal; for scripts use `ipvstop list`[^\r\n]*\r\n$/);
    expect(r.status).toBe(2);
  });

  it('an unreadable /proc/net/ip_vs_conn: says which file and why', async () => {
    // procfs entries take a chmod from root (the guest is ours); nobody then cannot read the table.
    const r = await shRaw(
      `chmod 000 /proc/net/ip_vs_conn && ${AS_NOBODY} node ${MAIN} list -c; s=$?; chmod 444 /proc/net/ip_vs_conn; exit $s`,
    );
    expectOneLineError(r, /^ipvstop: cannot read \/proc\/net\/ip_vs_conn: permission denied/);
  });

  it('an unknown interface for the monitor', async () => {
    expectOneLineError(await ipvstop(['--iface', 'nope0']), /^ipvstop: no such interface: nope0/);
  });

  it('a malformed service address', async () => {
    const r = await ipvstop(['list', '-t', '192.0.2:80']);
    expectOneLineError(r, /^ipvstop: invalid service address '192\.0\.2:80'/);
    expect(r.status).toBe(2);
  });
});
