/**
 * The ssh command that reads a director's `ipvstop list --json --watch`: the user's own ssh
 * (their ~/.ssh/config, keys, agent and jump hosts), never a local shell, never a prompt.
 */
import { spawn } from 'node:child_process';
import { shellWord } from './shellQuote.js';

/** ssh's options for a program: no terminal, no prompt, a bounded connect, a dead session noticed. */
export const SSH_OPTIONS = [
  '-T',
  '-o',
  'BatchMode=yes',
  '-o',
  'ConnectTimeout=10',
  '-o',
  'ServerAliveInterval=5',
  '-o',
  'ServerAliveCountMax=3',
] as const;

const MAX_HOST_BYTES = 255;

/**
 * Why a host name cannot be given to ssh, or undefined: a leading `-` would be read as an option
 * (`-oProxyCommand=...` runs a command); controls and spaces are no host name.
 */
export function hostProblem(host: string): string | undefined {
  if (host === '') return 'empty';
  if (host.startsWith('-')) return 'starts with -';
  if (Buffer.byteLength(host) > MAX_HOST_BYTES) return `longer than ${MAX_HOST_BYTES} bytes`;
  if (/[\s\u0000-\u001f\u007f]/.test(host)) return 'has a space or a control character';
  return undefined;
}

/**
 * ssh's arguments. The remote side runs the command through the remote user's shell (ssh joins
 * its words with spaces), so the remote program's path is quoted as one word there.
 */
export function sshWatchArgs(host: string, remoteCommand: string, intervalS: number): string[] {
  const problem = hostProblem(host);
  if (problem !== undefined) throw new Error(`host name ${JSON.stringify(host)}: ${problem}`);
  return [...SSH_OPTIONS, '--', host, `${shellWord(remoteCommand)} list --json --watch ${intervalS}`];
}

/** The running ssh, as the fleet reads it. */
export interface RemoteProcess {
  stdout: NodeJS.ReadableStream;
  stderr: NodeJS.ReadableStream;
  kill(signal?: NodeJS.Signals): boolean;
  once(event: 'close', listener: (code: number | null, signal: NodeJS.Signals | null) => void): unknown;
  once(event: 'error', listener: (e: Error) => void): unknown;
}

/** Starts `ssh HOST REMOTE list --json --watch S` (ssh found on PATH, no shell); stdin is /dev/null. */
export function spawnSshWatch(
  host: string,
  remoteCommand: string,
  intervalS: number,
  env: NodeJS.ProcessEnv = process.env,
): RemoteProcess {
  return spawn('ssh', sshWatchArgs(host, remoteCommand, intervalS), { stdio: ['ignore', 'pipe', 'pipe'], env });
}

/**
 * ssh's arguments for a director's own monitor in this terminal: `-t` gives the remote program a
 * terminal. No BatchMode: a person is there to answer a passphrase or a host key (ssh asks on /dev/tty).
 */
export function sshMonitorArgs(host: string, remoteCommand: string): string[] {
  const problem = hostProblem(host);
  if (problem !== undefined) throw new Error(`host name ${JSON.stringify(host)}: ${problem}`);
  return ['-t', '--', host, shellWord(remoteCommand)];
}

/** How `ssh -t` ended: its exit code (the remote monitor's, or 255 for ssh's own errors) and ssh's last stderr line. */
export interface MonitorExit {
  code: number | null;
  reason: string | null;
}

/**
 * Runs `ssh -t HOST REMOTE` on this terminal (no shell) until it ends. Its input and output are the
 * terminal's; its stderr (ssh's own words: the remote program's go to the remote terminal) is kept
 * for its last line.
 */
export function runSshMonitor(host: string, remoteCommand: string): Promise<MonitorExit> {
  return new Promise((resolve) => {
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn('ssh', sshMonitorArgs(host, remoteCommand), { stdio: ['inherit', 'inherit', 'pipe'] });
    } catch (e) {
      resolve({ code: null, reason: e instanceof Error ? e.message : String(e) });
      return;
    }
    let err = '';
    child.stderr?.on('data', (b: Buffer) => {
      err = (err + b.toString('utf8')).slice(-4096);
    });
    let done = false;
    const end = (code: number | null, reason: string | null): void => {
      if (done) return;
      done = true;
      const last =
        err
          .split(/\r?\n/)
          .filter((l) => l.trim() !== '')
          .at(-1)
          ?.trim() ?? null;
      resolve({ code, reason: last ?? reason });
    };
    child.once('error', (e) => end(null, `cannot run ssh: ${e.message}`));
    child.once('close', (code, signal) => end(code, signal ? `ssh ended by ${signal}` : null));
  });
}
