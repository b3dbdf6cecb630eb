/**
 * The kube-proxy-scale half of the lab bench (issue: 10,000 services x 4 real servers): key-to-screen
 * latency idle and under churn, `ipvstop list` against `ipvsadm -L -n` (time and bytes), each next to
 * its anchor in the same boot.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync, readSync, statSync, writeFileSync } from 'node:fs';
import { type Pane, sleep, timeShell } from './measure.js';

/** Key presses measured per condition. */
const PRESSES = 15;

/** Latency percentiles of one condition, ms. */
export interface Latency {
  p50: number;
  p99: number;
  samples: number;
}

/** The p-th percentile (nearest rank): with 15 samples p99 is the slowest. */
export function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
}

/** Bytes of `file` from `offset` on. */
function tail(file: string, offset: number): string {
  const size = statSync(file).size;
  if (size <= offset) return '';
  const buf = Buffer.alloc(size - offset);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, buf, 0, buf.length, offset);
  } finally {
    closeSync(fd);
  }
  return buf.toString('latin1');
}

/**
 * A press of `?` (help opens) until the frame with the help is written to the terminal, as seen
 * by tmux's pipe of the pane's output: the word "Pause" of the help text is in no services row.
 * Help is closed between presses and the screen left to settle.
 */
export async function keyLatency(pane: Pane, name: string): Promise<Latency> {
  const file = `/tmp/bench-keys-${name}`;
  pane.record(file);
  const times: number[] = [];
  try {
    for (let i = 0; i < PRESSES; i++) {
      await sleep(700 + Math.random() * 600); // presses at random phases of the refresh
      const from = statSync(file).size;
      const start = performance.now();
      pane.keys('?');
      while (!/Pause/.test(tail(file, from))) {
        if (performance.now() - start > 60_000) throw new Error(`${name}: help never showed`);
        await sleep(5);
      }
      times.push(performance.now() - start);
      pane.keys('?');
    }
  } finally {
    pane.stopRecording();
  }
  return { p50: percentile(times, 50), p99: percentile(times, 99), samples: times.length };
}

/**
 * Adds and deletes `perSecond` services a second (198.18.200-249.x, one ipvsadm -R a second: the
 * previous second's services deleted, new ones added) until stopped.
 */
export function startChurn(perSecond: number): { stop(): void } {
  const script = `
    r=0
    while :; do
      r=$((r + 1))
      { for i in $(seq 1 ${perSecond}); do
          [ $r -gt 1 ] && echo "-D -t 198.18.$((200 + (r - 1) % 50)).$i:80"
          echo "-A -t 198.18.$((200 + r % 50)).$i:80 -s rr"
        done; } | ipvsadm -R 2>/dev/null
      sleep 1
    done`;
  const churn = spawn('bash', ['-c', script], { stdio: 'ignore', detached: true });
  return {
    stop: () => {
      if (churn.pid !== undefined) process.kill(-churn.pid, 'SIGKILL');
    },
  };
}

/** `ipvstop list` against `ipvsadm -L -n` on the loaded table: medians of `runs`, and whether the bytes are the same. */
export function listFigures(ipvstop: string, runs: number) {
  writeFileSync('/tmp/bench-list-ipvstop', '');
  const ours = timeShell(`${ipvstop} list > /tmp/bench-list-ipvstop`, runs);
  const theirs = timeShell('ipvsadm -L -n > /tmp/bench-list-ipvsadm', runs);
  return { ipvstopMs: ours, ipvsadmMs: theirs, identical: identical(), runs };
}

function identical(): boolean {
  try {
    timeShell('cmp -s /tmp/bench-list-ipvstop /tmp/bench-list-ipvsadm', 1);
    return true;
  } catch {
    return false; // cmp exits 1 when they differ
  }
}
