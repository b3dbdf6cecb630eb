/**
 * `ipvstop fleet HOST... [--hosts FILE] [--once] [--json] [--drift]`: its arguments. Host names go to ssh as
 * data: one that starts with `-` (ssh would read an option, `-oProxyCommand=...` runs a command)
 * is refused, as is one with a space or a control character. Hosts from the command line come
 * first, then the file's; a name given twice is read once.
 */
import type { Command } from 'commander';
import { hostProblem } from '../kernel/exec/sshCommand.js';
import { UsageError } from './errors.js';
import { MAX_HOSTS, readHostsFile } from './hostsFile.js';
import { watchSeconds } from './listArgs.js';

export interface FleetFlags {
  hosts: string[];
  json: boolean;
  /** Print the table once and exit, even on a terminal (where fleet opens its screen). */
  once: boolean;
  /** Compare the hosts' IPVS tables and print the differences (exit 1 when there are some). */
  drift: boolean;
  /** Seconds between a director's documents (its `list --json --watch`). */
  interval: number;
  /** The ipvstop program on the directors (found on their PATH unless a path). */
  remoteCommand: string;
}

const MAX_REMOTE_COMMAND = 4096;

interface FleetOptions {
  json?: boolean;
  once?: boolean;
  drift?: boolean;
  hosts?: string;
  interval?: string;
  remoteCommand?: string;
}

/** The command line's hosts, each checked, then the file's; duplicates dropped, the first kept. */
function allHosts(given: string[], file: string | undefined): string[] {
  for (const host of given) {
    const problem = hostProblem(host);
    if (problem !== undefined) throw new UsageError(`host '${host}': ${problem}`);
  }
  const hosts = [...new Set([...given, ...(file === undefined ? [] : readHostsFile(file))])];
  if (hosts.length === 0) throw new UsageError('fleet needs a host, on the command line or in --hosts FILE');
  if (hosts.length > MAX_HOSTS) throw new UsageError(`fleet reads at most ${MAX_HOSTS} hosts`);
  return hosts;
}

function fleetFlags(given: string[], o: FleetOptions): FleetFlags {
  const hosts = allHosts(given, o.hosts);
  if (o.drift && hosts.length < 2) throw new UsageError('fleet --drift compares two hosts or more');
  const remoteCommand = o.remoteCommand ?? 'ipvstop';
  if (
    remoteCommand === '' ||
    remoteCommand.length > MAX_REMOTE_COMMAND ||
    /[\u0000-\u001f\u007f]/.test(remoteCommand)
  ) {
    throw new UsageError('--remote-command: a program path, without control characters');
  }
  return {
    hosts,
    json: o.json === true,
    once: o.once === true,
    drift: o.drift === true,
    interval: watchSeconds(o.interval ?? '2', '--interval'),
    remoteCommand,
  };
}

export function defineFleetCommand(program: Command, action: (f: FleetFlags) => Promise<void>): void {
  program
    .command('fleet')
    .description(
      "every director at once over ssh (their `ipvstop list --json --watch`): a row each, their pairs checked; on a terminal, a screen kept up to date (Enter: that director's monitor over ssh -t)",
    )
    .argument('[hosts...]', 'directors, as ssh names them (your ~/.ssh/config applies)')
    .option('--hosts <file>', "more directors: one a line, '#' comments and blank lines ignored")
    .option('--once', 'print the table once and exit (what fleet does when its output is no terminal)')
    .option('--json', 'one document for all the hosts, then exit (3 when a host could not be read)')
    .option('--drift', 'the differences between their IPVS tables, one a line (exit 0 none, 1 some, 3 a host unread)')
    .option('--interval <seconds>', "seconds between a director's documents, 1-60", '2')
    .option(
      '--remote-command <path>',
      'ipvstop on the directors: the single executable on their PATH (e.g. /usr/local/sbin/ipvstop) or this path',
      'ipvstop',
    )
    .action(async (hosts: string[], o: FleetOptions) => action(fleetFlags(hosts, o)));
}
