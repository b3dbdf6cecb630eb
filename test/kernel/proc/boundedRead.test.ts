/**
 * Reads of /proc/net/ip_vs_conn are bounded: something other than a regular
 * file in its place is refused without blocking, and a read that takes too
 * long or runs too large stops and says so. The kernel is not the point here
 * (a FIFO, a device, a big file stand in for what could be bind-mounted over
 * the table); the lab tests the real file.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type BlockSource, DEFAULT_LIMITS, ProcReadError, readBounded } from '../../../src/kernel/proc/boundedRead.js';
import { forEachConnRow, readConnTable } from '../../../src/kernel/proc/connTable.js';
import { MAX_GROUPS } from '../../../src/kernel/proc/limits.js';

const dir = mkdtempSync(join(tmpdir(), 'ipvstop-bounded-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ROW = 'TCP CB007102 8FE9 C0000201 0050 C633640B 0050 ESTABLISHED     899\n';

/** A source that always has `chunk` to give, or never answers. */
const endless = (chunk: Buffer): BlockSource => ({
  read: async (buf, length) => chunk.copy(buf, 0, 0, Math.min(length, chunk.length)),
});
const hung: BlockSource = { read: () => new Promise<number>(() => undefined) };

describe('what is not a regular file is refused at once', () => {
  const fifo = join(dir, 'fifo');
  execFileSync('mkfifo', [fifo]);

  const cases: [string, string, string][] = [
    ['a FIFO (no writer)', fifo, 'a FIFO'],
    ['a character device', '/dev/zero', 'a character device'],
    ['a directory', dir, 'a directory'],
  ];
  for (const [name, path, kind] of cases) {
    it(name, async () => {
      const start = performance.now();
      const err = await readConnTable(path).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ProcReadError);
      expect((err as Error).message).toBe(`cannot read ${path}: ${kind}, not the kernel's file`);
      await expect(forEachConnRow(() => undefined, path)).rejects.toThrow(`cannot read ${path}: ${kind}`);
      expect(performance.now() - start).toBeLessThan(2000);
    });
  }
});

describe('a read stops at its limits and says which', () => {
  it('a file larger than the byte limit: cut there, the fragment of its last row dropped', async () => {
    const path = join(dir, 'big');
    writeFileSync(path, ROW.repeat(100));
    const s = await readConnTable(path, { ...DEFAULT_LIMITS, maxBytes: ROW.length * 10 + 5 });
    expect(s).toMatchObject({ rows: 10, malformed: 0, truncated: 'size' });
    const rows = await forEachConnRow(() => undefined, path, { ...DEFAULT_LIMITS, maxBytes: ROW.length * 10 + 5 });
    expect(rows).toEqual({ malformed: 0, truncated: 'size' });
  });

  it('a file of exactly the byte limit is whole', async () => {
    const path = join(dir, 'exact');
    writeFileSync(path, ROW.repeat(10));
    const s = await readConnTable(path, { ...DEFAULT_LIMITS, maxBytes: ROW.length * 10 });
    expect(s.rows).toBe(10);
    expect(s.truncated).toBeUndefined();
  });

  it('an endless source stops at the byte limit', async () => {
    let total = 0;
    const r = await readBounded(
      endless(Buffer.from(ROW.repeat(1000))),
      { deadlineMs: 60_000, maxBytes: 5_000_000 },
      (b) => {
        total += b.length;
        return true;
      },
    );
    expect(r).toEqual({ cut: 'size', abandoned: false });
    expect(total).toBe(5_000_000);
  });

  it('a slow endless source stops at the deadline', async () => {
    const slow: BlockSource = { read: (buf) => new Promise((resolve) => setTimeout(() => resolve(buf.write(ROW)), 5)) };
    const start = performance.now();
    const r = await readBounded(slow, { deadlineMs: 200, maxBytes: DEFAULT_LIMITS.maxBytes }, () => true);
    expect(r.cut).toBe('time');
    expect(performance.now() - start).toBeLessThan(1000);
  });

  it('a read that never returns is left behind at the deadline', async () => {
    const start = performance.now();
    const r = await readBounded(hung, { deadlineMs: 200, maxBytes: DEFAULT_LIMITS.maxBytes }, () => true);
    expect(r).toEqual({ cut: 'time', abandoned: true });
    expect(performance.now() - start).toBeGreaterThanOrEqual(190);
    expect(performance.now() - start).toBeLessThan(1000);
  });

  it('the consumer can stop it: more groups than a count holds', async () => {
    const path = join(dir, 'groups');
    const hex = (n: number, w: number): string => n.toString(16).toUpperCase().padStart(w, '0');
    const lines: string[] = [];
    for (let i = 0; i <= MAX_GROUPS; i++)
      lines.push(
        `TCP CB007102 8FE9 ${hex(0xc0000000 + (i >>> 16), 8)} ${hex(i & 0xffff, 4)} C633640B 0050 ESTABLISHED     899\n`,
      );
    writeFileSync(path, lines.join(''));
    const s = await readConnTable(path);
    expect(s).toMatchObject({ truncated: 'groups', rows: MAX_GROUPS });
    expect(s.groups.size).toBe(MAX_GROUPS);
  });
});
