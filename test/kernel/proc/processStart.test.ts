import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startTicks } from '../../../src/kernel/proc/processes.js';
import { processStartMs } from '../../../src/kernel/proc/processStart.js';

// A real /proc/PID/stat line, its name holding a space and a ')'; starttime (field 22) is 1996076.
const STAT =
  '26121 (my cat) x) R 26118 26118 25109 0 -1 4194304 128 0 0 0 0 0 0 0 20 0 1 0 1996076 3133440 418 18446744073709551615';

describe('a process start time', () => {
  it('is the 22nd field of /proc/PID/stat, counted after the name, in ticks since boot', () => {
    expect(startTicks(STAT)).toBe(1996076);
    expect(startTicks('garbage')).toBeUndefined();
    expect(startTicks('1 (x) R 0')).toBeUndefined();
  });

  it('in wall-clock time: now, less the uptime, plus the start (100 ticks a second)', async () => {
    const proc = mkdtempSync(join(tmpdir(), 'ipvstop-proc-'));
    mkdirSync(join(proc, '42'));
    writeFileSync(join(proc, '42/stat'), STAT);
    writeFileSync(join(proc, 'uptime'), '20000.50 39000.00\n');
    // Booted 20000.5 s before now; started 19960.76 s after boot: 39.74 s ago.
    expect(await processStartMs(42, proc, 1_000_000_000)).toBeCloseTo(1_000_000_000 - 39_740, 3);
    await expect(processStartMs(43, proc)).rejects.toThrow();
  });

  it('of this process is a moment ago', async () => {
    const started = await processStartMs(process.pid);
    expect(Date.now() - started).toBeGreaterThan(0);
    expect(Date.now() - started).toBeLessThan(process.uptime() * 1000 + 1000);
  });
});
