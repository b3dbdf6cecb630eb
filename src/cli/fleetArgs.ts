/**
 * `ipvstop fleet HOST... --json`: its arguments. Host names go to ssh as data: one that starts
 * with `-` (ssh would read an option, `-oProxyCommand=...` runs a command) is refused, as is one
 * with a space or a control character.
 */
import type { Command } from 'commander';
import { hostProblem } from '../kernel/exec/sshCommand.js';
import { UsageError } from './errors.js';
import { watchSeconds } from './listArgs.js';

export interface FleetFlags {
  hosts: string[];
  json: boolean;
  /** Seconds between a director's documents (its `list --json --watch`). */
  interval: number;
  /** The ipvstop program on the directors (found on their PATH unless a path). */
  remoteCommand: string;
}

const MAX_REMOTE_COMMAND = 4096;

function fleetFlags(hosts: string[], o: { json?: boolean; interval?: string; remoteCommand?: string }): FleetFlags {
  for (const host of hosts) {
    const problem = hostProblem(host);
    if (problem !== undefined) throw new UsageError(`host '${host}': ${problem}`);
  }
  if (!o.json) throw new UsageError('fleet needs --json for now (the fleet screen is not there yet)');
  const remoteCommand = o.remoteCommand ?? 'ipvstop';
  if (
    remoteCommand === '' ||
    remoteCommand.length > MAX_REMOTE_COMMAND ||
    /[\u0000-\u001f\u007f]/.test(remoteCommand)
  ) {
    throw new UsageError('--remote-command: a program path, without control characters');
  }
  return { hosts, json: true, interval: watchSeconds(o.interval ?? '2', '--interval'), remoteCommand };
}

export function defineFleetCommand(program: Command, action: (f: FleetFlags) => Promise<void>): void {
  program
    .command('fleet')
    .description('every director at once over ssh (their `ipvstop list --json --watch`); for now --json only')
    .argument('<hosts...>', 'directors, as ssh names them (your ~/.ssh/config applies)')
    .option('--json', 'one document for all the hosts, then exit (3 when a host could not be read)')
    .option('--interval <seconds>', "seconds between a director's documents, 1-60", '2')
    .option(
      '--remote-command <path>',
      'ipvstop on the directors: the single executable on their PATH (e.g. /usr/local/sbin/ipvstop) or this path',
      'ipvstop',
    )
    .action(async (hosts: string[], o: { json?: boolean; interval?: string; remoteCommand?: string }) =>
      action(fleetFlags(hosts, o)),
    );
}
