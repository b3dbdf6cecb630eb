/**
 * `ipvstop fleet HOST...` on a terminal: the fleet screen, every director's session kept running
 * (reconnected with backoff, FleetSession) until q, Enter opening a director's own monitor over
 * `ssh -t HOST REMOTE`. Ink is loaded only here.
 */
import { runSshMonitor, spawnSshWatch } from '../kernel/exec/sshCommand.js';
import { FleetWatch } from '../state/fleetWatch.js';
import type { FleetFlags } from './fleetArgs.js';
import { type TerminalFacts, terminalProblem } from './terminal.js';

/** Whether `fleet` opens its screen: a terminal on both ends that can move the cursor, and neither --json, --drift nor --once. */
export function wantsFleetScreen(f: Pick<FleetFlags, 'json' | 'drift' | 'once'>, terminal: TerminalFacts): boolean {
  return !f.json && !f.drift && !f.once && terminalProblem(terminal) === undefined;
}

export async function fleetScreenCommand(f: FleetFlags): Promise<number> {
  const noColor = (process.env.NO_COLOR ?? '') !== '';
  if (noColor) process.env.FORCE_COLOR = '0';
  // As the monitor (cli/monitor.ts): with CI set Ink draws only at exit; React's production build costs less a frame.
  for (const v of ['CI', 'CONTINUOUS_INTEGRATION']) if (v in process.env) process.env[v] = 'false';
  process.env.NODE_ENV ??= 'production';
  const { runFleetScreen } = await import('../ui/fleet/run.js');
  const watch = new FleetWatch({
    hosts: f.hosts,
    intervalS: f.interval,
    start: (host) => spawnSshWatch(host, f.remoteCommand, f.interval),
  });
  watch.start();
  try {
    return await runFleetScreen({
      source: watch,
      openMonitor: (host) => runSshMonitor(host, f.remoteCommand),
      noColor,
    });
  } finally {
    watch.stop();
  }
}
