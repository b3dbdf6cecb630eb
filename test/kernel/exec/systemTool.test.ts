/**
 * System tools are taken from the fixed system directories, never from the
 * caller's PATH, and run without a shell and without the caller's environment.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { findSystemTool, runSystemTool, SYSTEM_DIRS, ToolNotFoundError } from '../../../src/kernel/exec/systemTool.js';

const dir = mkdtempSync(join(tmpdir(), 'ipvstop-tools-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A shell script `name` in `dir` that would leave a mark if it ran. */
function plant(name: string, mode = 0o755): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\ntouch ${dir}/planted-${name}-ran\n`);
  chmodSync(path, mode);
  return path;
}

describe('findSystemTool', () => {
  const savedPath = process.env.PATH;
  afterEach(() => {
    process.env.PATH = savedPath;
  });

  it('takes the first executable in the given directories', () => {
    plant('tool-a');
    expect(findSystemTool('tool-a', ['/nonexistent', dir])).toBe(join(dir, 'tool-a'));
    plant('tool-b', 0o644);
    expect(findSystemTool('tool-b', [dir])).toBeUndefined();
  });

  it('never looks at PATH, and takes bare names only', () => {
    plant('env');
    process.env.PATH = `${dir}:${savedPath}`;
    const found = findSystemTool('env');
    expect(SYSTEM_DIRS.some((d) => found === `${d}/env`)).toBe(true);
    for (const name of [join(dir, 'tool-a'), '../tool-a', 'tool-a/..', '-h', '', 'a b']) {
      expect(findSystemTool(name, [dir])).toBeUndefined();
    }
  });
});

describe('runSystemTool', () => {
  it("runs with its own small environment, not the caller's", async () => {
    process.env.IPVSTOP_CANARY = 'leaked';
    try {
      const { stdout } = await runSystemTool('env', [], 3000);
      expect(stdout.trim().split('\n').sort()).toEqual(['LC_ALL=C', `PATH=${SYSTEM_DIRS.join(':')}`]);
    } finally {
      delete process.env.IPVSTOP_CANARY;
    }
  });

  it('passes each argument as one word, through no shell', async () => {
    const args = ['$(touch x)', 'a b', '; ls', '`id`', '*'];
    const { stdout } = await runSystemTool('printf', ['%s\\n', ...args], 3000);
    expect(stdout).toBe(args.map((a) => `${a}\n`).join(''));
  });

  it('says which directories it searched for a missing tool', async () => {
    await expect(runSystemTool('no-such-tool-here', [], 3000)).rejects.toThrow(ToolNotFoundError);
    await expect(runSystemTool('no-such-tool-here', [], 3000)).rejects.toThrow(
      'no-such-tool-here not found in /usr/sbin, /usr/bin, /sbin, /bin',
    );
  });
});
