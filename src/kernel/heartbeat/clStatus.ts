/**
 * Asks the local heartbeat through `cl_status` (it talks to heartbeat over /run/heartbeat/register,
 * so it must run in the node's mount namespace: ours). It is run from a fixed path, never looked
 * up through PATH (ipvstop runs as root), without a shell, with a minimal environment and a time
 * limit: an absent, failing or hanging cl_status is one line in the reading's error, never a
 * stalled monitor. The questions: `hbstatus` (exit 0 when heartbeat runs), `listnodes`,
 * `nodestatus NODE` (active, up, init, dead), `rscstatus` (all, local, foreign, none, transition).
 */
import { execFile } from 'node:child_process';
import { safeName } from './configText.js';

/** Debian's heartbeat installs it here. */
export const CL_STATUS = '/usr/bin/cl_status';
/** One answer takes a few milliseconds; past this heartbeat is not answering. */
export const CL_STATUS_TIMEOUT_MS = 2000;
/** Any answer is a few lines: more is cut off, not buffered. */
const MAX_OUTPUT_BYTES = 64 * 1024;

/** What `cl_status rscstatus` says this node holds. */
export type RscStatus = 'all' | 'local' | 'foreign' | 'none' | 'transition';
const RSC_STATUSES: readonly string[] = ['all', 'local', 'foreign', 'none', 'transition'];

export interface ClStatusAnswer {
  /** The nodes heartbeat knows, each with its status as heartbeat words it. */
  nodes: { name: string; status: string }[];
  rscstatus: RscStatus | null;
  /** Why a question went unanswered, one line each; empty when all were. */
  errors: string[];
}

/**
 * Runs `cl_status ARGS`; resolves to its output and exit status (it answers `nodestatus` of a dead
 * node with a word and a non-zero status), rejects with one line when it could not run or answer.
 */
export function askClStatus(
  args: readonly string[],
  path = CL_STATUS,
  timeoutMs = CL_STATUS_TIMEOUT_MS,
): Promise<{ stdout: string; status: number }> {
  return new Promise((resolve, reject) => {
    execFile(
      path,
      [...args],
      { env: { LC_ALL: 'C' }, timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: MAX_OUTPUT_BYTES, shell: false },
      (error, stdout) => {
        if (!error) return resolve({ stdout: String(stdout), status: 0 });
        const what = `cl_status ${args.join(' ')}`;
        const e = error as NodeJS.ErrnoException & { killed?: boolean; code?: unknown };
        if (typeof e.code === 'number') return resolve({ stdout: String(stdout), status: e.code });
        if (e.code === 'ENOENT') reject(new Error(`${path} not found: is heartbeat installed?`));
        else if (e.killed) reject(new Error(`${what}: no answer within ${timeoutMs / 1000} s`));
        else reject(new Error(`${what}: ${safeName(e.message.split('\n')[0] ?? '')}`));
      },
    );
  });
}

const firstWord = (text: string): string => text.trim().split(/\s+/)[0] ?? '';

/** heartbeat's answers; each unanswered question is an error line, the rest is still read. */
export async function readClStatus(path = CL_STATUS, timeoutMs = CL_STATUS_TIMEOUT_MS): Promise<ClStatusAnswer> {
  const errors: string[] = [];
  /** The answer's text; undefined (and an error line) when there is none. */
  const asked = async (args: string[]): Promise<string | undefined> => {
    try {
      const { stdout, status } = await askClStatus(args, path, timeoutMs);
      if (stdout.trim()) return stdout;
      errors.push(`cl_status ${args.join(' ')}: ${status ? `exit ${status}` : 'no answer'}`);
    } catch (e) {
      errors.push((e as Error).message);
    }
    return undefined;
  };
  // All three at once (each question is a process and a round trip to a busy heartbeat): a
  // stopped heartbeat is told by hbstatus, whose one line then stands for the others' failures.
  const running = askClStatus(['hbstatus'], path, timeoutMs).then(
    (hb) => (hb.status === 0 ? undefined : `heartbeat is not running (cl_status hbstatus: exit ${hb.status})`),
    (e: Error) => e.message,
  );
  const [stopped, list, rsc] = await Promise.all([running, asked(['listnodes']), asked(['rscstatus'])]);
  if (stopped) return { nodes: [], rscstatus: null, errors: [stopped] };
  const names = (list ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /^[\w.-]{1,64}$/.test(l))
    .slice(0, 64);
  const statuses = await Promise.all(names.map((n) => asked(['nodestatus', n])));
  const word = firstWord(rsc ?? '');
  return {
    nodes: names.map((name, i) => ({ name, status: safeName(firstWord(statuses[i] ?? '') || 'unknown') })),
    rscstatus: RSC_STATUSES.includes(word) ? (word as RscStatus) : null,
    errors: [...new Set(errors)],
  };
}
