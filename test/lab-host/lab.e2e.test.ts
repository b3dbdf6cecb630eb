/**
 * `ipvstop lab` as a newcomer meets it, driven in tmux on the host (each test boots the lab):
 * progress lines and no kernel console, the monitor options and terminal sizes reach the
 * monitor in the guest, the terminal is as it was after `q`; `--command` prints all it printed.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const MAIN = fileURLToPath(new URL('../../bin/ipvstop', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'ipvstop-lab-e2e-'));
const SOCKET = join(dir, 'tmux.sock');
const STEPS = [
  'booting the kernel',
  'building the site',
  'starting the real servers and client traffic',
  'starting the monitor',
];
/** What the kernel and the guest's setup print on their console: never on the user's terminal. */
const CONSOLE_WORDS = /SELinux|mmapper|ubd|Powering off|reboot:|System halted|winch|modprobe|Kernel panic/;

const tmux = (...args: string[]): string => {
  const r = spawnSync('tmux', ['-S', SOCKET, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tmux ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};
const screen = (): string => tmux('capture-pane', '-p', '-t', 'lab');
const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Without blocking the worker's event loop for the length of a boot (vitest talks to it). */
function run(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, args);
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (b: Buffer) => {
      stdout += b.toString();
    });
    p.stderr.on('data', (b: Buffer) => {
      stderr += b.toString();
    });
    p.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

async function waitFor(pattern: RegExp, timeoutMs: number): Promise<string> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const text = screen();
    if (pattern.test(text)) return text;
    if (Date.now() > end) throw new Error(`screen never matched ${pattern}:\n${text}`);
    await pause(250);
  }
}

afterAll(() => {
  spawnSync('tmux', ['-S', SOCKET, 'kill-server']);
  rmSync(dir, { recursive: true, force: true });
});

describe('ipvstop lab on a terminal', () => {
  it('shows progress, the monitor with its options at every size, and leaves the terminal as it was', async () => {
    const before = join(dir, 'stty.before');
    const after = join(dir, 'stty.after');
    tmux(
      'new-session',
      '-d',
      '-s',
      'lab',
      '-x',
      '80',
      '-y',
      '24',
      `stty -g > ${before}; node ${MAIN} lab -i 0.5 --read-only; echo "[exited $?]"; stty -g > ${after}; sleep 600`,
    );
    const started = Date.now();
    // Ink takes seconds to load in the lab, longer while the machine is busy.
    const first = await waitFor(/TCP 192\.0\.2\.1:80[\s\S]*198\.51\.100\.13:80/, 240_000);
    console.log(`ipvstop lab: first frame after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    expect(first).toMatch(/READ-ONLY/);

    tmux('resize-window', '-t', 'lab', '-x', '200', '-y', '50');
    // The four-pane layout, Timeouts pane included, only fits at 200x50; the interval shows at that width.
    const big = await waitFor(/^(?=[\s\S]*2 Connections)(?=[\s\S]*tcp +\d+ s)(?=[\s\S]*4 ARP)/, 30_000);
    expect(big).toMatch(/every 500 ?ms/);
    tmux('resize-window', '-t', 'lab', '-x', '80', '-y', '24');
    await waitFor(/^(?![\s\S]*tcp +\d+ s)[\s\S]*\[1 Services\]/, 30_000);
    await pause(1500);
    expect(
      screen()
        .split('\n')
        .filter((l) => /\? Help/.test(l)),
    ).toHaveLength(1);

    tmux('send-keys', '-t', 'lab', 'q');
    const end = await waitFor(/\[exited \d+\]/, 60_000);
    expect(end).toMatch(/\[exited 0\]/);
    expect(tmux('display-message', '-p', '-t', 'lab', '#{alternate_on}').trim()).toBe('0');
    const lines = end.split('\n').filter((l) => l.trim() !== '');
    const step = /^lab \[\d+\.\d s\] /;
    const progress = lines.filter((l) => step.test(l)).map((l) => l.replace(step, ''));
    expect(progress.map((p, i) => p.startsWith(STEPS[i]!))).toEqual(STEPS.map(() => true));
    expect(end).not.toMatch(CONSOLE_WORDS);
    await pause(500);
    expect(readFileSync(after, 'utf8')).toBe(readFileSync(before, 'utf8'));
  }, 400_000);
});

describe('ipvstop lab with an interface the guest does not have', () => {
  it("shows the monitor's refusal, at the start of a line, and exits with its status", async () => {
    const cmd = `node ${MAIN} lab --iface nope0; echo "[exited $?]"; sleep 600`;
    tmux('new-session', '-d', '-s', 'iface', '-x', '100', '-y', '30', cmd);
    try {
      const end = Date.now() + 240_000;
      let text = '';
      while (!/\[exited \d+\]/.test(text)) {
        if (Date.now() > end) throw new Error(`never exited:\n${text}`);
        await pause(500);
        text = tmux('capture-pane', '-p', '-t', 'iface');
      }
      const refusal = /^lab \[\d+\.\d s\] starting the monitor\nipvstop: no such interface: nope0\n\[exited 2\]$/m;
      expect(text).toMatch(refusal);
    } finally {
      tmux('kill-session', '-t', 'iface');
    }
  }, 300_000);
});

describe('ipvstop lab --command', () => {
  it('prints everything the command printed, output and errors apart, and exits with its status', async () => {
    const r = await run([MAIN, 'lab', '--command', 'echo a; echo b >&2; echo c; ipvsadm -L -n; exit 3']);
    expect(r.status).toBe(3);
    const table = /^a\nc\nIP Virtual Server version [\d.]+ \(size=\d+\)\n[\s\S]*TCP {2}192\.0\.2\.1:80 rr\n/;
    expect(r.stdout).toMatch(table);
    const stderr = r.stderr.split('\n').filter(Boolean);
    expect(stderr.at(-1)).toBe('b');
    expect(stderr.slice(0, -1).map((l) => l.replace(/^lab \[\d+\.\d s\] /, ''))).toEqual([
      'booting the kernel',
      'building the site (network namespaces, IPVS services)',
      'starting the real servers and client traffic',
      'running the command',
    ]);
  }, 240_000);
});

describe('ipvstop lab --command --timeout', () => {
  it('streams the output as it comes, then stops the command at its limit: one line, exit 124', async () => {
    const arrived: { text: string; at: number }[] = [];
    const p = spawn(process.execPath, [
      MAIN,
      'lab',
      '--timeout',
      '8s',
      '--command',
      'echo first; echo first-err >&2; sleep 600; echo never',
    ]);
    let stderr = '';
    p.stdout.on('data', (b: Buffer) => arrived.push({ text: b.toString(), at: Date.now() }));
    p.stderr.on('data', (b: Buffer) => {
      stderr += b.toString();
    });
    const status = await new Promise<number | null>((resolve) => p.on('close', resolve));
    const ended = Date.now();
    expect(arrived.map((a) => a.text).join('')).toBe('first\n');
    // It came while the command still ran: the 8 s limit was still to run out (the output file is polled every 0.1 s).
    expect(ended - arrived[0]!.at).toBeGreaterThan(5_000);
    expect(stderr).toContain('first-err\n');
    expect(stderr.endsWith('ipvstop: the command ran past --timeout 8 s and was stopped\n')).toBe(true);
    expect(status).toBe(124);
  }, 240_000);
});
