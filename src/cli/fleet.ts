/**
 * `ipvstop fleet HOST... --json`: reads each director's `list --json --watch` over ssh, all at
 * once, until each has sent a document or could not be read, then prints one document for all
 * and exits: 0 when every host was read, 3 when one could not be (the others are still there).
 */
import { spawnSshWatch } from '../kernel/exec/sshCommand.js';
import { stringifyExact } from '../output/jsonSnapshot.js';
import { FleetSession } from '../state/fleetSession.js';
import type { FleetFlags } from './fleetArgs.js';
import type { Io } from './program.js';

/** ssh's ConnectTimeout (10 s, sshCommand.ts) plus the first document's read: a host still silent then is counted unread. */
const FIRST_DOCUMENT_MS = 10_000 + 5_000;

export async function fleetCommand(f: FleetFlags, io: Io): Promise<number> {
  const sessions = f.hosts.map(
    (host) =>
      new FleetSession({
        host,
        intervalS: f.interval,
        start: () => spawnSshWatch(host, f.remoteCommand, f.interval),
      }),
  );
  const decided = (): boolean => sessions.every((s) => s.view().state !== 'connecting');
  try {
    for (const s of sessions) s.start();
    const deadline = Date.now() + FIRST_DOCUMENT_MS + f.interval * 1000;
    while (!decided() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  } finally {
    for (const s of sessions) s.stop();
  }
  const hosts = sessions.map((s) => {
    const v = s.view();
    const reason = v.state === 'connecting' ? 'no document before the deadline' : v.reason;
    return { ...v, state: v.state === 'connecting' ? 'unreachable' : v.state, reason };
  });
  io.stdout.write(`${stringifyExact({ schema: 1, takenAt: new Date().toISOString(), hosts })}\n`);
  return hosts.every((h) => h.state === 'reachable') ? 0 : 3;
}
