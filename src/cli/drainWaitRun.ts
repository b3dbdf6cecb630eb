/**
 * `drain --wait` as the command runs it: progress on stderr, and SIGINT or SIGTERM ends the wait
 * (not the process) so that the command still says what it changed and how to undo it.
 */
import { ipvsadmServerArg, ipvsadmServiceArg } from '../actions/describe.js';
import type { IpvsClient } from '../kernel/ipvs/client.js';
import { drainProgress, type ProgressStream } from './drainProgress.js';
import { type DrainTarget, describeRemaining, type WaitResult, waitDrained } from './drainWait.js';
import type { WeightRequest } from './weightArgs.js';

/** Exit status of `drain --wait` when the timeout came first. */
export const EXIT_WAIT_TIMEOUT = 3;

/** Exit statuses of an interrupted wait, as a shell reports a process ended by the signal: 128 + its number. */
const EXIT_INTERRUPTED = { SIGINT: 130, SIGTERM: 143 } as const;

export interface WaitOutcome extends WaitResult {
  /** The exit status the command ends with. */
  status: number;
}

/** The command that gives the servers their weights back. */
export function undrainCommand(r: WeightRequest, targets: readonly DrainTarget[]): string {
  if ('host' in r.target) return `ipvstop undrain --server ${r.target.host.address}`;
  return targets
    .map((t) => `ipvstop undrain ${ipvsadmServiceArg(t.service)} -r ${ipvsadmServerArg(t.dest)}`)
    .join('; ');
}

/** Waits as --wait asks, reporting on `stderr`; `json`: only the final JSON will say what is left. */
export async function runDrainWait(
  ipvs: IpvsClient,
  targets: readonly DrainTarget[],
  r: WeightRequest,
  stderr: ProgressStream,
): Promise<WaitOutcome> {
  const stop = new AbortController();
  let signal: keyof typeof EXIT_INTERRUPTED | undefined;
  const handlers = (Object.keys(EXIT_INTERRUPTED) as (keyof typeof EXIT_INTERRUPTED)[]).map((name) => {
    const handler = (): void => {
      signal ??= name;
      stop.abort();
    };
    process.on(name, handler);
    return () => process.off(name, handler);
  });
  const progress = drainProgress(stderr);
  try {
    const waited = await waitDrained(ipvs, targets, r.timeout, (left) => progress.update(left), { stop: stop.signal });
    progress.done();
    if (waited.interrupted) {
      stderr.write(
        `ipvstop: interrupted (${signal}); still drained (weight 0); undrain with: ${undrainCommand(r, targets)}\n`,
      );
      return { ...waited, status: EXIT_INTERRUPTED[signal ?? 'SIGINT'] };
    }
    if (!waited.drained && !r.json) {
      stderr.write(`ipvstop: not drained after ${r.timeout} s:\n${waited.left.map(describeRemaining).join('\n')}\n`);
    }
    return { ...waited, status: waited.drained ? 0 : EXIT_WAIT_TIMEOUT };
  } finally {
    progress.done();
    for (const off of handlers) off();
  }
}
