/**
 * The caller's terminal while the interactive lab has it: User-Mode Linux puts
 * it in raw mode and may not put it back when the guest powers off, and it
 * cannot follow size changes (its resize helper needs the terminal as its own
 * controlling terminal, which ours already is). So we save and restore the
 * settings ourselves, and send each new size to the guest on a pipe.
 */
import { spawnSync } from 'node:child_process';
import type { Writable } from 'node:stream';

/** `stty -g` of our terminal (stdin), or undefined when there is none. */
export function saveTerminal(): string | undefined {
  const r = spawnSync('stty', ['-g'], { stdio: ['inherit', 'pipe', 'ignore'], encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

export function restoreTerminal(saved: string | undefined): void {
  if (saved !== undefined) spawnSync('stty', [saved], { stdio: ['inherit', 'ignore', 'ignore'] });
}

/** One line per size, `ROWS COLS`, as src/lab/guest/monitor.sh reads them. */
export function sizeLine(rows: number, cols: number): string {
  return `${rows} ${cols}\n`;
}

/**
 * Writes our terminal's size to `pipe` on every resize, and again on `resend()`: the guest
 * loses a line sent before it opens its end, so it says when it has (a report line).
 */
export function forwardSizes(pipe: Writable): { resend: () => void; stop: () => void } {
  const out = process.stdout;
  const send = (): void => {
    if (out.rows && out.columns && pipe.writable) pipe.write(sizeLine(out.rows, out.columns));
  };
  pipe.on('error', () => {}); // the guest is gone: nothing left to resize
  out.on('resize', send);
  return {
    resend: send,
    stop: () => {
      out.removeListener('resize', send);
    },
  };
}
