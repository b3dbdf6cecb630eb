/**
 * Measurements for `npm run bench`, taken inside the lab guest: CPU of a
 * process tree from /proc, bytes a program writes to its terminal (tmux
 * pipe-pane), peak RSS, and time to a screen. The same code measures ipvstop
 * and what it replaces, in the same boot, on the same table.
 */
import { execFileSync, execSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';

const TICK_MS = 1000 / 100; // USER_HZ is 100 on Linux

/** utime+stime of the process plus its reaped children, in ms. */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state): utime is field 14 -> index 11.
  const [ut, st, cut, cst] = [11, 12, 13, 14].map((i) => Number(fields[i]));
  return (ut! + st! + cut! + cst!) * TICK_MS;
}

/** Peak resident set (VmHWM) in MiB. */
export function peakRssMiB(pid: number): number {
  const kb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);
  return kb / 1024;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const SOCKET = '/run/bench-tmux.sock';
const tmux = (...args: string[]): string => execFileSync('tmux', ['-S', SOCKET, ...args], { encoding: 'utf8' });

/** A program running in a fixed-size tmux pane. */
export class Pane {
  private constructor(
    readonly name: string,
    readonly pid: number,
  ) {}

  static start(name: string, command: string, cols: number, rows: number): Pane {
    tmux('new-session', '-d', '-s', name, '-x', String(cols), '-y', String(rows), `exec ${command}`);
    const pid = Number(tmux('display-message', '-p', '-t', name, '#{pane_pid}').trim());
    return new Pane(name, pid);
  }

  text(): string {
    return tmux('capture-pane', '-p', '-t', this.name);
  }

  async waitFor(pattern: RegExp, timeoutMs = 60_000): Promise<number> {
    const start = performance.now();
    while (performance.now() - start < timeoutMs) {
      if (pattern.test(this.text())) return performance.now() - start;
      await sleep(50);
    }
    throw new Error(`bench: ${this.name} never showed ${pattern}:\n${this.text()}`);
  }

  /** Bytes the program writes to its terminal during `ms`. */
  async bytesDuring(ms: number): Promise<number> {
    const file = `/tmp/bench-bytes-${this.name}`;
    writeFileSync(file, '');
    tmux('pipe-pane', '-o', '-t', this.name, `cat >> ${file}`);
    await sleep(ms);
    tmux('pipe-pane', '-t', this.name);
    await sleep(200);
    return statSync(file).size;
  }

  /** Sends one key (tmux send-keys syntax: '?', 'Escape'). */
  keys(key: string): void {
    tmux('send-keys', '-t', this.name, key);
  }

  /** Copies what the program writes from now on into `file` (until stopRecording). */
  record(file: string): void {
    writeFileSync(file, '');
    tmux('pipe-pane', '-o', '-t', this.name, `cat >> ${file}`);
  }

  stopRecording(): void {
    tmux('pipe-pane', '-t', this.name);
  }

  /** CPU ms the program (and children it reaped) used during `ms`. */
  async cpuDuring(ms: number): Promise<number> {
    const before = cpuMs(this.pid);
    await sleep(ms);
    return cpuMs(this.pid) - before;
  }

  stop(): void {
    try {
      // Quiet: the program may have ended, and tmux's server with it.
      execFileSync('tmux', ['-S', SOCKET, 'kill-session', '-t', this.name], { stdio: 'ignore' });
    } catch {
      /* already gone */
    }
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Wall time of a shell pipeline, in ms (median of `runs`). */
export function timeShell(cmd: string, runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    execSync(cmd, { stdio: 'ignore', shell: '/bin/bash' });
    times.push(performance.now() - t);
  }
  return median(times);
}

/** `ipvsadm -R` rules for `services` TCP services with `dests` real servers each (RFC 2544 benchmark range). */
export function benchTableRules(services: number, dests: number): string {
  const rules: string[] = [];
  for (let s = 0; s < services; s++) {
    const vip = `198.18.${s >> 8}.${s & 255}`;
    rules.push(`-A -t ${vip}:80 -s wlc`);
    for (let d = 0; d < dests; d++) rules.push(`-a -t ${vip}:80 -r 198.19.${d}.${(s % 250) + 1}:8080 -m -w ${d + 1}`);
  }
  return `${rules.join('\n')}\n`;
}

/**
 * ipvsadm -R input that sets every real server of benchTableRules' table to a weight of its own, one more
 * than the table's on odd rounds and the table's own on even ones: every real server dump then changes.
 */
export function benchWeightEdits(services: number, dests: number, round: number): string {
  const rules: string[] = [];
  for (let s = 0; s < services; s++) {
    const vip = `198.18.${s >> 8}.${s & 255}`;
    for (let d = 0; d < dests; d++) {
      rules.push(`-e -t ${vip}:80 -r 198.19.${d}.${(s % 250) + 1}:8080 -m -w ${d + 1 + (round % 2)}`);
    }
  }
  return `${rules.join('\n')}\n`;
}
