/** Asking the heartbeat pair's nodes (src/lab/guest/hb.sh) as each sees itself: list --json, the doctor. */
import { ROOT, shRaw } from './helpers.js';
import { pollUntil, pollUntilTrue } from './polling.js';

export const RUN = '/run/ipvstop-hb';
export const MAIN = `${ROOT}bin/ipvstop`;
export const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The prefix that runs a command on a node as it sees itself. */
export const onNode = (node: string): string => `nsenter -t $(cat ${RUN}/${node}.ns) -m -n -u`;

export interface HaJson {
  daemon: string | null;
  instances: {
    name: string;
    state: string;
    daemonState: string | null;
    preferredNode: string | null;
    resources: string[];
    vips: string[];
    vipsPresent: boolean;
    master: string | null;
  }[];
  checks: {
    service: string;
    server: string;
    up: boolean;
    weight: number | null;
    configuredWeight: number;
    checkers: string[];
    interval: number | null;
    inhibitOnFailure: boolean;
  }[];
  cluster: { nodes: { name: string; status: string; local: boolean }[]; keepalive: number; deadtime: number } | null;
  ldirectord: { config: string; pid: number | null } | null;
  error: string | null;
}

/** `ipvstop list --json` on one node; its `ha` part (the exit status may be 1 when part of it could not be read). */
export async function ha(node: string): Promise<HaJson> {
  const r = await shRaw(`${onNode(node)} node ${MAIN} list --json`);
  if (r.status !== 0 && r.status !== 1) throw new Error(`list --json on ${node}: exit ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout).ha as HaJson;
}

/** Asks until `ok` holds (heartbeat and ldirectord move on their own time), else fails with the last answer. */
export const until = (node: string, ok: (h: HaJson) => boolean, timeoutMs = 60_000): Promise<HaJson> =>
  pollUntil(`${node}'s list --json to get there`, () => ha(node), ok, timeoutMs);

/**
 * Milliseconds from now until `seen()` holds, polled every `everyMs` or more (polling.ts); fails after
 * `timeoutMs`. `exactly`: every `everyMs`, for a delay held to a bound with no slack (a late look adds
 * up to its pause to what is measured).
 */
export async function timeUntil(
  what: string,
  seen: () => Promise<boolean> | boolean,
  timeoutMs: number,
  everyMs = 100,
  exactly = false,
): Promise<number> {
  const start = Date.now();
  await pollUntilTrue(what, seen, timeoutMs, { minPauseMs: everyMs, exact: exactly });
  return Date.now() - start;
}

export const allUp = (h: HaJson): boolean => h.checks.length === 4 && h.checks.every((c) => c.up);

export interface Finding {
  ruleId: string;
  where: string;
  remedy: string;
}

/** `ipvstop doctor --json` on one node: its findings (the exit status says their severity). */
export async function doctorOn(node: string): Promise<Finding[]> {
  const r = await shRaw(`${onNode(node)} node ${MAIN} doctor --json`);
  return (JSON.parse(r.stdout) as { findings: Finding[] }).findings;
}

export const ldirectordFindings = async (node: string): Promise<string[]> =>
  (await doctorOn(node)).filter((f) => f.ruleId.startsWith('ha.ldirectord-')).map((f) => `${f.ruleId} ${f.where}`);
