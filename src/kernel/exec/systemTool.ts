/**
 * Runs the system tools ipvstop needs (arping, ip, logger). ipvstop runs as root, so a tool is
 * taken from fixed system directories, never looked up through the caller's PATH (a directory on
 * it that another user can write would run their program as root); it is run without a shell,
 * from an argument array, with a minimal environment.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { promisify } from 'node:util';

/** Where system tools live, searched in this order. */
export const SYSTEM_DIRS: readonly string[] = ['/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/** The environment a tool runs with: nothing of the caller's (LD_PRELOAD, PATH, locale). */
const TOOL_ENV = { PATH: SYSTEM_DIRS.join(':'), LC_ALL: 'C' };

/** Enough for any answer of the tools above; a runaway tool is cut off, not buffered. */
const MAX_OUTPUT_BYTES = 1 << 20;

export class ToolNotFoundError extends Error {
  override readonly name = 'ToolNotFoundError';
  constructor(readonly tool: string) {
    super(`${tool} not found in ${SYSTEM_DIRS.join(', ')}`);
  }
}

export interface ToolOutput {
  stdout: string;
  stderr: string;
}

/** Runs `tool` with `args`; rejects when it cannot be found or run, exits non-zero, or times out. */
export type ToolRunner = (tool: string, args: readonly string[], timeoutMs: number) => Promise<ToolOutput>;

/** The path of an executable `tool` (a bare name) in `dirs`, or undefined. */
export function findSystemTool(tool: string, dirs: readonly string[] = SYSTEM_DIRS): string | undefined {
  if (!/^[a-z][a-z0-9_-]*$/.test(tool)) return undefined;
  for (const dir of dirs) {
    try {
      accessSync(`${dir}/${tool}`, constants.X_OK);
      return `${dir}/${tool}`;
    } catch {
      // Not here: try the next directory.
    }
  }
  return undefined;
}

const execFileAsync = promisify(execFile);

export const runSystemTool: ToolRunner = async (tool, args, timeoutMs) => {
  const path = findSystemTool(tool);
  if (path === undefined) throw new ToolNotFoundError(tool);
  return execFileAsync(path, [...args], {
    env: TOOL_ENV,
    timeout: timeoutMs,
    maxBuffer: MAX_OUTPUT_BYTES,
    encoding: 'utf8',
    shell: false,
  });
};
