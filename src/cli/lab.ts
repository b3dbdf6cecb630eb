/** `ipvstop lab`: boot the User-Mode Linux lab with live traffic and run ipvstop (or a command) in it. */
import { ensureLabPackages } from '../lab/deps.js';
import { runInLab } from '../lab/uml.js';
import type { Io, LabFlags } from './program.js';

export async function labCommand(flags: LabFlags, io: Io): Promise<number> {
  ensureLabPackages((line) => io.stderr.write(`${line}\n`));
  const interactive = flags.command === undefined && process.stdin.isTTY && process.stdout.isTTY;
  if (flags.command === undefined && !interactive) {
    io.stderr.write('ipvstop: the lab monitor needs a terminal; use --command to run something else\n');
    return 2;
  }
  const inner = flags.command ?? 'node "$LAB_REPO/dist/cli/main.js"';
  const job = `bash "$LAB_REPO/src/lab/guest/start-lab.sh" >/dev/null 2>&1 || { echo 'lab: setup failed' >&2; exit 1; }
export PATH="$LAB_REPO/bin:$PATH"
stty rows ${process.stdout.rows ?? 24} cols ${process.stdout.columns ?? 80} 2>/dev/null
${inner}`;
  const r = await runInLab({
    job: interactive ? job : `${job} > /run/io/out/stdout 2>&1`,
    console: interactive ? 'tty' : 'capture',
    timeoutMs: interactive ? undefined : 10 * 60_000,
  });
  if (!interactive) io.stdout.write(r.files.get('stdout') ?? '');
  if (r.status === undefined) {
    io.stderr.write(`ipvstop: the lab guest stopped without a status${r.timedOut ? ' (timed out)' : ''}\n`);
    return 1;
  }
  return r.status;
}
