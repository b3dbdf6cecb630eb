/**
 * Boots the User-Mode Linux lab kernel (Debian's user-mode-linux package)
 * over the host's filesystem, read-only, and runs one job inside it as root.
 * Each run gets its own host directory, mounted in the guest at /run/io,
 * for the job's output and exit status; the directory is removed afterwards.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { type Followed, followFiles } from './follow.js';
import { LabError } from './labError.js';
import { reportScanner } from './reports.js';
import { forwardSizes, restoreTerminal, saveTerminal } from './terminal.js';
import { xstatePreload } from './xstatePreload.js';

export const UML_KERNEL = '/usr/bin/linux.uml';

/**
 * The repository root, as the guest sees it too (same path, read-only): the nearest directory above this
 * module with a package.json (this module is dist/lab/uml.js, or part of the bundle dist/ipvstop.cjs).
 */
export const REPO_ROOT = repoRoot(dirname(fileURLToPath(import.meta.url)));

function repoRoot(dir: string): string {
  const up = dirname(dir);
  return existsSync(join(dir, 'package.json')) || up === dir ? dir : repoRoot(up);
}

export interface LabRunOptions {
  /** Bash text run in the guest after base setup, with cwd at the repo root. */
  job: string;
  /**
   * 'tty' gives the guest the caller's terminal as its tty1 and the terminal's sizes as lines
   * on its tty2 (guest/monitor.sh uses both); the kernel console is captured in both modes.
   */
  console?: 'capture' | 'tty';
  /** Kill the guest after this many ms. */
  timeoutMs?: number;
  /** Kill the guest when this is aborted (the result then says timedOut, as for `timeoutMs`). */
  stop?: AbortSignal;
  /** Files of /run/io/out to copy to these streams as the guest writes them (they are in `files` too). */
  follow?: Followed;
  /** Extra environment for the job (names: [A-Z_]+). */
  env?: Record<string, string>;
  memMb?: number;
  /** Echo the guest console live to this stream. */
  echo?: NodeJS.WritableStream;
  /** Called with each report line of the guest scripts (see reports.ts), as it comes. */
  onReport?: (text: string) => void;
}

export interface LabRunResult {
  /** The job's exit status, or undefined when the guest died before writing it. */
  status: number | undefined;
  /** What the guest console printed. */
  console: string;
  /** Files the job wrote to /run/io/out/, by name. */
  files: Map<string, string>;
  timedOut: boolean;
}

/** The guest's ttys (major 4, minor N: UML's console conN) of the caller's terminal and its sizes (see monitor.sh). */
const TTY_MINOR = 1;
const SIZE_MINOR = 2;

export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

function stage2(env: Record<string, string>): string {
  const exports = Object.entries({ LAB_REPO: REPO_ROOT, ...env })
    .map(([k, v]) => `export ${k}=${shellQuote(v)}`)
    .join('\n');
  return `${exports}
. "$LAB_REPO/src/lab/guest/base.sh"
mkdir -p /run/io/out
cd "$LAB_REPO"
bash /run/io/job.sh
echo $? > /run/io/status
sync
poweroff -f
`;
}

function readOutFiles(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const out = join(dir, 'out');
  if (!existsSync(out)) return files;
  for (const name of readdirSync(out).sort()) files.set(name, readFileSync(join(out, name), 'utf8'));
  return files;
}

/** The kernel's console channels: con0 (printk and the job's stdio) always to our stderr pipe. */
function consoleArgs(tty: boolean): string[] {
  // In 'tty' mode the child's fds 3 and 4 are our terminal, 5 a pipe of size lines (see spawnKernel).
  const captured = ['con=null', 'con0=null,fd:2'];
  return tty ? [...captured, `con${TTY_MINOR}=fd:3,fd:4`, `con${SIZE_MINOR}=fd:5,null`] : captured;
}

/** Boots the guest, runs the job, and powers off. Never leaves a guest running. */
export async function runInLab(opts: LabRunOptions): Promise<LabRunResult> {
  if (!existsSync(UML_KERNEL)) {
    throw new LabError(
      `${UML_KERNEL} not found: install it with 'apt-get install user-mode-linux' (or run 'npm test', which does)`,
    );
  }
  const preload = xstatePreload(REPO_ROOT);
  const dir = mkdtempSync(join(tmpdir(), 'ipvstop-lab-'));
  const tty = opts.console === 'tty';
  const saved = tty ? saveTerminal() : undefined;
  try {
    writeFileSync(join(dir, 'stage2.sh'), stage2(opts.env ?? {}));
    writeFileSync(join(dir, 'job.sh'), opts.job);
    const follower = opts.follow ? followFiles(join(dir, 'out'), opts.follow) : undefined;
    const args = [
      `mem=${opts.memMb ?? 1024}M`,
      'rootfstype=hostfs',
      'rootflags=/',
      'ro',
      'quiet',
      `init=${REPO_ROOT}/src/lab/guest/boot.sh`,
      `LAB_RUN=${dir}`,
      `uml_dir=${dir}`,
      `TERM=${process.env.TERM ?? 'xterm-256color'}`,
      ...consoleArgs(tty),
    ];
    const onAbort = (): void => {
      follower?.stop();
      restoreTerminal(saved);
      rmSync(dir, { recursive: true, force: true });
    };
    const { console: text, timedOut } = await spawnKernel(args, tty, preload, opts, onAbort).finally(() =>
      follower?.stop(),
    );
    const statusFile = join(dir, 'status');
    const status = existsSync(statusFile) ? Number(readFileSync(statusFile, 'utf8').trim()) : undefined;
    return { status, console: text, files: readOutFiles(dir), timedOut };
  } finally {
    restoreTerminal(saved);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `onAbort` runs when our own SIGINT/SIGTERM/SIGHUP takes the guest down (no finally runs after it). */
function spawnKernel(
  args: string[],
  tty: boolean,
  preload: string,
  opts: LabRunOptions,
  onAbort: () => void,
): Promise<{ console: string; timedOut: boolean }> {
  return new Promise((resolve, reject) => {
    // Captured, the kernel gets its own process group: UML runs guest processes as host processes
    // that hold the console pipe, so killing the kernel alone could leave 'close' waiting forever.
    // On a terminal it must stay in the foreground group to read it.
    const child = spawn(UML_KERNEL, args, {
      stdio: tty ? ['ignore', 'pipe', 'pipe', 0, 1, 'pipe'] : ['ignore', 'pipe', 'pipe'],
      detached: !tty,
      env: { ...process.env, LD_PRELOAD: preload },
    });
    let text = '';
    let timedOut = false;
    let done = false;
    const sizes = tty ? forwardSizes(child.stdio.at(5) as Writable) : undefined;
    const scan = reportScanner((report) => {
      sizes?.resend();
      opts.onReport?.(report);
    });
    const onData = (b: Buffer): void => {
      const s = b.toString('utf8');
      text += s;
      scan(s);
      opts.echo?.write(s);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    // On a terminal, UML shares our process group: SIGTERM makes it kill its helper processes
    // before it exits (SIGKILL would leave them running).
    const killAll = (): void => {
      try {
        if (tty) child.kill('SIGTERM');
        else process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
    };
    const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
    const unlisten = (): void => {
      for (const s of signals) process.removeListener(s, onSignal);
    };
    // The guest does not die with us by itself: take it down, then die of the signal as we would have.
    function onSignal(signal: NodeJS.Signals): void {
      killAll();
      onAbort();
      unlisten();
      process.kill(process.pid, signal);
    }
    for (const s of signals) process.once(s, onSignal);
    const finish = (): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      opts.stop?.removeEventListener('abort', stop);
      unlisten();
      sizes?.stop();
      killAll(); // whatever of the guest is left
      resolve({ console: text, timedOut });
    };
    const stop = (): void => {
      timedOut = true;
      killAll();
    };
    const timer = opts.timeoutMs ? setTimeout(stop, opts.timeoutMs) : undefined;
    opts.stop?.addEventListener('abort', stop, { once: true });
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new LabError(`cannot start ${UML_KERNEL}: ${e.message}`));
    });
    // 'close' waits for the console pipe; once the kernel has exited, give it a moment, no more.
    child.on('exit', () => setTimeout(finish, 2000).unref());
    child.on('close', finish);
  });
}
