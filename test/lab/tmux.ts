/**
 * Drives the real monitor in tmux inside the lab guest: fixed-size sessions,
 * send-keys, capture-pane, resize; polls for the expected screen and shows
 * the screen when it never comes.
 */
import { spawnSync } from 'node:child_process';
import { ROOT } from './helpers.js';
import { pollUntil } from './polling.js';

const SOCKET = '/run/ipvstop-tmux.sock';

function tmux(...args: string[]): string {
  const r = spawnSync('tmux', ['-S', SOCKET, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tmux ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

export class Screen {
  constructor(readonly name: string) {}

  /**
   * Starts `ipvstop ARGS` in a new detached session of cols x rows. CI is unset: Ink draws nothing with it.
   * `netns`: run it in that network namespace (the HA pair's directors).
   */
  static start(name: string, args: string, cols = 80, rows = 24, netns?: string): Screen {
    const inNs = netns ? `ip netns exec ${netns} ` : '';
    return Screen.command(name, `${inNs}env -u CI TERM=xterm-256color node ${ROOT}bin/ipvstop ${args}`, cols, rows);
  }

  /** Starts a shell command (the monitor, as some install runs it) in a new detached session of cols x rows. */
  static command(name: string, command: string, cols = 80, rows = 24): Screen {
    const cmd = `${command}; echo "[exited $?]"; sleep 600`;
    tmux('new-session', '-d', '-s', name, '-x', String(cols), '-y', String(rows), cmd);
    return new Screen(name);
  }

  /** An interactive bash (job control: Ctrl-Z and fg) in a new detached session; type commands into it. */
  static shell(name: string, cols = 80, rows = 24): Screen {
    tmux(
      'new-session',
      '-d',
      '-s',
      name,
      '-x',
      String(cols),
      '-y',
      String(rows),
      'env -u CI TERM=xterm-256color bash --norc --noprofile -i',
    );
    return new Screen(name);
  }

  text(): string {
    return tmux('capture-pane', '-p', '-t', this.name);
  }

  /** The screen with its colours, as SGR sequences (tmux's own way of writing them). */
  styledText(): string {
    return tmux('capture-pane', '-p', '-e', '-t', this.name);
  }

  lines(): string[] {
    return this.text().replace(/\n+$/, '').split('\n');
  }

  keys(...keys: string[]): void {
    tmux('send-keys', '-t', this.name, ...keys);
  }

  /** Types text literally (no key-name lookup). */
  type(text: string): void {
    tmux('send-keys', '-l', '-t', this.name, text);
  }

  resize(cols: number, rows: number): void {
    tmux('resize-window', '-t', this.name, '-x', String(cols), '-y', String(rows));
  }

  alternateOn(): boolean {
    return tmux('display-message', '-p', '-t', this.name, '#{alternate_on}').trim() === '1';
  }

  /** Waits until the screen matches, else throws with the screen in the message. */
  waitFor(pattern: RegExp, timeoutMs = 15_000): Promise<string> {
    const matches = (text: string): boolean => pattern.test(text);
    return pollUntil(`the screen to match ${pattern}`, () => this.text(), matches, timeoutMs, { minPauseMs: 200 });
  }

  kill(): void {
    spawnSync('tmux', ['-S', SOCKET, 'kill-session', '-t', this.name]);
  }
}
