/** Helpers for suites that run inside the lab guest, as root, against IPVS. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MAIN = `${ROOT}dist/cli/main.js`;

export interface Ran {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs a shell command; throws with its stderr when it fails. */
export function sh(cmd: string): string {
  const r = spawnSync('bash', ['-c', cmd], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd}: exit ${r.status}: ${r.stderr}`);
  return r.stdout;
}

/** Runs a shell command and returns everything, whatever its exit status. */
export function shRaw(cmd: string): Ran {
  const r = spawnSync('bash', ['-c', cmd], { encoding: 'utf8' });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Runs the built ipvstop with these arguments. */
export function ipvstop(args: string[], env: NodeJS.ProcessEnv = {}): Ran {
  const r = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Compares a live listing of ipvsadm and ipvstop. Counters, rates and
 * connection entries move while we look, so take ipvsadm before and after
 * ipvstop: when both ipvsadm reads agree, ipvstop must equal them; otherwise
 * the table moved in between and we look again.
 */
export function stableCompare(ipvsadmArgs: string, ipvstopArgs: string[], tries = 12): { expected: string; actual: Ran } {
  let last: { expected: string; actual: Ran } | undefined;
  for (let i = 0; i < tries; i++) {
    const before = shRaw(`ipvsadm ${ipvsadmArgs}`);
    const actual = ipvstop(ipvstopArgs);
    const after = shRaw(`ipvsadm ${ipvsadmArgs}`);
    last = { expected: before.stdout, actual };
    if (before.stdout === after.stdout) return last;
  }
  return last!;
}
