/**
 * Runs the monitor full-screen and gives the terminal back whatever happens.
 * Ink 6.8 has no alternate screen option (it came with Ink 7, which needs Node 22), so we enter it ourselves and
 * leave it on quit, on SIGTERM / SIGHUP (an SSH drop must leave no process
 * behind) and on a crash, with the error printed once on the normal screen.
 */
import { render } from 'ink';
import type { KernelActions } from '../actions/types.js';
import { errorLine } from '../errors.js';
import type { HostInfo, MonitorSources } from '../kernel/sources.js';
import type { DoctorSource } from '../state/poller.js';
import { App } from './App.js';
import { Screen } from './screen/Screen.js';
import { TerminalInput } from './screen/TerminalInput.js';
import { COLOR_THEME, PLAIN_THEME, ThemeContext } from './theme.js';

export interface MonitorRun {
  sources: MonitorSources;
  /** The doctor's findings for the Doctor pane (see PollerOptions). */
  doctor?: DoctorSource;
  actions: KernelActions;
  host: HostInfo;
  intervalSec: number;
  readOnly: boolean;
  iface?: string;
  exact: boolean;
  noColor: boolean;
  stdout?: NodeJS.WriteStream;
  stdin?: NodeJS.ReadStream;
}

/**
 * Alternate screen on, cleared, cursor hidden, bracketed paste on (pastes come marked as such); and back.
 * The alternate screen is cleared before it is left: a terminal resized meanwhile may carry some of its
 * lines onto the shell's screen (tmux 3.3a did, 4 times in 5, after 80x24 -> 200x50 and `q`).
 */
const ENTER = '\x1b[?1049h\x1b[H\x1b[2J\x1b[?25l\x1b[?2004h';
const LEAVE = '\x1b[?2004l\x1b[0m\x1b[H\x1b[2J\x1b[?25h\x1b[?1049l';

export async function runMonitor(o: MonitorRun): Promise<number> {
  const stdout = o.stdout ?? process.stdout;
  const stdin = new TerminalInput(o.stdin ?? process.stdin);
  // A write to a hung-up terminal (SSH dropped) must not become a second crash.
  const write = (s: string): void => {
    try {
      if (stdout.writable) stdout.write(s);
    } catch {
      // Nothing left to draw on.
    }
  };
  stdout.on('error', () => {});

  let restored = false;
  let instance: ReturnType<typeof render> | undefined;
  const restore = (): void => {
    if (restored) return;
    restored = true;
    try {
      instance?.unmount();
    } catch {
      // Unmounting a broken tree may throw; the terminal still has to come back.
    }
    write(LEAVE);
  };

  // Die of the signal itself once the screen is restored, as a program without a handler would: the
  // status says why, and no exit handler touches a terminal that hung up (Node 20 aborts on
  // an EIO when it resets the tty at exit).
  const onSignal = (signal: NodeJS.Signals) =>
    function handler(): void {
      restore();
      process.off(signal, handler);
      process.kill(process.pid, signal);
    };
  const onTerm = onSignal('SIGTERM');
  const onHup = onSignal('SIGHUP');
  // kill -INT / -QUIT (Ctrl-C and Ctrl-\ are keys in raw mode, not signals) must restore the screen too.
  const onInt = onSignal('SIGINT');
  const onQuit = onSignal('SIGQUIT');
  // Ctrl-Z (a key in raw mode) or kill -TSTP: give the terminal back as it was, stop; on fg
  // (SIGCONT) take it again and draw the whole frame, since the shell has written over it.
  let suspended = false;
  let screen: Screen | undefined;
  function suspend(): void {
    if (suspended || restored) return;
    suspended = true;
    stdin.setRawMode(false);
    write(LEAVE);
    process.kill(process.pid, 'SIGSTOP');
  }
  function resume(): void {
    if (!suspended || restored) return;
    suspended = false;
    write(ENTER);
    stdin.setRawMode(true);
    screen?.redraw();
  }
  const onCrash = (e: unknown): void => {
    restore();
    process.stderr.write(`ipvstop: internal error: ${errorLine(e)}\n`);
    process.exit(1);
  };
  process.on('SIGTERM', onTerm);
  process.on('SIGHUP', onHup);
  process.on('SIGINT', onInt);
  process.on('SIGQUIT', onQuit);
  process.on('SIGTSTP', suspend);
  process.on('SIGCONT', resume);
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);

  write(ENTER);
  // Ink draws whole frames into the screen (debug mode: no log-update, no throttle); the screen writes the difference.
  screen = new Screen({
    get columns() {
      return stdout.columns;
    },
    get rows() {
      return stdout.rows;
    },
    write,
    on: (e, f) => stdout.on(e, f),
    off: (e, f) => stdout.off(e, f),
  });
  try {
    const config = {
      intervalMs: Math.round(o.intervalSec * 1000),
      exact: o.exact,
      refusal: o.actions.refusal,
      iface: o.iface,
    };
    instance = render(
      <ThemeContext.Provider value={o.noColor ? PLAIN_THEME : COLOR_THEME}>
        <App
          sources={o.sources}
          doctor={o.doctor}
          actions={o.actions}
          host={o.host}
          config={config}
          readOnly={o.readOnly}
          keyReads={stdin}
          onSuspend={suspend}
        />
      </ThemeContext.Provider>,
      {
        stdout: screen as unknown as NodeJS.WriteStream,
        stdin: stdin as unknown as NodeJS.ReadStream,
        exitOnCtrlC: false,
        debug: true,
        patchConsole: false,
      },
    );
    await instance.waitUntilExit();
    return 0;
  } finally {
    restore();
    stdin.close();
    screen?.detach();
    process.off('SIGTERM', onTerm);
    process.off('SIGHUP', onHup);
    process.off('SIGINT', onInt);
    process.off('SIGQUIT', onQuit);
    process.off('SIGTSTP', suspend);
    process.off('SIGCONT', resume);
    process.off('uncaughtException', onCrash);
    process.off('unhandledRejection', onCrash);
  }
}
