/**
 * Asks keepalived for its state and reads it: the JSON signal (its number from
 * `keepalived --signum=JSON`) writes /tmp/keepalived.json, SIGUSR1 writes /tmp/keepalived.data
 * and /tmp/keepalived_check.data. The files are in the /tmp keepalived sees, so they are read
 * through /proc/PID/root (a private /tmp still works). Each signal makes keepalived write files:
 * callers keep to one read every few seconds.
 */
import { stat } from 'node:fs/promises';
import { runSystemTool, type ToolRunner } from '../exec/systemTool.js';
import { FileTooLargeError, NotRegularFileError, readFileBounded } from '../fs/boundedRead.js';
import { fsReason } from '../fs/fsReason.js';
import { parseCheckData } from './checkData.js';
import type { CheckedServer, VrrpInstance } from './types.js';
import { parseMasterRouters } from './vrrpData.js';
import { parseVrrpJson } from './vrrpJson.js';

export interface KeepalivedDump {
  instances: VrrpInstance[];
  /** The master's address by instance name (keepalived names it only on a backup). */
  masters: Map<string, string>;
  checks: CheckedServer[];
}

const FILES = { json: 'keepalived.json', data: 'keepalived.data', check: 'keepalived_check.data' } as const;
/** keepalived writes its dumps within a fraction of a second; a slow machine gets more. */
const WAIT_MS = 3000;
const POLL_MS = 50;
/**
 * A keepalived without virtual servers has no checker process and never writes check data:
 * once one has not written it (waited for in full), later reads wait only this much longer
 * than its VRRP dumps took, not the whole WAIT_MS every time.
 */
const NO_CHECKER_GRACE_MS = 500;

/** keepalived processes (by pid) that did not write check data when last asked. */
const withoutChecker = new Set<number>();

let jsonSignal: number | undefined;

async function signalNumber(run: ToolRunner): Promise<number> {
  if (jsonSignal === undefined) {
    const { stdout } = await run('keepalived', ['--signum=JSON'], 3000);
    const n = Number(stdout.trim());
    if (!Number.isInteger(n) || n <= 0) throw new Error(`keepalived --signum=JSON answered '${stdout.trim()}'`);
    jsonSignal = n;
  }
  return jsonSignal;
}

async function mtime(path: string): Promise<number> {
  try {
    return (await stat(path)).mtimeMs;
  } catch {
    return 0;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Far more than keepalived writes for thousands of virtual servers. The files are in a /tmp anyone
 * may write to: what is read there is bounded, and a symlink, a FIFO or a device put in their place
 * is refused, not followed or waited on. They are regular files of tmpfs: read at once, whole.
 */
const DUMP_MAX_BYTES = 64 * 1024 * 1024;

function dumpText(path: string): string {
  try {
    return readFileBounded(path, DUMP_MAX_BYTES, { regularOnly: true }).toString('utf8');
  } catch (e) {
    if (e instanceof NotRegularFileError) throw new Error(`${path}: ${e.kind}, not keepalived's dump`);
    if (e instanceof FileTooLargeError) throw new Error(`${path}: more than ${DUMP_MAX_BYTES} bytes`);
    throw new Error(`cannot read ${path}: ${fsReason(e)}`);
  }
}

/**
 * The file's text once it is newer than `before`, not empty (keepalived creates it, then writes
 * it) and has stopped growing; undefined when it never came.
 */
async function freshText(path: string, before: number, deadline: number): Promise<string | undefined> {
  let last = -1;
  while (performance.now() < deadline) {
    const s = await stat(path).catch(() => undefined);
    const written = s !== undefined && s.mtimeMs > before && s.size > 0;
    if (written && s.size === last) return dumpText(path);
    last = written ? s.size : -1;
    await sleep(POLL_MS);
  }
  return undefined;
}

/** Signals keepalived's parent process `pid` and reads what it wrote. Throws with a reason. */
export async function readKeepalived(pid: number, run: ToolRunner = runSystemTool): Promise<KeepalivedDump> {
  const dir = `/proc/${pid}/root/tmp/`;
  const signal = await signalNumber(run);
  const before = {
    json: await mtime(dir + FILES.json),
    data: await mtime(dir + FILES.data),
    check: await mtime(dir + FILES.check),
  };
  process.kill(pid, signal);
  process.kill(pid, 'SIGUSR1');
  const deadline = performance.now() + WAIT_MS;
  const json = await freshText(dir + FILES.json, before.json, deadline);
  if (json === undefined) throw new Error(`keepalived (pid ${pid}) wrote no ${FILES.json}`);
  const data = await freshText(dir + FILES.data, before.data, deadline);
  const checkDeadline = withoutChecker.has(pid)
    ? Math.min(deadline, performance.now() + NO_CHECKER_GRACE_MS)
    : deadline;
  const check = await freshText(dir + FILES.check, before.check, checkDeadline);
  if (check === undefined) withoutChecker.add(pid);
  else withoutChecker.delete(pid);
  return {
    instances: parseVrrpJson(json),
    masters: parseMasterRouters(data ?? ''),
    checks: parseCheckData(check ?? ''),
  };
}
