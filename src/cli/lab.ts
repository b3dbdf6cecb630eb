/** `ipvstop lab`: boot the User-Mode Linux lab with live traffic and run ipvstop (or a command) in it. */
import { ensureLabPackages } from '../lab/deps.js';
import { consoleTail } from '../lab/reports.js';
import { type LabRunResult, runInLab, shellQuote } from '../lab/uml.js';
import { isSingleExecutable } from '../singleExecutable.js';
import { UsageError } from './errors.js';
import { type Io, LAB_TIMEOUT_DEFAULT, type LabFlags } from './program.js';

/** The last step before the monitor or the command takes over: a failure before it is the lab's own. */
const MONITOR_STEP = 'starting the monitor';
const COMMAND_STEP = 'running the command';
const TAIL_LINES = 20;
/** Booting and building the site take under a minute; a lab that is not running the command by then is stuck. */
const SETUP_LIMIT_MS = 10 * 60_000;
/** As timeout(1): the command ran past its --timeout. */
export const EXIT_TIMED_OUT = 124;

/** The monitor's options given to `ipvstop lab`, as the monitor's arguments (only those given). */
export function monitorArgs(flags: LabFlags): string[] {
  const args: string[] = [];
  if (flags.interval !== undefined) args.push('-i', String(flags.interval));
  if (flags.readOnly) args.push('--read-only');
  if (flags.iface !== undefined) args.push('--iface', flags.iface);
  if (flags.exact) args.push('--exact');
  if (flags.color === false) args.push('--no-color');
  if (flags.highlight === false) args.push('--no-highlight');
  if (flags.history !== undefined) args.push('--history', `${Math.round(flags.history / 1000)}s`);
  if (args.length > 0 && flags.command !== undefined) {
    const given = args.filter((a) => a.startsWith('-')).join(' ');
    throw new UsageError(
      `--command runs a command instead of the monitor: it takes none of the monitor's options (${given})`,
    );
  }
  return args;
}

/** With --ha, the HA pair's first director (a network namespace with its own IPVS table and keepalived). */
export const HA_DIRECTOR = 'ha-a';

/**
 * With --heartbeat, the heartbeat pair's first node: a network, mount and UTS namespace of its
 * own (its /etc/ha.d, /run and host name, as on a machine of its own), entered through the pid
 * hb.sh keeps for it.
 */
export const HEARTBEAT_NODE = 'hb-d1';

/** The prefix that runs a command in the chosen director, as it sees itself. */
function directorPrefix(flags: LabFlags): string {
  if (flags.heartbeat) return `nsenter -t "$(cat /run/ipvstop-hb/${HEARTBEAT_NODE}.ns)" -m -n -u `;
  return flags.ha ? `ip netns exec ${HA_DIRECTOR} ` : '';
}

/** The guest job: the site, then the monitor on the caller's terminal or the command into files. */
export function labJob(flags: LabFlags): string {
  const args = monitorArgs(flags);
  if (flags.timeout !== undefined && flags.command === undefined) {
    throw new UsageError('--timeout limits --command: the monitor runs until you quit it');
  }
  if (flags.ha && flags.heartbeat) throw new UsageError('--ha and --heartbeat each start a pair: choose one');
  const ha = flags.ha ? `bash "$LAB_REPO/src/lab/guest/ha.sh" || exit 1\n` : '';
  const heartbeat = flags.heartbeat ? `bash "$LAB_REPO/src/lab/guest/hb.sh" || exit 1\n` : '';
  const setup = `bash "$LAB_REPO/src/lab/guest/start-lab.sh" || exit 1
${ha}${heartbeat}export PATH="$LAB_REPO/bin:$PATH"
`;
  const inDirector = directorPrefix(flags);
  if (flags.command !== undefined) {
    // bash -c: the whole command's output (a list, a pipeline, a loop), not its last part's. Into files
    // on the host's disk (/run/io), which the host follows as they grow.
    return `${setup}echo 'ipvstop-lab: ${COMMAND_STEP}' > /dev/console
${inDirector}bash -c "$LAB_COMMAND" > /run/io/out/stdout 2> /run/io/out/stderr
`;
  }
  const size = [process.stdout.rows ?? 24, process.stdout.columns ?? 80];
  const words = [...size.map(String), ...args].map(shellQuote).join(' ');
  return `${setup}${inDirector}bash "$LAB_REPO/src/lab/guest/monitor.sh" ${words}\n`;
}

/**
 * The lab boots a kernel over the repository's files (its guest scripts, node_modules, a C preload built with gcc):
 * the single executable carries none of them. `lab` still answers there (the man page and README shipped with it
 * describe it), in one line, rather than installing packages and failing on the way.
 */
const NEEDS_REPOSITORY =
  'ipvstop lab needs the repository, not the single executable: in a clone, run npm ci && ./bin/ipvstop lab';

export async function labCommand(flags: LabFlags, io: Io): Promise<number> {
  if (isSingleExecutable()) {
    io.stderr.write(`ipvstop: ${NEEDS_REPOSITORY}\n`);
    return 1;
  }
  const job = labJob(flags); // refuses bad combinations before anything is installed or booted
  const interactive = flags.command === undefined;
  if (interactive && !(process.stdin.isTTY && process.stdout.isTTY)) {
    io.stderr.write('ipvstop: the lab monitor needs a terminal; use --command to run something else\n');
    return 2;
  }
  ensureLabPackages((line) => io.stderr.write(`${line}\n`));
  const started = performance.now();
  let step = 'booting the kernel';
  // Once the guest opens the terminal, UML keeps it in raw mode: a bare \n would not return the cursor.
  const eol = (io.stderr as { isTTY?: boolean }).isTTY ? '\r\n' : '\n';
  const progress = (text: string): void => {
    step = text;
    io.stderr.write(`lab [${((performance.now() - started) / 1000).toFixed(1)} s] ${text}${eol}`);
  };
  progress(step);
  const limit = commandLimit(flags.timeout);
  const r = await runInLab({
    job,
    console: interactive ? 'tty' : 'capture',
    stop: interactive ? undefined : limit.signal,
    env: flags.command !== undefined ? { LAB_COMMAND: flags.command } : {},
    follow: interactive ? undefined : { stdout: io.stdout, stderr: io.stderr },
    onReport: (text) => {
      progress(text);
      if (text === COMMAND_STEP) limit.commandStarted();
    },
  });
  limit.clear();
  const ranToTheEnd = step === MONITOR_STEP || step === COMMAND_STEP;
  if (limit.hit() && step === COMMAND_STEP) {
    io.stderr.write(`ipvstop: the command ran past --timeout ${duration(limit.seconds)} and was stopped\n`);
    return EXIT_TIMED_OUT;
  }
  if (r.status === undefined || (r.status !== 0 && !ranToTheEnd)) return labFailed(r, step, io);
  return r.status;
}

/** "90 s", "30 min", "2 h 5 min": the limit as the user may have typed it. */
function duration(seconds: number): string {
  if (seconds % 60 !== 0) return `${seconds} s`;
  const h = Math.floor(seconds / 3600);
  const m = (seconds % 3600) / 60;
  return [h ? `${h} h` : '', m ? `${m} min` : ''].filter(Boolean).join(' ');
}

/** The setup's fixed limit, then the command's (`--timeout`, 0 for none) from when it starts. */
function commandLimit(timeout: number | undefined) {
  const seconds = timeout ?? LAB_TIMEOUT_DEFAULT;
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined = setTimeout(() => controller.abort(), SETUP_LIMIT_MS);
  let commandHit = false;
  return {
    seconds,
    signal: controller.signal,
    commandStarted: (): void => {
      clearTimeout(timer);
      timer =
        seconds === 0
          ? undefined
          : setTimeout(() => {
              commandHit = true;
              controller.abort();
            }, seconds * 1000);
    },
    hit: (): boolean => commandHit,
    clear: (): void => clearTimeout(timer),
  };
}

/** The lab itself failed: say where, with the end of the kernel's console. */
function labFailed(r: LabRunResult, step: string, io: Io): number {
  const how = r.status === undefined ? `the guest stopped${r.timedOut ? ' (timed out)' : ''}` : `exit ${r.status}`;
  io.stderr.write(`ipvstop: the lab failed while ${step} (${how}); the end of its console:\n`);
  for (const line of consoleTail(r.console, TAIL_LINES)) io.stderr.write(`  ${line}\n`);
  return 1;
}
