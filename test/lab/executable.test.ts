/**
 * The single executable (`npm run package`: dist/ipvstop-linux-x64) as a director without Node runs it: the
 * file alone in an empty directory, with a PATH that has no node. `list` byte for byte against ipvsadm,
 * `list --json`, the monitor in tmux; the netlink addon it carries leaves no file behind, also where it cannot be
 * an unnamed file; a noexec TMPDIR gives one line. (test/cli/executable.test.ts holds the rest on the host.)
 */
import { chmodSync, constants, copyFileSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runAsync, sh } from './helpers.js';
import { Screen } from './tmux.js';

const EXECUTABLE = `${ROOT}dist/ipvstop-linux-x64`;
let dir: string;
let exe: string;
let env: NodeJS.ProcessEnv;

/** Directories the program made in the temporary directory (its addon's private directory, if one were left). */
const leftovers = (): string[] => readdirSync(tmpdir()).filter((n) => /^ipvstop-(?!exe-)/.test(n));

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ipvstop-exe-'));
  exe = join(dir, 'ipvstop');
  copyFileSync(EXECUTABLE, exe);
  chmodSync(exe, 0o755);
  // A PATH of one empty directory: no node, no anything.
  mkdirSync(join(dir, 'bin'));
  env = { PATH: join(dir, 'bin'), TERM: 'xterm-256color', HOME: dir };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the single executable, alone, without node', () => {
  it('has no node on its PATH', async () => {
    const r = await runAsync('/bin/bash', ['-c', 'command -v node'], env);
    expect(r.status).not.toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['bin', 'ipvstop']);
  });

  it('lists the table exactly as ipvsadm -L -n does, and leaves no file behind', async () => {
    const before = leftovers();
    // Services no client reaches (the lab's traffic goes to 192.0.2.1-2 and 2001:db8:192::1): their new
    // real servers count nothing, so nothing in the listing moves and one ipvsadm read is the answer.
    await sh(`ipvsadm -C && ipvsadm -R <<'EOF'
-A -t 192.0.2.20:80 -s wlc -p 300 -M 255.255.255.0
-a -t 192.0.2.20:80 -r 198.51.100.11:80 -m -w 2
-a -t 192.0.2.20:80 -r 198.51.100.12:8080 -g -w 0
-A -u 192.0.2.20:53 -s rr
-a -u 192.0.2.20:53 -r 198.51.100.13:53 -m -x 10 -y 2
-A -t [2001:db8:192::20]:443 -s sh -b sh-port
-a -t [2001:db8:192::20]:443 -r [2001:db8:198::11]:443 -m
-A -f 9 -s rr
-a -f 9 -r 198.51.100.11:0 -i --tun-type gue --tun-port 6080
EOF`);
    try {
      const actual = await runAsync(exe, ['list'], env);
      expect(actual.stderr).toBe('');
      expect(actual.status).toBe(0);
      expect(actual.stdout).toBe(await sh('ipvsadm -L -n'));
      expect(actual.stdout).toMatch(/TCP {2}192\.0\.2\.20:80 wlc persistent 300/);
    } finally {
      await sh(`bash ${ROOT}src/lab/guest/services.sh`);
    }
    expect(leftovers()).toEqual(before);
  });

  it('prints the JSON snapshot with every service', async () => {
    const r = await runAsync(exe, ['list', '--json'], env);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const snap = JSON.parse(r.stdout) as { services: unknown[] };
    const services = Number((await sh('ipvsadm -S -n | grep -c "^-A"')).trim());
    expect(snap.services.length).toBe(services);
  });

  it('runs the monitor, and quits on q with status 0', async () => {
    const s = Screen.command('exe', `env -i PATH=${env.PATH} TERM=xterm-256color HOME=${dir} ${exe}`);
    try {
      await s.waitFor(/TCP 192\.0\.2\.1:80[\s\S]*\? Help/, 60_000);
      expect(s.alternateOn()).toBe(true);
      s.keys('q');
      await s.waitFor(/\[exited 0\]/);
    } finally {
      s.kill();
    }
  });
});

describe('the single executable and its temporary directory, as root', () => {
  it('loads the addon from a filesystem without unnamed files (overlayfs in Linux 6.1), leaving nothing', async () => {
    const layers = join(dir, 'overlay');
    const merged = join(layers, 'merged');
    // /run/modprobe: the lab's wrapper that finds the guest kernel's modules (src/lab/guest/base.sh).
    await sh(`mkdir -p ${layers}/lower ${layers}/upper ${layers}/work ${merged} && /run/modprobe overlay && \
      mount -t overlay overlay -o lowerdir=${layers}/lower,upperdir=${layers}/upper,workdir=${layers}/work ${merged}`);
    try {
      // Not vacuous: here O_TMPFILE (020000000 | O_DIRECTORY) is refused, so the executable takes the other way.
      expect(() => openSync(merged, 0o20000000 | constants.O_DIRECTORY | constants.O_RDWR, 0o500)).toThrow(
        expect.objectContaining({ code: 'ENOTSUP' }), // EOPNOTSUPP, as Node names it
      );
      const r = await runAsync(exe, ['list', '--json'], { ...env, TMPDIR: merged });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(readdirSync(merged)).toEqual([]);
    } finally {
      await sh(`umount ${merged}`);
    }
  });

  it('on a noexec TMPDIR: --version works, list says so in one line (exit 1), doctor is UNKNOWN (exit 3)', async () => {
    const noexec = join(dir, 'noexec');
    await sh(`mkdir -p ${noexec} && mount -t tmpfs -o noexec,mode=0700 tmpfs ${noexec}`);
    try {
      const at = { ...env, TMPDIR: noexec };
      expect(await runAsync(exe, ['--version'], at)).toEqual({ status: 0, stdout: '0.1.0\n', stderr: '' });
      const list = await runAsync(exe, ['list'], at);
      expect(list.stderr).toMatch(/^ipvstop: cannot load the netlink addon: [^\n]*noexec[^\n]*\n$/);
      expect(list.status).toBe(1);
      const doctor = await runAsync(exe, ['doctor'], at);
      expect(doctor.stdout).toMatch(/^DOCTOR UNKNOWN - cannot read the IPVS table: cannot load the netlink addon: /);
      expect(doctor.status).toBe(3);
    } finally {
      await sh(`umount ${noexec}`);
    }
  });
});
