/**
 * The terminal while the monitor holds it: the alternate screen taken and given back on quit,
 * on SIGTERM / SIGHUP (an SSH drop must leave no process behind), on kill -INT / -QUIT, on a
 * crash (the error printed once on the normal screen), and around Ctrl-Z. Ink 6.8 has no
 * alternate screen option (it came with Ink 7, which needs Node 22), so we take it ourselves.
 */
import { errorLine } from '../../errors.js';
import { Screen } from './Screen.js';
import type { TerminalInput } from './TerminalInput.js';

/**
 * Alternate screen on, cleared, cursor hidden, bracketed paste on (pastes come marked as such); and back.
 * The alternate screen is cleared before it is left: a terminal resized meanwhile may carry some of its
 * lines onto the shell's screen (tmux 3.3a did, 4 times in 5, after 80x24 -> 200x50 and `q`).
 */
const ENTER = '\x1b[?1049h\x1b[H\x1b[2J\x1b[?25l\x1b[?2004h';
const LEAVE = '\x1b[?2004l\x1b[0m\x1b[H\x1b[2J\x1b[?25h\x1b[?1049l';

/** Signals that end the monitor; each restores the screen, then the process dies of it. */
const ENDING_SIGNALS = ['SIGTERM', 'SIGHUP', 'SIGINT', 'SIGQUIT'] as const;

export class TerminalSession {
  /** What Ink draws into: whole frames, of which the screen writes the difference. */
  readonly screen: Screen;
  private restored = false;
  private suspended = false;
  private lent = false;
  private unmount: (() => void) | undefined;
  private readonly handlers: [string, (e: unknown) => void][];

  constructor(
    private readonly stdout: NodeJS.WriteStream,
    private readonly stdin: Pick<TerminalInput, 'setRawMode' | 'close'>,
    /** Stops the process (tests pass their own). */
    private readonly stop: () => void = () => process.kill(process.pid, 'SIGSTOP'),
  ) {
    stdout.on('error', () => {});
    this.screen = new Screen({
      get columns() {
        return stdout.columns;
      },
      get rows() {
        return stdout.rows;
      },
      // No frame while suspended: on SIGCONT Node may run a due poll and its render before our
      // handler takes the alternate screen again, and that frame would land on the shell's screen.
      // resume() redraws the whole last frame anyway.
      write: (s) => {
        if (!this.suspended) this.write(s);
      },
      on: (e, f) => stdout.on(e, f),
      off: (e, f) => stdout.off(e, f),
    });
    const onCrash = (e: unknown): void => {
      this.restore();
      process.stderr.write(`ipvstop: internal error: ${errorLine(e)}\n`);
      process.exit(1);
    };
    this.handlers = [
      ...ENDING_SIGNALS.map((s): [string, () => void] => [s, this.dieOf(s)]),
      // Ctrl-Z (a key in raw mode) or kill -TSTP: give the terminal back as it was, stop; on fg
      // (SIGCONT) take it again and draw the whole frame, since the shell has written over it.
      ['SIGTSTP', () => this.suspend()],
      // While lent to another program, that program owns the terminal until it ends (handOver).
      ['SIGCONT', () => this.lent || this.resume()],
      ['uncaughtException', onCrash],
      ['unhandledRejection', onCrash],
    ];
  }

  /** Takes the screen; `unmount` is called (once) when it is given back. */
  open(unmount: () => void): void {
    this.unmount = unmount;
    for (const [event, f] of this.handlers) process.on(event, f);
    this.write(ENTER);
  }

  /** Gives the screen back (once), and lets go of the signals and the input. */
  close(): void {
    this.restore();
    this.stdin.close();
    this.screen.detach();
    for (const [event, f] of this.handlers) process.off(event, f);
  }

  suspend(): void {
    if (!this.leave()) return;
    this.stop();
  }

  /**
   * Lends the terminal to another program (the fleet's `ssh -t` to a director's monitor) as
   * Ctrl-Z lends it to the shell: the screen given back as it was and our input paused (so that
   * no key is read from under the program), frames held back meanwhile, and all taken again and
   * redrawn when `run` ends, however it ends.
   */
  async handOver<T>(run: () => Promise<T>): Promise<T> {
    if (!this.leave()) throw new Error('the terminal is not ours to hand over');
    this.lent = true;
    try {
      return await run();
    } finally {
      this.lent = false;
      this.resume();
    }
  }

  /** Gives the screen back for a while; false when it is not ours (already lent, or closed). */
  private leave(): boolean {
    if (this.suspended || this.restored) return false;
    this.suspended = true;
    this.stdin.setRawMode(false);
    this.write(LEAVE);
    return true;
  }

  private resume(): void {
    if (!this.suspended || this.restored) return;
    this.suspended = false;
    this.write(ENTER);
    this.stdin.setRawMode(true);
    this.screen.redraw();
  }

  private restore(): void {
    if (this.restored) return;
    this.restored = true;
    try {
      this.unmount?.();
    } catch {
      // Unmounting a broken tree may throw; the terminal still has to come back.
    }
    this.write(LEAVE);
  }

  /**
   * Die of the signal itself once the screen is restored, as a program without a handler would: the
   * status says why, and no exit handler touches a terminal that hung up (Node 20 aborts on
   * an EIO when it resets the tty at exit).
   */
  private dieOf(signal: NodeJS.Signals): () => void {
    const handler = (): void => {
      this.restore();
      process.off(signal, handler);
      process.kill(process.pid, signal);
    };
    return handler;
  }

  /** A write to a hung-up terminal (SSH dropped) must not become a second crash. */
  private write(s: string): void {
    try {
      if (this.stdout.writable) this.stdout.write(s);
    } catch {
      // Nothing left to draw on.
    }
  }
}
