/** Helpers for suites that run inside the lab guest, as root, against IPVS. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MAIN = `${ROOT}dist/cli/main.js`;

export interface Ran {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs a program without blocking the test worker (vitest's RPC needs its event loop). */
function runAsync(cmd: string, args: string[], env?: NodeJS.ProcessEnv): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { env: env ?? process.env });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (b: Buffer) => { stdout += b.toString(); });
    p.stderr.on('data', (b: Buffer) => { stderr += b.toString(); });
    p.on('error', reject);
    p.on('close', (code) => resolve({ status: code ?? -1, stdout, stderr }));
  });
}

/** Runs a shell command; throws with its stderr when it fails. */
export async function sh(cmd: string): Promise<string> {
  const r = await runAsync('bash', ['-c', cmd]);
  if (r.status !== 0) throw new Error(`${cmd}: exit ${r.status}: ${r.stderr}`);
  return r.stdout;
}

/** Runs a shell command and returns everything, whatever its exit status. */
export function shRaw(cmd: string): Promise<Ran> {
  return runAsync('bash', ['-c', cmd]);
}

/** Runs the built ipvstop with these arguments. */
export function ipvstop(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Ran> {
  return runAsync(process.execPath, [MAIN, ...args], { ...process.env, ...env });
}

/**
 * Compares a live listing of ipvsadm and ipvstop. Counters, rates and
 * connection entries move while we look, so take ipvsadm before and after
 * ipvstop: when both ipvsadm reads agree, ipvstop must equal them; otherwise
 * the table moved in between and we look again.
 */
export async function stableCompare(ipvsadmArgs: string, ipvstopArgs: string[], tries = 12): Promise<{ expected: string; actual: Ran }> {
  let last: { expected: string; actual: Ran } | undefined;
  for (let i = 0; i < tries; i++) {
    const before = await shRaw(`ipvsadm ${ipvsadmArgs}`);
    const actual = await ipvstop(ipvstopArgs);
    const after = await shRaw(`ipvsadm ${ipvsadmArgs}`);
    last = { expected: before.stdout, actual };
    if (before.stdout === after.stdout) return last;
  }
  return last!;
}
