/**
 * Builds the preload that lets User-Mode Linux 6.1 boot on hosts whose CPU
 * has a larger XSAVE area than it expects (AVX-512, AMX): without it the
 * guest panics at boot with "ptrace set fp regs failed, errno = 14". The
 * source says why and how; it is compiled once per checkout into .lab/.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LabError } from './labError.js';

/** Path of the built preload, rebuilt when its source is newer. */
export function xstatePreload(repoRoot: string): string {
  const source = join(repoRoot, 'src/lab/xstate-preload.c');
  const dir = join(repoRoot, '.lab');
  const built = join(dir, 'xstate-preload.so');
  if (existsSync(built) && statSync(built).mtimeMs >= statSync(source).mtimeMs) return built;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  try {
    execFileSync('cc', ['-shared', '-fPIC', '-O2', '-Wall', '-o', built, source, '-ldl'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
  } catch (e) {
    const why = (e as { stderr?: Buffer }).stderr?.toString().trim().split('\n')[0] ?? (e as Error).message;
    throw new LabError(`cannot build the lab's XSAVE preload with cc (${why}); install gcc and libc6-dev`);
  }
  return built;
}
