/**
 * Runs the fleet screen full-screen, in the terminal a TerminalSession holds (as the monitor
 * runs): Enter lends that terminal to `ssh -t HOST ipvstop` through the session's handOver, the
 * same way Ctrl-Z lends it to the shell, and takes it back when ssh ends.
 */
import { render } from 'ink';
import { printable } from '../../errors.js';
import type { MonitorExit } from '../../kernel/exec/sshCommand.js';
import { BOUND_SEQUENCES } from '../keys/bindings.js';
import { TerminalInput } from '../screen/TerminalInput.js';
import { TerminalSession } from '../screen/terminalSession.js';
import { COLOR_THEME, PLAIN_THEME, ThemeContext } from '../theme.js';
import { FleetApp, type FleetSource } from './FleetApp.js';

export interface FleetRun {
  source: FleetSource;
  /** Runs the director's monitor on this terminal (`ssh -t`) until it ends. */
  openMonitor(host: string): Promise<MonitorExit>;
  noColor: boolean;
  stdout?: NodeJS.WriteStream;
  stdin?: NodeJS.ReadStream;
}

/** What to say once back from a director's monitor: nothing when it quit as asked (exit 0). */
export function monitorExitLine(host: string, e: MonitorExit): string | null {
  if (e.code === 0) return null;
  const how = e.code === null ? 'ssh did not run' : `ssh -t exited ${e.code}`;
  return printable(`${host}: ${how}${e.reason ? `: ${e.reason}` : ''}`);
}

/** Runs the fleet screen until q; the terminal comes back as it was whatever happens. */
export async function runFleetScreen(o: FleetRun): Promise<number> {
  const stdin = new TerminalInput(o.stdin ?? process.stdin, BOUND_SEQUENCES);
  const session = new TerminalSession(o.stdout ?? process.stdout, stdin);
  let instance: ReturnType<typeof render> | undefined;
  session.open(() => instance?.unmount());
  const onOpen = async (host: string): Promise<string | null> =>
    monitorExitLine(host, await session.handOver(() => o.openMonitor(host)));
  try {
    instance = render(
      <ThemeContext.Provider value={o.noColor ? PLAIN_THEME : COLOR_THEME}>
        <FleetApp source={o.source} onOpen={onOpen} />
      </ThemeContext.Provider>,
      {
        stdout: session.screen as unknown as NodeJS.WriteStream,
        stdin: stdin as unknown as NodeJS.ReadStream,
        exitOnCtrlC: false,
        debug: true,
        patchConsole: false,
      },
    );
    await instance.waitUntilExit();
    return 0;
  } finally {
    session.close();
  }
}
