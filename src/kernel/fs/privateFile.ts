/**
 * Files ipvstop writes (state, saved snapshots) as root: in a directory only we can write, never
 * through a symlink, readable by us alone, and replaced atomically (a reader or a crash sees the
 * old file or the new one, never half of one).
 */

import { randomBytes } from 'node:crypto';
import { constants, mkdirSync, type Stats } from 'node:fs';
import { chmod, type FileHandle, lstat, mkdir, open, rename, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fsReason } from './fsReason.js';

/** Thrown when a directory or file is not safe to write to; the message says why. */
export class UnsafePathError extends Error {
  override readonly name = 'UnsafePathError';
}

const { O_CREAT, O_EXCL, O_NOFOLLOW, O_NONBLOCK, O_WRONLY, O_RDONLY, O_DIRECTORY } = constants;

/** What readPrivateFile reads at most, by default: these are small state files. */
const MAX_PRIVATE_FILE_BYTES = 1 << 20;

function myUid(): number {
  return process.geteuid?.() ?? 0;
}

/**
 * Makes `dir` (mode 0700) unless it exists, then checks it: a real directory (not a symlink), ours,
 * and writable by no one else, so no other user can plant or swap a file in it.
 */
export async function ensurePrivateDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { mode: 0o700 });
    await chmod(dir, 0o700); // the umask may have taken bits away
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  checkOurs(dir, await lstat(dir), 'directory');
}

/**
 * Makes `dir` and its missing parents (mode `mode`), one at a time. Node's own `recursive: true`
 * never returns where mkdir says ENOENT of a path whose parent exists (procfs: /proc/x): it makes the
 * parent again, finds it, and tries once more, forever, at a whole core.
 */
export function makeDirs(dir: string, mode: number): void {
  try {
    mkdirSync(dir, { mode });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return;
    const parent = dirname(dir);
    if (code !== 'ENOENT' || parent === dir) throw e;
    makeDirs(parent, mode);
    mkdirSync(dir, { mode }); // ENOENT again where the parent exists: this one cannot be made
  }
}

/** Refuses a symlink, another kind of file, another owner, or write access for others. */
function checkOurs(path: string, st: Stats, kind: 'directory' | 'file'): void {
  if (st.isSymbolicLink()) throw new UnsafePathError(`${path} is a symlink: refusing to go through it`);
  if (kind === 'directory' ? !st.isDirectory() : !st.isFile()) throw new UnsafePathError(`${path} is not a ${kind}`);
  if (st.uid !== myUid()) throw new UnsafePathError(`${path} belongs to uid ${st.uid}, not to us (uid ${myUid()})`);
  if ((st.mode & 0o022) !== 0) {
    throw new UnsafePathError(`${path} is writable by others (mode ${(st.mode & 0o777).toString(8)})`);
  }
}

/**
 * Reads `dir/name` as written by writePrivateFileAtomic, or undefined when the directory or file
 * does not exist. Refuses (UnsafePathError) what another user could have planted: a symlink
 * (O_NOFOLLOW), a FIFO or device (opened without waiting, O_NONBLOCK: a FIFO would block the open
 * until a writer came), a file or directory not ours or writable by others, a file over `maxBytes`.
 */
export async function readPrivateFile(
  dir: string,
  name: string,
  maxBytes = MAX_PRIVATE_FILE_BYTES,
): Promise<string | undefined> {
  checkName(name);
  try {
    checkOurs(dir, await lstat(dir), 'directory');
    const fd = await open(join(dir, name), O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
    try {
      const st = await fd.stat();
      checkOurs(join(dir, name), st, 'file');
      if (st.size > maxBytes) throw new UnsafePathError(`${join(dir, name)} is larger than ${maxBytes} bytes`);
      // A regular file (checked above) never blocks a read; the size was checked, and is checked again.
      const buf = Buffer.allocUnsafe(maxBytes + 1);
      const { bytesRead } = await fd.read(buf, 0, maxBytes + 1, 0);
      if (bytesRead > maxBytes) throw new UnsafePathError(`${join(dir, name)} is larger than ${maxBytes} bytes`);
      return buf.subarray(0, bytesRead).toString('utf8');
    } finally {
      await fd.close();
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    if ((e as NodeJS.ErrnoException).code === 'ELOOP') {
      throw new UnsafePathError(`${join(dir, name)} is a symlink: refusing to go through it`);
    }
    throw e;
  }
}

/** Refuses a name that is not one plain entry of the directory. */
function checkName(name: string): void {
  if (name === '' || name === '.' || name === '..' || name.includes('/') || name.includes('\0')) {
    throw new UnsafePathError(`invalid file name ${JSON.stringify(name)}`);
  }
}

/** Refuses a target that exists and is not a regular file (a planted symlink, a directory, a FIFO). */
async function checkTarget(path: string): Promise<void> {
  try {
    const st = await lstat(path);
    if (!st.isFile()) throw new UnsafePathError(`${path} exists and is not a regular file: refusing to replace it`);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}

async function fsyncDir(dir: string): Promise<void> {
  const fd = await open(dir, O_RDONLY | O_DIRECTORY);
  try {
    await fd.sync();
  } finally {
    await fd.close();
  }
}

/**
 * Writes `data` to `dir/name` with mode 0600: a fresh temporary file (O_CREAT | O_EXCL |
 * O_NOFOLLOW: never an existing file or a symlink), synced, then renamed into place.
 */
export async function writePrivateFileAtomic(dir: string, name: string, data: string | Uint8Array): Promise<void> {
  checkName(name);
  await ensurePrivateDir(dir);
  const target = join(dir, name);
  await checkTarget(target);
  const temp = join(dir, `.${name}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = await open(temp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600);
  try {
    try {
      await fd.chmod(0o600); // the umask may have taken bits away; this is the mode we promise
      await fd.writeFile(data);
      await fd.sync();
    } finally {
      await fd.close();
    }
    await rename(temp, target);
  } catch (e) {
    await unlink(temp).catch(() => {});
    throw e;
  }
  await fsyncDir(dir);
}

/**
 * A new file at `path`, mode 0600, open for writing: O_CREAT | O_EXCL | O_NOFOLLOW, so an existing
 * file is never overwritten and a symlink planted at `path` is never followed (both fail, EEXIST).
 */
export async function createPrivateFile(path: string): Promise<FileHandle> {
  try {
    const fd = await open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600);
    await fd.chmod(0o600); // the umask may have taken bits away; this is the mode we promise
    return fd;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new UnsafePathError(
        `${path} exists (a file, a directory or a symlink): refusing to overwrite it or go through it`,
      );
    }
    throw new Error(`cannot create ${path}: ${fsReason(e)}`);
  }
}
