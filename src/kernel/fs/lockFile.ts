/**
 * A lock across processes around a short read-change-write of a file in a private directory
 * (see privateFile.ts), e.g. the saved weights that several `ipvstop drain`s and the monitor share.
 *
 * Node has no flock(2). The lock is a file created whole or not at all: the holder's pid, its
 * start time and a random nonce are written to a fresh file, which link(2) puts at the lock's
 * name, failing with EEXIST while another holds it. A holder killed before it removed its lock
 * leaves it behind: such a lock is stale when its pid no longer runs, or runs with another start
 * time (/proc/PID/stat field 22: the pid was reused), and is then moved away and checked to be
 * the one judged stale before it is dropped. Whether a holder lives is known exactly on one host,
 * unlike a guess from the lock's age (proper-lockfile's way, made for network filesystems).
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { link, open, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { processStartTime } from '../proc/processes.js';
import { ensurePrivateDir } from './privateFile.js';

const { O_RDONLY, O_NOFOLLOW, O_NONBLOCK, O_WRONLY, O_CREAT, O_EXCL } = constants;

/** A lock's content is one short line; more is not a lock of ours. */
const MAX_LOCK_BYTES = 200;

/** Thrown when the lock stays held past the wait; the message names the holder. */
export class LockTimeoutError extends Error {
  override readonly name = 'LockTimeoutError';
}

export interface LockOptions {
  /** How long one other holder may keep the lock before the wait ends (default 10 s: a read-change-write takes milliseconds). */
  waitMs?: number;
}

/** The start time of a process in clock ticks since boot, '' when unknown (no /proc). */
const startTime = (pid: number): string => processStartTime(pid) ?? '';

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True when the holder named in `content` is gone (a lock we cannot read is never judged stale). */
function isStale(content: string): boolean {
  const m = /^(\d+) (\d*) [0-9a-f]+\n$/.exec(content);
  if (!m) return false;
  const pid = Number(m[1]);
  if (pid === process.pid) return false;
  return !running(pid) || (m[2] !== '' && startTime(pid) !== '' && startTime(pid) !== m[2]);
}

/** The lock's content, '' when there is none; never follows a symlink or waits on a FIFO. */
async function readLock(path: string): Promise<string> {
  try {
    const fh = await open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
    try {
      if (!(await fh.stat()).isFile()) return '?';
      const buf = Buffer.alloc(MAX_LOCK_BYTES);
      const { bytesRead } = await fh.read(buf, 0, MAX_LOCK_BYTES, 0);
      return buf.subarray(0, bytesRead).toString('utf8');
    } finally {
      await fh.close();
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return '';
    if ((e as NodeJS.ErrnoException).code === 'ELOOP') return '?';
    throw e;
  }
}

/**
 * Moves a stale lock away. Between reading it and moving it another process may have broken it
 * and taken the lock: what was moved is then checked, and a live lock is put back.
 */
async function breakStale(path: string, judged: string): Promise<void> {
  const aside = `${path}.stale.${randomBytes(6).toString('hex')}`;
  try {
    await rename(path, aside);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  if ((await readLock(aside)) !== judged) await link(aside, path).catch(() => undefined);
  await unlink(aside).catch(() => undefined);
}

/** Writes our line to a fresh file and links it to `path`: true when we hold the lock. */
async function tryTake(dir: string, path: string, line: string): Promise<boolean> {
  const temp = join(dir, `.lock.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const fh = await open(temp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600);
  try {
    await fh.writeFile(line);
  } finally {
    await fh.close();
  }
  try {
    await link(temp, path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

/**
 * True when `held` is still at `path` after its holder was found gone. A holder that released its
 * lock and then exited, between our read and our check, is not stale: breaking what is at `path`
 * by then would move another waiter's fresh lock.
 */
async function stillStale(path: string, held: string): Promise<boolean> {
  return held !== '' && isStale(held) && (await readLock(path)) === held;
}

/**
 * Runs `fn` holding the lock `dir/name` (dir made private if need be); the lock goes when fn ends.
 * The wait ends when one holder keeps the lock past `waitMs`: while holders follow one another the
 * lock is moving, and a waiter starved among many (eight drains on a loaded machine) waits its turn.
 */
export async function withLock<T>(dir: string, name: string, fn: () => Promise<T>, o: LockOptions = {}): Promise<T> {
  await ensurePrivateDir(dir);
  const path = join(dir, name);
  const line = `${process.pid} ${startTime(process.pid)} ${randomBytes(8).toString('hex')}\n`;
  const waitMs = o.waitMs ?? 10_000;
  let holder: string | undefined;
  let deadline = 0;
  for (let delay = 2; !(await tryTake(dir, path, line)); delay = Math.min(delay * 2, 50)) {
    const held = await readLock(path);
    if (await stillStale(path, held)) {
      await breakStale(path, held);
      continue;
    }
    if (held !== holder) {
      holder = held;
      deadline = Date.now() + waitMs;
    } else if (Date.now() >= deadline) {
      const pid = /^\d+/.exec(held)?.[0];
      throw new LockTimeoutError(
        `${path} is held by ${pid ? `process ${pid}` : 'another process'} for over ${waitMs / 1000} s: ` +
          `try again; if no ipvstop is running, remove ${path}`,
      );
    }
    // Jittered, so that waiters do not retry in step.
    await new Promise((r) => setTimeout(r, delay * (0.5 + Math.random())));
  }
  try {
    return await fn();
  } finally {
    // Ours unless it was broken as stale, which cannot happen while we run; never remove another's.
    if ((await readLock(path).catch(() => '')) === line) await unlink(path).catch(() => undefined);
  }
}
