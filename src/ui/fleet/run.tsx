/**
 * Runs the fleet screen full-screen, in the terminal a TerminalSession holds (as the monitor
 * runs): Enter lends that terminal to `ssh -t HOST ipvstop` through the session's handOver, the
 * same way Ctrl-Z lends it to the shell, and takes it back when ssh ends.
 */
import { printable } from '../../errors.js';
import type { MonitorExit } from '../../kernel/exec/sshCommand.js';
import { runFullScreen } from '../screen/fullScreen.js';
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
export function runFleetScreen(o: FleetRun): Promise<number> {
  return runFullScreen(o, (session) => {
    const onOpen = async (host: string): Promise<string | null> =>
      monitorExitLine(host, await session.handOver(() => o.openMonitor(host)));
    return <FleetApp source={o.source} onOpen={onOpen} />;
  });
}
