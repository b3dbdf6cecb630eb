/**
 * The lab's director pairs (src/lab/guest/ha.sh, hb.sh): a suite that needs one starts it afresh and
 * removes it when it ends. A pair left running keeps its client's connections coming and going, and
 * the kernel keeps one connection table for every namespace: /proc/net/ip_vs_conn is read in several
 * read()s, each resumed by position in that table, so a later suite's reads in the lab's own director
 * showed a row twice (a `list -c` comparison, 2026-12-07). It also took the one-core guest's time.
 */
import { ROOT, sh } from './helpers.js';

const GUEST = `${ROOT}src/lab/guest`;

const PAIRS = {
  keepalived: {
    script: 'ha.sh',
    run: '/run/ipvstop-ha',
    bridge: 'lab-ha',
    namespaces: ['ha-a', 'ha-b', 'ha-rs1', 'ha-rs2', 'ha-client'],
  },
  heartbeat: {
    script: 'hb.sh',
    run: '/run/ipvstop-hb',
    bridge: 'lab-hb',
    namespaces: ['hb-d1', 'hb-d2', 'hb-rs1', 'hb-rs2', 'hb-client'],
  },
} as const;

export type Pair = keyof typeof PAIRS;

const stopCommand = (pair: Pair): string => {
  const { run, bridge, namespaces } = PAIRS[pair];
  return `bash ${GUEST}/pair-stop.sh ${run} ${bridge} ${namespaces.join(' ')}`;
};

/** Starts the pair afresh: whatever an earlier run left of it goes first. */
export async function startPair(pair: Pair): Promise<void> {
  await sh(`${stopCommand(pair)}; bash ${GUEST}/${PAIRS[pair].script}`);
}

/** Removes the pair: its processes, namespaces (IPVS tables and entries with them), bridge and files. */
export async function stopPair(pair: Pair): Promise<void> {
  await sh(stopCommand(pair));
}
