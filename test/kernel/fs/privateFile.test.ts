/**
 * Private files: a 0700 directory of ours, a 0600 file replaced atomically,
 * and a refusal wherever a symlink or another user could redirect the write.
 */
import {
  chmodSync,
  chownSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createPrivateFile,
  makeDirs,
  UnsafePathError,
  writePrivateFileAtomic,
} from '../../../src/kernel/fs/privateFile.js';

const root = mkdtempSync(join(tmpdir(), 'ipvstop-private-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const fresh = (): string => join(root, `case${n++}`);
const mode = (path: string): string => (lstatSync(path).mode & 0o777).toString(8);

describe('writePrivateFileAtomic', () => {
  it('creates the directory 0700 and the file 0600, even under a permissive umask', async () => {
    const dir = fresh();
    const old = process.umask(0);
    try {
      await writePrivateFileAtomic(dir, 'state.json', '{"a":1}\n');
    } finally {
      process.umask(old);
    }
    expect(mode(dir)).toBe('700');
    expect(mode(join(dir, 'state.json'))).toBe('600');
    expect(readFileSync(join(dir, 'state.json'), 'utf8')).toBe('{"a":1}\n');
  });

  it('replaces the file whole and leaves no temporary file behind', async () => {
    const dir = fresh();
    await writePrivateFileAtomic(dir, 'state.json', 'old');
    const before = statSync(join(dir, 'state.json')).ino;
    await writePrivateFileAtomic(dir, 'state.json', Buffer.from('new'));
    expect(readFileSync(join(dir, 'state.json'), 'utf8')).toBe('new');
    expect(statSync(join(dir, 'state.json')).ino).not.toBe(before); // a new file renamed in, not rewritten in place
    expect(readdirSync(dir)).toEqual(['state.json']);
  });

  it('refuses a symlink planted at the target, and leaves what it points to alone', async () => {
    const dir = fresh();
    mkdirSync(dir, { mode: 0o700 });
    const victim = join(root, `victim${n}`);
    writeFileSync(victim, 'precious');
    symlinkSync(victim, join(dir, 'state.json'));
    await expect(writePrivateFileAtomic(dir, 'state.json', 'x')).rejects.toThrow(/is not a regular file/);
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(lstatSync(join(dir, 'state.json')).isSymbolicLink()).toBe(true);
    expect(readdirSync(dir)).toEqual(['state.json']);
  });

  it('refuses a directory that is a symlink, and writes nothing where it points', async () => {
    const elsewhere = fresh();
    mkdirSync(elsewhere, { mode: 0o700 });
    const dir = fresh();
    symlinkSync(elsewhere, dir);
    await expect(writePrivateFileAtomic(dir, 'state.json', 'x')).rejects.toThrow(/is a symlink/);
    expect(readdirSync(elsewhere)).toEqual([]);
  });

  it.each([0o770, 0o707, 0o777, 0o1777])('refuses a directory of mode %o (others may write)', async (m) => {
    const dir = fresh();
    mkdirSync(dir);
    chmodSync(dir, m);
    await expect(writePrivateFileAtomic(dir, 'state.json', 'x')).rejects.toThrow(/writable by others/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses a directory that is not ours', async () => {
    const dir = fresh();
    mkdirSync(dir, { mode: 0o700 });
    const me = process.geteuid?.() ?? 0;
    if (me === 0) chownSync(dir, 65534, 65534);
    const other = me === 0 ? dir : '/';
    await expect(writePrivateFileAtomic(other, 'state.json', 'x')).rejects.toThrow(/belongs to uid \d+, not to us/);
    expect(existsSync(join(other, 'state.json'))).toBe(false);
  });

  it('refuses a path that is not a directory, and names that are not one entry', async () => {
    const file = join(root, `file${n++}`);
    writeFileSync(file, '');
    await expect(writePrivateFileAtomic(file, 'state.json', 'x')).rejects.toThrow(/is not a directory/);
    for (const name of ['', '.', '..', 'a/b', '../escape', 'nul\0']) {
      await expect(writePrivateFileAtomic(fresh(), name, 'x')).rejects.toThrow(UnsafePathError);
    }
  });
});

describe('createPrivateFile', () => {
  it('creates a new file 0600, even under a permissive umask', async () => {
    const path = `${fresh()}.tar.gz`;
    const old = process.umask(0);
    try {
      const fd = await createPrivateFile(path);
      await fd.writeFile('x');
      await fd.close();
    } finally {
      process.umask(old);
    }
    expect(mode(path)).toBe('600');
    expect(readFileSync(path, 'utf8')).toBe('x');
  });

  it('never overwrites a file, and never goes through a symlink (dangling or not)', async () => {
    const existing = `${fresh()}.tar.gz`;
    writeFileSync(existing, 'kept');
    await expect(createPrivateFile(existing)).rejects.toThrow(UnsafePathError);
    expect(readFileSync(existing, 'utf8')).toBe('kept');
    const target = `${fresh()}-target`;
    const link = `${fresh()}.tar.gz`;
    symlinkSync(target, link);
    await expect(createPrivateFile(link)).rejects.toThrow(/symlink/);
    expect(existsSync(target)).toBe(false);
  });

  it('says in one line of its own words why a file cannot be created', async () => {
    await expect(createPrivateFile(join(fresh(), 'x.tar.gz'))).rejects.toThrow(
      /^cannot create \/.*\/x\.tar\.gz: no such file or directory$/,
    );
  });
});

describe('makeDirs', () => {
  it('makes every missing directory of a path, each with the mode', () => {
    const top = fresh();
    const old = process.umask(0);
    try {
      makeDirs(join(top, 'a', 'b'), 0o700);
    } finally {
      process.umask(old);
    }
    for (const d of [top, join(top, 'a'), join(top, 'a', 'b')]) expect(mode(d)).toBe('700');
    makeDirs(join(top, 'a', 'b'), 0o700); // there already: nothing to do
  });

  it('fails at once where the kernel will not make a directory (procfs), where recursive mkdir never returns', () => {
    const started = Date.now();
    expect(() => makeDirs('/proc/ipvstop-no-such/x', 0o700)).toThrow(/ENOENT/);
    expect(Date.now() - started).toBeLessThan(1000);
    const file = `${fresh()}.file`;
    writeFileSync(file, '');
    expect(() => makeDirs(join(file, 'x'), 0o700)).toThrow(/ENOTDIR/);
  });
});
