/**
 * The `netlink` package's native addon, for the bundle (src/build/bundle.mjs makes the package load it from here).
 * Loaded on first use, not at start: `--version`, `--help` and the lab never open a netlink socket, and must work
 * where the addon cannot be loaded. A failure is one AddonLoadError, kept and thrown again at each use.
 *
 * Installed with npm, the addon is the netlink package's own file (node-gyp-build finds it, as netlink itself does).
 * In the single executable (npm run package) it is an asset, and a shared object loads only from a file, which
 * runs as whoever runs ipvstop, often root. So no other user may be able to change that file between our write and
 * the load, nor anything its path goes through (swapping a directory above it defeats O_EXCL and O_NOFOLLOW):
 * - the temporary directory (TMPDIR, TMP, TEMP, else /tmp) and each directory above it must belong to root or to
 *   us, and be writable by no one else unless sticky (in a sticky directory only an entry's owner, the
 *   directory's owner or root may rename or remove it, and every entry on our path belongs to root or to us);
 *   otherwise it is refused, as ssh's StrictModes refuses a key file;
 * - the file has no name at all: O_TMPFILE makes an unnamed file that never gets one (O_EXCL), and dlopen reads it
 *   through /proc/self/fd/N, which only we (or root) can open. Nothing is left behind, even if we are killed.
 * A filesystem without O_TMPFILE (NFS, overlayfs before Linux 6.6), or no /proc, falls back to a fresh 0700
 * directory (mkdtemp) in the checked directory, removed at once (the mapping stays valid).
 */
import {
  closeSync,
  constants,
  existsSync,
  lstatSync,
  mkdtempSync,
  openSync,
  realpathSync,
  rmSync,
  type Stats,
  writeSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { printable } from '../../errors.js';
import { singleExecutableAsset } from '../../singleExecutable.js';

/** The addon could not be loaded: one line that says why and what to do. */
export class AddonLoadError extends Error {
  override readonly name = 'AddonLoadError';
}

const { O_CREAT, O_DIRECTORY, O_EXCL, O_NOFOLLOW, O_RDWR, O_WRONLY } = constants;
/** The sticky bit (S_ISVTX): not in fs.constants. */
const STICKY = 0o1000;
/** Linux's O_TMPFILE (__O_TMPFILE | O_DIRECTORY; __O_TMPFILE is 020000000 on x86-64 and arm64): not in fs.constants. */
const O_TMPFILE = 0o20000000 | O_DIRECTORY;
/**
 * What open(O_TMPFILE) answers where the filesystem (or a kernel before 3.11) cannot make unnamed files: EOPNOTSUPP,
 * which Node (libuv) names ENOTSUP (the same errno, 95, on Linux), EISDIR or EINVAL.
 */
const NO_TMPFILE = new Set(['ENOTSUP', 'EOPNOTSUPP', 'EISDIR', 'EINVAL']);
/** Why a directory other users can change is refused. */
const SWAP = 'so another user could swap the addon before it loads';
const REMEDY = 'set TMPDIR to a directory only root (or you) can change, on a filesystem that allows executables';

function fail(why: string): never {
  throw new AddonLoadError(`cannot load the netlink addon: ${printable(why)}; ${REMEDY}`);
}

/**
 * `dir` without symlinks, if no user but root and `uid` can change what its path names; otherwise an
 * AddonLoadError naming the directory at fault.
 */
export function trustedDirectory(dir: string, uid = process.geteuid?.() ?? 0): string {
  let real: string;
  try {
    real = realpathSync(dir);
  } catch (e) {
    fail(`the temporary directory ${dir} cannot be used (${codeOf(e)})`);
  }
  let path = '/';
  for (const part of ['', ...real.split('/').filter(Boolean)]) {
    path = join(path, part);
    const which = path === real ? `the temporary directory ${dir}` : `${path} (above the temporary directory ${dir})`;
    const st = statOf(path, which);
    if (!st.isDirectory()) fail(`${which} is not a directory`);
    if (st.uid !== 0 && st.uid !== uid) fail(`${which} belongs to uid ${st.uid}, ${SWAP}`);
    if ((st.mode & 0o022) !== 0 && (st.mode & STICKY) === 0) {
      const mode = (st.mode & 0o7777).toString(8).padStart(4, '0');
      fail(`${which} is writable by others without the sticky bit (mode ${mode}), ${SWAP}`);
    }
  }
  return real;
}

function statOf(path: string, which: string): Stats {
  try {
    return lstatSync(path);
  } catch (e) {
    fail(`${which} cannot be checked (${codeOf(e)})`);
  }
}

/** A system call's errno (ENOENT, EACCES, ...), else the error's first line. */
function codeOf(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? firstLine(e);
}

function firstLine(e: unknown): string {
  return e instanceof Error ? (e.message.split('\n')[0] ?? e.name) : String(e);
}

/** Loads the addon in `file`, written in `dir`. */
function dlopen(file: string, dir: string): Record<string, unknown> {
  const addon = { exports: {} as Record<string, unknown> };
  try {
    process.dlopen(addon, file);
  } catch (e) {
    // dlopen's own words, e.g. "failed to map segment from shared object" on a noexec filesystem.
    fail(`${firstLine(e).replace(/^\/proc\/self\/fd\/\d+: /, '')} (loading it from ${dir}: mounted noexec?)`);
  }
  return addon.exports;
}

function writeAll(fd: number, bytes: Uint8Array): void {
  for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at);
}

/** The addon's bytes loaded from an unnamed file in `dir` (trusted), or undefined where there cannot be one. */
function loadUnnamed(dir: string, bytes: Uint8Array): Record<string, unknown> | undefined {
  if (!existsSync('/proc/self/fd')) return undefined;
  let fd: number;
  try {
    fd = openSync(dir, O_TMPFILE | O_RDWR | O_EXCL, 0o500);
  } catch (e) {
    if (NO_TMPFILE.has((e as NodeJS.ErrnoException).code ?? '')) return undefined;
    fail(`cannot write in ${dir} (${codeOf(e)})`);
  }
  try {
    writeAll(fd, bytes);
    return dlopen(`/proc/self/fd/${fd}`, dir);
  } finally {
    closeSync(fd);
  }
}

/** The addon's bytes loaded from a file in a fresh private directory in `dir` (trusted), removed at once. */
function loadNamed(dir: string, bytes: Uint8Array): Record<string, unknown> {
  let own: string;
  try {
    own = mkdtempSync(join(dir, 'ipvstop-'));
  } catch (e) {
    fail(`cannot write in ${dir} (${codeOf(e)})`);
  }
  try {
    const file = join(own, 'netlink.node');
    const fd = openSync(file, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o500);
    try {
      writeAll(fd, bytes);
    } finally {
      closeSync(fd);
    }
    return dlopen(file, dir);
  } finally {
    rmSync(own, { recursive: true, force: true });
  }
}

/** Loads an addon's bytes through the temporary directory `dir` (default: Node's tmpdir(), from TMPDIR). */
export function loadAddonBytes(bytes: Uint8Array, dir = tmpdir()): Record<string, unknown> {
  const trusted = trustedDirectory(dir);
  return loadUnnamed(trusted, bytes) ?? loadNamed(trusted, bytes);
}

function load(): Record<string, unknown> {
  const asset = singleExecutableAsset('netlink.node');
  if (asset) return loadAddonBytes(new Uint8Array(asset));
  const require = createRequire(import.meta.url);
  return require('node-gyp-build')(dirname(require.resolve('netlink/package.json')));
}

let loaded: Record<string, unknown> | AddonLoadError | undefined;

/** What netlink's raw.js takes from its addon (only NativeNetlink, when it makes a socket), loaded then. */
export const netlinkBinding = {
  get NativeNetlink(): unknown {
    if (loaded === undefined) {
      try {
        loaded = load();
      } catch (e) {
        loaded =
          e instanceof AddonLoadError
            ? e
            : new AddonLoadError(`cannot load the netlink addon: ${printable(firstLine(e))}`);
      }
    }
    if (loaded instanceof AddonLoadError) throw loaded;
    return loaded.NativeNetlink;
  },
};
