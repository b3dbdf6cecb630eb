/**
 * The lock across processes: held, it makes others wait; left by a process that is gone (or whose
 * pid now names another process), it is taken over; held too long by one holder, the wait ends with the
 * holder named, while holders that follow one another keep it waiting.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LockTimeoutError, withLock } from '../../../src/kernel/fs/lockFile.js';

const root = mkdtempSync(join(tmpdir(), 'ipvstop-lock-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill();
  rmSync(root, { recursive: true, force: true });
});
let n = 0;
const fresh = (): string => {
  const dir = join(root, `case${n++}`);
  mkdirSync(dir, { mode: 0o700 });
  return dir;
};
const startTimeOf = (pid: number): string => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '';
};
/** A process that lives until the suite ends, and its pid. */
function liveProcess(): number {
  const c = spawn('sleep', ['60']);
  children.push(c);
  return c.pid ?? 0;
}
/** A pid no process has: one that just exited. */
async function deadPid(): Promise<number> {
  const c = spawn('true');
  await new Promise((r) => c.on('close', r));
  return c.pid ?? 0;
}

describe('withLock', () => {
  it('runs one holder at a time, and leaves nothing behind', async () => {
    const dir = fresh();
    const order: string[] = [];
    const hold = (name: string) =>
      withLock(dir, 'x.lock', async () => {
        order.push(`${name} in`);
        await new Promise((r) => setTimeout(r, 20));
        order.push(`${name} out`);
      });
    await Promise.all([hold('a'), hold('b'), hold('c')]);
    for (let i = 0; i < order.length; i += 2) expect(order[i + 1]).toBe(order[i]?.replace(' in', ' out'));
    expect(readdirSync(dir)).toEqual([]);
  });

  it('takes over a lock whose holder is gone', async () => {
    const dir = fresh();
    writeFileSync(join(dir, 'x.lock'), `${await deadPid()} 1 abcdef\n`, { mode: 0o600 });
    expect(await withLock(dir, 'x.lock', async () => 'ran', { waitMs: 2000 })).toBe('ran');
    expect(existsSync(join(dir, 'x.lock'))).toBe(false);
  });

  it('takes over a lock whose pid now names another process (another start time)', async () => {
    const dir = fresh();
    const pid = liveProcess();
    writeFileSync(join(dir, 'x.lock'), `${pid} ${Number(startTimeOf(pid)) + 1} abcdef\n`, { mode: 0o600 });
    expect(await withLock(dir, 'x.lock', async () => 'ran', { waitMs: 2000 })).toBe('ran');
  });

  it('waits for a live holder, then says who holds it and what to do', async () => {
    const dir = fresh();
    const pid = liveProcess();
    writeFileSync(join(dir, 'x.lock'), `${pid} ${startTimeOf(pid)} abcdef\n`, { mode: 0o600 });
    const started = Date.now();
    const held = withLock(dir, 'x.lock', async () => 'ran', { waitMs: 300 });
    await expect(held).rejects.toThrow(LockTimeoutError);
    await expect(held).rejects.toThrow(
      `is held by process ${pid} for over 0.3 s: try again; if no ipvstop is running, remove`,
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(readFileSync(join(dir, 'x.lock'), 'utf8')).toContain(`${pid} `);
  });

  it('keeps waiting while holders follow one another, each within the wait, however long in all', async () => {
    const dir = fresh();
    const pid = liveProcess();
    const lock = join(dir, 'x.lock');
    const holdBy = (nonce: string) => {
      writeFileSync(`${lock}.new`, `${pid} ${startTimeOf(pid)} ${nonce}\n`, { mode: 0o600 });
      renameSync(`${lock}.new`, lock);
    };
    holdBy('a1');
    const started = Date.now();
    const held = withLock(dir, 'x.lock', async () => 'ran', { waitMs: 400 });
    for (const nonce of ['b2', 'c3', 'd4']) {
      await new Promise((r) => setTimeout(r, 200));
      holdBy(nonce);
    }
    await new Promise((r) => setTimeout(r, 200));
    rmSync(lock);
    expect(await held).toBe('ran');
    expect(Date.now() - started).toBeGreaterThanOrEqual(800);
  });

  it('releases the lock when the work throws', async () => {
    const dir = fresh();
    await expect(withLock(dir, 'x.lock', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await withLock(dir, 'x.lock', async () => 'again', { waitMs: 100 })).toBe('again');
  });
});
