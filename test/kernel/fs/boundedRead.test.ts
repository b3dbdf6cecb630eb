/**
 * Files from outside read in bounded memory; with `regularOnly`, only a regular file, reached
 * without a symlink, opened without waiting on a FIFO, and read no further than its size at the open.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileTooLargeError, NotRegularFileError, readFileBounded } from '../../../src/kernel/fs/boundedRead.js';

const root = mkdtempSync(join(tmpdir(), 'ipvstop-bounded-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const file = (name: string) => join(root, name);

describe('readFileBounded', () => {
  it('reads a file whole up to the bound, and refuses one byte more', () => {
    writeFileSync(file('ten'), '0123456789');
    expect(readFileBounded(file('ten'), 10).toString()).toBe('0123456789');
    expect(readFileBounded(file('ten'), 10, { regularOnly: true }).toString()).toBe('0123456789');
    expect(() => readFileBounded(file('ten'), 9)).toThrow(FileTooLargeError);
    expect(() => readFileBounded(file('ten'), 9, { regularOnly: true })).toThrow(new FileTooLargeError(9, 10));
  });

  it('regularOnly: a large sparse file is refused by its size, at once, with nothing read', () => {
    writeFileSync(file('sparse'), '');
    truncateSync(file('sparse'), 1024 ** 3);
    const t0 = performance.now();
    const e = (() => {
      try {
        readFileBounded(file('sparse'), 1024 ** 2, { regularOnly: true });
      } catch (err) {
        return err;
      }
    })();
    expect(e).toBeInstanceOf(FileTooLargeError);
    expect((e as FileTooLargeError).bytes).toBe(1024 ** 3);
    expect(performance.now() - t0).toBeLessThan(500);
  });

  it('regularOnly: refuses a FIFO without waiting for a writer, and a symlink without following it', () => {
    execFileSync('mkfifo', [file('fifo')]);
    expect(() => readFileBounded(file('fifo'), 100, { regularOnly: true })).toThrow(new NotRegularFileError('a FIFO'));
    symlinkSync(file('ten'), file('link'));
    expect(() => readFileBounded(file('link'), 100, { regularOnly: true })).toThrow(
      new NotRegularFileError('a symlink, not followed'),
    );
    expect(() => readFileBounded(root, 100, { regularOnly: true })).toThrow(new NotRegularFileError('a directory'));
    // Without the option a symlink is followed: a file named on the command line may be one.
    expect(readFileBounded(file('link'), 100).toString()).toBe('0123456789');
  });

  it('regularOnly: reads no further than the size the file had at the open (procfs says 0: not for /proc)', () => {
    // /proc/self/status is a regular file of text whose size says 0: read to its end it is not empty.
    expect(readFileBounded('/proc/self/status', 1 << 20).length).toBeGreaterThan(0);
    expect(readFileBounded('/proc/self/status', 1 << 20, { regularOnly: true }).length).toBe(0);
  });
});
