/** Error cases on the real kernel: one line on stderr, non-zero exit, no stack trace. */
import { describe, expect, it } from 'vitest';
import { ipvstop, ROOT, shRaw } from './helpers.js';

const MAIN = `${ROOT}dist/cli/main.js`;
const AS_NOBODY = 'setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all';

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

  it('an unreadable /proc/net/ip_vs_conn: says which file and why', async () => {
    // procfs entries take a chmod from root (the guest is ours); nobody then cannot read the table.
    const r = await shRaw(`chmod 000 /proc/net/ip_vs_conn && ${AS_NOBODY} node ${MAIN} list -c; s=$?; chmod 444 /proc/net/ip_vs_conn; exit $s`);
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
