/** Reads of a big table give the event loop turns between slices of a block: keys are handled meanwhile. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { collectConnRows, forEachConnRow, readConnTable } from '../../../src/kernel/proc/connTable.js';

const dir = mkdtempSync(join(tmpdir(), 'ipvstop-yield-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** 30,000 IPv4 rows (about 2 MiB, two read blocks). */
const path = join(dir, 'ip_vs_conn');
const row = (i: number): string =>
  `TCP ${(0x0a000000 + (i % 500)).toString(16).toUpperCase().padStart(8, '0')} ${(1024 + (i % 60000)).toString(16).toUpperCase().padStart(4, '0')} C0000201 0050 C633640B 0050 ESTABLISHED     900\n`;
writeFileSync(path, Array.from({ length: 30_000 }, (_, i) => row(i)).join(''));

/**
 * How far a read had got at each turn of the event loop: a read that took a whole block in
 * one go would show a handful of values (one per block), whatever the turns while it waits
 * on the file.
 */
async function progressAtTurns(read: (onRow: () => void) => Promise<unknown>): Promise<number> {
  let rows = 0;
  const seen = new Set<number>();
  let on = true;
  const tick = (): void => {
    seen.add(rows);
    if (on) setImmediate(tick);
  };
  setImmediate(tick);
  await read(() => rows++);
  on = false;
  expect(rows).toBe(30_000);
  return seen.size;
}

describe('reads yield between slices of a block', () => {
  it('row by row (ipvstop conns, list -c)', async () => {
    expect(await progressAtTurns((onRow) => forEachConnRow(onRow, path))).toBeGreaterThan(20);
  });

  it('a client lookup', async () => {
    const read = (onRow: () => void) =>
      collectConnRows(
        () => {
          onRow();
          return false;
        },
        10,
        path,
      );
    expect(await progressAtTurns(read)).toBeGreaterThan(20);
  });

  it('the count still counts every row', async () => {
    expect((await readConnTable(path)).rows).toBe(30_000);
  });
});
