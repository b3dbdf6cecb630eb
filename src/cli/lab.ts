/** `ipvstop lab`: boot the User-Mode Linux lab with live traffic and run ipvstop (or a command) in it. */
import { ensureLabPackages } from '../lab/deps.js';
import { consoleTail } from '../lab/reports.js';
import { type LabRunResult, runInLab, shellQuote } from '../lab/uml.js';
import { UsageError } from './errors.js';
import type { Io, LabFlags } from './program.js';

/** The last step before the monitor or the command takes over: a failure before it is the lab's own. */
const MONITOR_STEP = 'starting the monitor';
const COMMAND_STEP = 'running the command';
const TAIL_LINES = 20;

/** The monitor's options given to `ipvstop lab`, as the monitor's arguments (only those given). */
export function monitorArgs(flags: LabFlags): string[] {
  const args: string[] = [];
  if (flags.interval !== undefined) args.push('-i', String(flags.interval));
  if (flags.readOnly) args.push('--read-only');
  if (flags.iface !== undefined) args.push('--iface', flags.iface);
  if (flags.exact) args.push('--exact');
  if (flags.color === false) args.push('--no-color');
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
  if (flags.ha && flags.heartbeat) throw new UsageError('--ha and --heartbeat each start a pair: choose one');
  const ha = flags.ha ? `bash "$LAB_REPO/src/lab/guest/ha.sh" || exit 1\n` : '';
  const heartbeat = flags.heartbeat ? `bash "$LAB_REPO/src/lab/guest/hb.sh" || exit 1\n` : '';
  const setup = `bash "$LAB_REPO/src/lab/guest/start-lab.sh" || exit 1
${ha}${heartbeat}export PATH="$LAB_REPO/bin:$PATH"
`;
  const inDirector = directorPrefix(flags);
  if (flags.command !== undefined) {
    // bash -c: the whole command's output (a list, a pipeline, a loop), not its last part's.
    return `${setup}echo 'ipvstop-lab: ${COMMAND_STEP}' > /dev/console
${inDirector}bash -c "$LAB_COMMAND" > /run/io/out/stdout 2> /run/io/out/stderr
`;
  }
  const size = [process.stdout.rows ?? 24, process.stdout.columns ?? 80];
  const words = [...size.map(String), ...args].map(shellQuote).join(' ');
  return `${setup}${inDirector}bash "$LAB_REPO/src/lab/guest/monitor.sh" ${words}\n`;
}

export async function labCommand(flags: LabFlags, io: Io): Promise<number> {
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
  const r = await runInLab({
    job,
    console: interactive ? 'tty' : 'capture',
    timeoutMs: interactive ? undefined : 10 * 60_000,
    env: flags.command !== undefined ? { LAB_COMMAND: flags.command } : {},
    onReport: progress,
  });
  const ranToTheEnd = step === MONITOR_STEP || step === COMMAND_STEP;
  if (r.status === undefined || (r.status !== 0 && !ranToTheEnd)) return labFailed(r, step, io);
  if (!interactive) {
    io.stdout.write(r.files.get('stdout') ?? '');
    io.stderr.write(r.files.get('stderr') ?? '');
  }
  return r.status;
}

/** The lab itself failed: say where, with the end of the kernel's console. */
function labFailed(r: LabRunResult, step: string, io: Io): number {
  const how = r.status === undefined ? `the guest stopped${r.timedOut ? ' (timed out)' : ''}` : `exit ${r.status}`;
  io.stderr.write(`ipvstop: the lab failed while ${step} (${how}); the end of its console:\n`);
  for (const line of consoleTail(r.console, TAIL_LINES)) io.stderr.write(`  ${line}\n`);
  return 1;
}
