/**
 * When a process started, in wall-clock milliseconds: /proc/PID/stat's 22nd field (startTicks) is its start in
 * clock ticks since boot (USER_HZ, 100 a second on Linux's common architectures), and
 * /proc/uptime says how long ago boot was. Accurate to a tick (10 ms), as long as the wall clock
 * has not been stepped since.
 */
import { readFile } from 'node:fs/promises';
import { startTicks } from './processes.js';

const TICKS_PER_SEC = 100;

/** The process's start, milliseconds since the epoch; throws when it cannot be read (the process ended). */
export async function processStartMs(pid: number, proc = '/proc', now = Date.now()): Promise<number> {
  const [stat, uptime] = await Promise.all([
    readFile(`${proc}/${pid}/stat`, 'utf8'),
    readFile(`${proc}/uptime`, 'utf8'),
  ]);
  const ticks = startTicks(stat);
  const up = Number.parseFloat(uptime);
  if (ticks === undefined || !Number.isFinite(up)) throw new Error(`${proc}/${pid}/stat: no start time`);
  return now - up * 1000 + (ticks / TICKS_PER_SEC) * 1000;
}
