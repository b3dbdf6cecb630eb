/**
 * The single executable (`npm run package`) on the host, where no IPVS is needed: what it does with its
 * temporary directory, which must not be able to run another user's code, nor break commands that never talk to
 * the kernel. Built here (about 10 s) when missing or older than the bundle (`npm run build` makes that); the lab
 * runs the same file against the kernel (test/lab/executable.test.ts).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = new URL('../..', import.meta.url).pathname;
const EXECUTABLE = join(ROOT, 'dist/ipvstop-linux-x64');
const BUNDLE = join(ROOT, 'dist/ipvstop.cjs');
const ADDON_FAILURE = /^ipvstop: cannot load the netlink addon: .*; set TMPDIR to a directory only root \(or you\) can/;

let base: string;

beforeAll(() => {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run npm run build first`);
  if (!existsSync(EXECUTABLE) || statSync(EXECUTABLE).mtimeMs < statSync(BUNDLE).mtimeMs) {
    execFileSync(process.execPath, [join(ROOT, 'src/build/package.mjs')], { stdio: 'ignore' });
  }
  base = mkdtempSync(join(tmpdir(), 'ipvstop-exe-host-'));
}, 180_000);
afterAll(() => {
  chmodSync(base, 0o700);
  rmSync(base, { recursive: true, force: true });
});

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** The executable with TMPDIR (and nothing else of ours in its environment; no PATH: nothing to run). */
function exe(tmp: string, args: string[]): Run {
  const r = spawnSync(EXECUTABLE, args, { env: { TMPDIR: tmp, PATH: '/nonexistent' }, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** --version, --help and doctor where the addon cannot be loaded from `tmp`. */
function expectNoAddon(tmp: string): void {
  const version = exe(tmp, ['--version']);
  expect(version).toEqual({ status: 0, stdout: '0.1.0\n', stderr: '' });
  const help = exe(tmp, ['--help']);
  expect(help.stderr).toBe('');
  expect(help.stdout).toMatch(/^Usage: ipvstop/);
  expect(help.status).toBe(0);
  const doctor = exe(tmp, ['doctor']);
  expect(doctor.stderr).toBe('');
  expect(doctor.stdout).toMatch(
    /^DOCTOR UNKNOWN - cannot read the IPVS table: cannot load the netlink addon: [^\n]*\n$/,
  );
  expect(doctor.status).toBe(3);
  const list = exe(tmp, ['list']);
  expect(list.stdout).toBe('');
  expect(list.stderr).toMatch(/^[^\n]*\n$/);
  expect(list.stderr).toMatch(ADDON_FAILURE);
  expect(list.stderr).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f]/);
  expect(list.status).toBe(1);
}

describe('the single executable and its temporary directory', () => {
  it('refuses a TMPDIR others can write (no sticky bit), and writes nothing in it', () => {
    const open = join(base, 'open');
    mkdirSync(open);
    chmodSync(open, 0o777);
    const r = exe(open, ['list']);
    expect(r.stderr).toMatch(ADDON_FAILURE);
    expect(r.stderr).toContain(`the temporary directory ${open} is writable by others without the sticky bit`);
    expect(r.status).toBe(1);
    expect(readdirSync(open)).toEqual([]);
    // Below it, too: the directory above can be swapped.
    mkdirSync(join(open, 'mine'), { mode: 0o700 });
    expect(exe(join(open, 'mine'), ['list']).stderr).toContain(`${open} (above the temporary directory`);
    expect(readdirSync(join(open, 'mine'))).toEqual([]);
  });

  it('loads the addon from a directory only it can change, and leaves nothing there', () => {
    const mine = join(base, 'mine');
    mkdirSync(mine, { mode: 0o700 });
    const r = exe(mine, ['list']);
    // The host may have no IPVS (exit 1, one line saying so): either way the addon loaded.
    expect(r.stderr).not.toMatch(/netlink addon/);
    expect(r.stderr).toMatch(/^(|ipvstop: [^\n]*\n)$/);
    expect(readdirSync(mine)).toEqual([]);
  });

  it('with TMPDIR missing, a file, or holding a control character: --version and --help work, one line else', () => {
    expectNoAddon(join(base, 'missing'));
    writeFileSync(join(base, 'file'), '');
    expectNoAddon(join(base, 'file'));
    expectNoAddon(join(base, 'bell\x07\x1b[31m'));
    expect(exe(join(base, 'bell\x07\x1b[31m'), ['list']).stderr).toContain('bell\\x07\\x1b[31m');
  });

  // A private mount namespace for a noexec tmpfs needs root (CAP_SYS_ADMIN); the lab runs it as root too.
  const root = process.geteuid?.() === 0 && spawnSync('unshare', ['-m', 'true']).status === 0;
  it.runIf(root)('with TMPDIR on a noexec filesystem: --version and --help work, one line else', () => {
    const noexec = join(base, 'noexec');
    mkdirSync(noexec, { mode: 0o700 });
    const inNoexec = (args: string[]): Run => {
      const script = 'mount -t tmpfs -o noexec,mode=0700 tmpfs "$1" && shift && exec "$@"';
      const r = spawnSync('unshare', ['-m', 'sh', '-c', script, 'sh', noexec, EXECUTABLE, ...args], {
        env: { TMPDIR: noexec, PATH: '/usr/sbin:/usr/bin:/sbin:/bin' },
        encoding: 'utf8',
      });
      return { status: r.status, stdout: r.stdout, stderr: r.stderr };
    };
    expect(inNoexec(['--version'])).toEqual({ status: 0, stdout: '0.1.0\n', stderr: '' });
    const doctor = inNoexec(['doctor']);
    expect(doctor.stdout).toMatch(
      /^DOCTOR UNKNOWN - cannot read the IPVS table: cannot load the netlink addon: .*noexec/,
    );
    expect(doctor.status).toBe(3);
    const list = inNoexec(['list']);
    expect(list.stderr).toMatch(ADDON_FAILURE);
    expect(list.stderr).toMatch(/^[^\n]*\n$/);
    expect(list.status).toBe(1);
  });
});

describe('the single executable where the addon cannot be an unnamed file', () => {
  const root = process.geteuid?.() === 0 && spawnSync('unshare', ['-m', 'true']).status === 0;
  it.runIf(root)('without /proc (no /proc/self/fd), loads it from a private directory, and leaves nothing', () => {
    const mine = join(base, 'noproc');
    mkdirSync(mine, { mode: 0o700 });
    // A private mount namespace with an empty tmpfs over /proc. (The lab takes this way on overlayfs, whose
    // Linux 6.1 refuses O_TMPFILE: test/lab/executable.test.ts.)
    const script = 'mount -t tmpfs tmpfs /proc && exec "$@"';
    const r = spawnSync('unshare', ['-m', 'sh', '-c', script, 'sh', EXECUTABLE, 'list'], {
      env: { TMPDIR: mine, PATH: '/usr/sbin:/usr/bin:/sbin:/bin' },
      encoding: 'utf8',
    });
    expect(r.stderr).not.toMatch(/netlink addon/);
    expect(r.stderr).toMatch(/^(|ipvstop: [^\n]*\n)$/);
    expect(readdirSync(mine)).toEqual([]);
  });
});

describe('ipvstop lab in the single executable', () => {
  it('says in one line that the lab needs the repository', () => {
    // PATH leads nowhere: an executable that tried the lab would fail at once, neither installing nor booting.
    const r = exe(base, ['lab', '--command', 'true']);
    expect(r).toEqual({
      status: 1,
      stdout: '',
      stderr:
        'ipvstop: ipvstop lab needs the repository, not the single executable: in a clone, run npm ci && ./bin/ipvstop lab\n',
    });
  });
});
