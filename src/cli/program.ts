/**
 * The command line: `ipvstop` (the monitor), `list` (ipvsadm -L -n compatible, or JSON), `conns`
 * (the connection table, connsArgs.ts), `weight`, `drain` and `undrain` (weightProgram.ts),
 * `doctor`, `exporter` (exporterArgs.ts), `lab`, `record` and `replay` (historyArgs.ts), `snapshot`
 * (snapshotArgs.ts). run() returns the exit code and never lets an exception out as a stack trace.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { errorLine, printable } from '../errors.js';
import { interfaceNameProblem } from '../kernel/net/interfaceName.js';
import { type ConnsFlags, defineConnsCommand } from './connsArgs.js';
import { exitCodeFor, UsageError } from './errors.js';
import { defineExporterCommand, type ExporterFlags } from './exporterArgs.js';
import { defineFleetCommand, type FleetFlags } from './fleetArgs.js';
import { addHistoryCommands, durationMs, type RecordFlags, type ReplayFlags } from './historyArgs.js';
import { type ListArg, type ListFlags, listFlags } from './listArgs.js';
import { defineSnapshotCommand, type SnapshotFlags } from './snapshotArgs.js';
import { VERSION } from './version.js';
import { parseWeight, type WeightRequest } from './weightArgs.js';
import { addWeightCommands } from './weightProgram.js';

export interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export interface MonitorOptions {
  interval: number;
  readOnly: boolean;
  iface?: string;
  exact: boolean;
  color: boolean;
  /** False with --no-highlight. */
  highlight: boolean;
  /** --history: how far back `[` goes, ms (0: nothing kept). */
  history: number;
}

/** `ipvstop doctor`. */
export interface DoctorFlags {
  json: boolean;
  /** Send ARP requests for each VIP and see who answers. */
  arp: boolean;
}

/** `ipvstop lab`: the monitor's options that were given (none with --command), or a command. */
export interface LabFlags extends Partial<MonitorOptions> {
  command?: string;
  /** With --command: stop it after this many seconds (0: never). */
  timeout?: number;
  /** Also start the HA pair and run in its first director's network namespace. */
  ha?: boolean;
  /** Also start the heartbeat pair and run on its first node, as that node sees itself. */
  heartbeat?: boolean;
}

/** What each command does; injected so tests can run the parser alone. */
export interface Handlers {
  monitor(opts: MonitorOptions, io: Io): Promise<number>;
  list(flags: ListFlags, io: Io): Promise<number>;
  lab(flags: LabFlags, io: Io): Promise<number>;
  /** `weight`, `drain` and `undrain`. */
  weights(request: WeightRequest, io: Io): Promise<number>;
  conns(flags: ConnsFlags, io: Io): Promise<number>;
  doctor(flags: DoctorFlags, io: Io): Promise<number>;
  fleet(flags: FleetFlags, io: Io): Promise<number>;
  record(flags: RecordFlags, io: Io): Promise<number>;
  replay(flags: ReplayFlags, io: Io): Promise<number>;
  /** `snapshot`: one archive for an incident ticket. */
  snapshot(flags: SnapshotFlags, io: Io): Promise<number>;
  /** `exporter`: runs until SIGTERM or SIGINT. */
  exporter(flags: ExporterFlags, io: Io): Promise<number>;
}

/** Each handler's name, once: a command added to Handlers and not here is a compile error. */
const HANDLER_NAMES = Object.keys({
  monitor: true,
  list: true,
  lab: true,
  weights: true,
  conns: true,
  doctor: true,
  fleet: true,
  record: true,
  replay: true,
  snapshot: true,
  exporter: true,
} satisfies Record<keyof Handlers, true>) as (keyof Handlers)[];

/** Handlers that all do `answer` (the man page's definitions; tests' stubs, with their own over them). */
export function everyHandler(answer: () => Promise<number>): Handlers {
  return Object.fromEntries(HANDLER_NAMES.map((name) => [name, answer])) as unknown as Handlers;
}

export const INTERVAL_MIN = 0.2;
export const INTERVAL_MAX = 60;

/** Seconds, fractions allowed, bounded: below 0.2 s polling competes with keepalived for the IPVS mutex. */
export function parseInterval(text: string): number {
  const n = Number(text);
  if (!/^\d*\.?\d+$/.test(text.trim()) || !Number.isFinite(n) || n < INTERVAL_MIN || n > INTERVAL_MAX) {
    throw new InvalidArgumentError(`must be a number of seconds from ${INTERVAL_MIN} to ${INTERVAL_MAX}`);
  }
  return n;
}

/** The longest `lab --timeout`: a day. */
export const LAB_TIMEOUT_MAX = 24 * 3600;
/** `lab --timeout`'s default, in seconds. */
export const LAB_TIMEOUT_DEFAULT = 3600;

/** Seconds, or a whole number with s, m or h (90, 90s, 30m, 2h); 0 is no limit. */
export function parseDuration(text: string): number {
  const m = /^(\d{1,6})([smh]?)$/.exec(text.trim());
  const n = m ? Number(m[1]) * ({ '': 1, s: 1, m: 60, h: 3600 } as Record<string, number>)[m[2]!]! : Number.NaN;
  if (!(n >= 0 && n <= LAB_TIMEOUT_MAX)) {
    throw new InvalidArgumentError('must be a duration such as 90, 90s, 30m or 2h (at most 24h; 0: no limit)');
  }
  return n;
}

/** The one rule for interface names (kernel/net/interfaceName.ts): Linux's, and no leading `-` or controls. */
function parseIface(text: string): string {
  const problem = interfaceNameProblem(text);
  if (problem !== undefined) {
    throw new InvalidArgumentError(
      `must be an interface name (1-15 bytes; no /, : or spaces; no leading -): ${problem}`,
    );
  }
  return text;
}

/** The monitor's history by default: the last 15 minutes. */
const HISTORY_DEFAULT = '15m';
const HISTORY_DEFAULT_MS = 15 * 60_000;

/** `--history`: a duration from a minute to two hours (memory grows with it), or 0. */
function parseHistory(text: string): number {
  const ms = text.trim() === '0' ? 0 : durationMs(text);
  if (ms === undefined || (ms !== 0 && (ms < 60_000 || ms > 2 * 3_600_000))) {
    throw new InvalidArgumentError('must be a duration from 1m to 2h, such as 15m or 1h (0: no history)');
  }
  return ms;
}

/** The monitor's options (`ipvstop lab` takes them too). */
function addMonitorOptions(cmd: Command): Command {
  return cmd
    .option('-i, --interval <seconds>', `refresh interval, ${INTERVAL_MIN}-${INTERVAL_MAX} s`, parseInterval, 1)
    .option('--read-only', 'never act on the kernel (action keys are off)', false)
    .option('--iface <name>', 'interface for ARP flush and gratuitous ARP', parseIface)
    .option('--exact', 'full numbers instead of K/M/G', false)
    .option('--no-color', 'no colours (NO_COLOR is honoured too)')
    .option('--no-highlight', 'no change highlighting (changed values, new and gone rows)')
    .addOption(
      // The default shown as it is typed (15m), not as the milliseconds it parses to.
      new Option('--history <duration>', 'how far back `[` and `{` go: 1m-2h, or 0 to keep none')
        .argParser(parseHistory)
        .default(HISTORY_DEFAULT_MS, HISTORY_DEFAULT),
    );
}

/** The options typed on the command line, without defaults. */
function givenOptions(cmd: Command): Record<string, unknown> {
  return Object.fromEntries(Object.entries(cmd.opts()).filter(([name]) => cmd.getOptionValueSource(name) === 'cli'));
}

function buildProgram(h: Handlers, io: Io, done: (code: number) => void): Command {
  const program = new Command('ipvstop')
    .description('A live terminal monitor for Linux IPVS load balancers')
    .version(VERSION, '-V, --version')
    .enablePositionalOptions();
  addMonitorOptions(program).action(async (opts: MonitorOptions) => done(await h.monitor(opts, io)));

  const list = program
    .command('list')
    .description('print the IPVS table like `ipvsadm -L -n`, or as JSON')
    .option('-n, --numeric', 'numeric output (always; accepted for ipvsadm compatibility)')
    .option('--stats', 'counters')
    .option('--rate', 'kernel rate estimates')
    .option('--exact', 'full numbers with --stats / --rate')
    .option('--thresholds', 'upper / lower connection thresholds')
    .option('--persistent-conn', 'persistent connection counts')
    .option('--tun-info', 'tunnel type, port and flags')
    .option('--timeout', 'tcp, tcpfin and udp timeouts')
    .option('--daemon', 'sync daemons')
    .option('-c, --connection', 'the connection table (/proc/net/ip_vs_conn)')
    .option('--nosort', "the kernel's order instead of sorted")
    .addOption(new Option('--sort', 'sorted (the default)').hideHelp())
    .option('-t, --tcp-service <addr:port>', 'only this TCP service')
    .option('-u, --udp-service <addr:port>', 'only this UDP service')
    .option('--sctp-service <addr:port>', 'only this SCTP service')
    .option('-f, --fwmark-service <mark>', 'only this fwmark service')
    .option('-6, --ipv6', 'after -f: an IPv6 fwmark service')
    .option('--json', 'one JSON snapshot (docs/json.md; its schema: docs/schemas/list.schema.json)')
    .option('--watch <seconds>', 'with --json: one document per line every SECONDS (1-60) until stdout closes')
    .action(async () => done(await h.list(listFlags(given), io)));
  // ipvsadm's checks depend on the order options came in, which commander's parsed values do not keep.
  const given: ListArg[] = [];
  for (const o of list.options) {
    const name = o.name();
    list.on(`option:${name}`, (value: unknown) => {
      given.push({ name, value: typeof value === 'string' ? value : undefined });
    });
  }

  addMonitorOptions(program.command('lab'))
    .description('boot the User-Mode Linux lab (IPVS, live traffic) and run ipvstop in it, with these options')
    .option('--command <cmd>', "run this shell command in the lab instead of the monitor (e.g. 'ipvsadm -L -n')")
    .option(
      '--timeout <duration>',
      `with --command: stop it after this long (90, 90s, 30m, 2h; 0: no limit; default ${LAB_TIMEOUT_DEFAULT / 60}m), say so and exit 124`,
      parseDuration,
    )
    .option('--ha', 'also start the HA pair (two directors with keepalived) and run on director ha-a')
    .option('--heartbeat', 'also start the heartbeat pair (heartbeat 3 and ldirectord) and run on its node hb-d1')
    // Only what was typed: the monitor in the guest applies its own defaults.
    .action(async (_flags: unknown, cmd: Command) => done(await h.lab(givenOptions(cmd) as LabFlags, io)));

  addWeightCommands(program, async (r) => done(await h.weights(r, io)));
  defineConnsCommand(program, async (f) => done(await h.conns(f, io)));
  defineFleetCommand(program, async (f) => {
    done(await h.fleet(f, io));
  });
  program
    .command('doctor')
    .description('what is misconfigured or going wrong on this director, and the remedy (exit 0-3 as a Nagios plugin)')
    .option('--json', 'findings as JSON, with stable rule ids')
    .option('--arp', 'also send ARP requests for each VIP and name every MAC that answers (logged)')
    .action(async (f: { json?: boolean; arp?: boolean }) =>
      done(await h.doctor({ json: f.json === true, arp: f.arp === true }, io)),
    );

  addHistoryCommands(
    program,
    async (f) => done(await h.record(f, io)),
    async (f) => done(await h.replay(f, io)),
  );
  defineSnapshotCommand(program, async (f) => done(await h.snapshot(f, io)));
  defineExporterCommand(program, async (f) => done(await h.exporter(f, io)));

  const output = {
    writeOut: (s: string) => io.stdout.write(s),
    writeErr: (s: string) => io.stderr.write(s),
    outputError: () => {},
  };
  for (const c of [program, ...program.commands]) {
    c.exitOverride((e) => {
      throw plainer(c, e);
    }).configureOutput(output);
  }
  return program;
}

/**
 * Commander's words where they mislead: `ipvstop bogus` reaches the monitor as an excess argument
 * ("too many arguments"), and `weight ... -1` reads -1 as an option (commands with `-6` take no
 * negative numbers as arguments).
 */
function plainer(c: Command, e: CommanderError): Error {
  if (c.parent === null && e.code === 'commander.excessArguments') {
    const names = c.commands.map((s) => s.name()).filter((n) => n !== 'help');
    return new UsageError(`unknown command '${c.args[0]}': the commands are ${names.join(', ')} (see ipvstop --help)`);
  }
  const negative = /^error: unknown option '(-[\d.]+)'$/.exec(e.message)?.[1];
  if (c.name() === 'weight' && e.code === 'commander.unknownOption' && negative !== undefined) {
    try {
      parseWeight(negative);
    } catch (invalid) {
      return invalid as Error;
    }
  }
  return e;
}

/** The command line's definitions alone (commands, options, descriptions): for the man page. */
export function programDefinition(): Command {
  return buildProgram(
    everyHandler(async () => 0),
    { stdout: process.stdout, stderr: process.stderr },
    () => {},
  );
}

/** Parses argv (without node and script) and runs the command; resolves with the exit code. */
export async function run(argv: string[], h: Handlers, io: Io): Promise<number> {
  let code = 0;
  const program = buildProgram(h, io, (c) => {
    code = c;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.exitCode === 0) return 0; // --help, --version
      // commander puts its "(Did you mean --stats?)" on a line of its own.
      const message = e.message.replace(/^error: /, '').replace(/\n\(Did you mean (.*)\)$/, '; did you mean $1');
      io.stderr.write(`ipvstop: ${printable(message)} (see ipvstop --help)\n`);
      return 2;
    }
    io.stderr.write(`ipvstop: ${errorLine(e)}\n`);
    return exitCodeFor(e);
  }
}

export type { ListFlags };
export { UsageError };
