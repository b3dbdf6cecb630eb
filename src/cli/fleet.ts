/**
 * `ipvstop fleet HOST... [--json] [--drift] [--once]`: on a terminal, the fleet screen
 * (fleetScreen.ts); otherwise, or with one of those flags, reads each director's
 * `list --json --watch` over ssh, all at once, until each has sent a document or could not be
 * read, then exits.
 * - by default, a table of the directors, one a row, and their pairs with the pair checks;
 * - `--json` prints one document for all the hosts, their rows and pairs (with `--drift`, the differences too);
 * - `--drift` prints the differences between their IPVS tables, one a line (none when identical).
 * Exit 0 when every host was read (and, with --drift, the tables are identical), 1 for drift,
 * 3 when a host could not be read: the others are still reported and compared.
 */
import { printable } from '../errors.js';
import { spawnSshWatch } from '../kernel/exec/sshCommand.js';
import { stringifyExact } from '../output/jsonSnapshot.js';
import { fleetText } from '../output/text/fleetTable.js';
import { type DriftReport, documentDrift } from '../state/drift.js';
import type { HostView } from '../state/fleetSession.js';
import { fleetView } from '../state/fleetView.js';
import { FleetWatch } from '../state/fleetWatch.js';
import type { FleetFlags } from './fleetArgs.js';
import { fleetScreenCommand, wantsFleetScreen } from './fleetScreen.js';
import type { Io } from './program.js';

/** ssh's ConnectTimeout (10 s, sshCommand.ts) plus the first document's read: a host still silent then is counted unread. */
const FIRST_DOCUMENT_MS = 10_000 + 5_000;

/** Each host's view once every one has sent a document or could not be read (or the deadline passed). */
async function readOnce(f: FleetFlags): Promise<HostView[]> {
  const watch = new FleetWatch({
    hosts: f.hosts,
    intervalS: f.interval,
    start: (host) => spawnSshWatch(host, f.remoteCommand, f.interval),
  });
  try {
    watch.start();
    const deadline = Date.now() + FIRST_DOCUMENT_MS + f.interval * 1000;
    while (!watch.decided() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  } finally {
    watch.stop();
  }
  return watch.views().map((v) => {
    const reason = v.state === 'connecting' ? 'no document before the deadline' : v.reason;
    return { ...v, state: v.state === 'connecting' ? 'unreachable' : v.state, reason };
  });
}

/** The drift between the hosts that were read; the others are not compared. */
function driftOf(hosts: HostView[]): DriftReport {
  return documentDrift(hosts.flatMap((h) => (h.state === 'reachable' && h.document ? [h] : [])));
}

/** ssh's reason may carry the remote side's stderr: its control characters are escaped, never sent to the terminal. */
function writeDriftLines(hosts: HostView[], report: DriftReport, io: Io): void {
  for (const h of hosts) {
    if (h.state !== 'reachable') io.stderr.write(`ipvstop: ${h.host}: not read: ${printable(h.reason ?? '')}\n`);
  }
  for (const u of report.unread) io.stderr.write(`ipvstop: ${u.host}: ${printable(u.reason)}\n`);
  for (const d of report.drift) io.stdout.write(`${d.line}\n`);
}

/** The fleet document: each host as read with its row's facts, the pairs, and with --drift the differences. */
function fleetJson(hosts: HostView[], report: DriftReport | undefined): string {
  const view = fleetView(hosts);
  const drift = report ? { drift: report.drift, driftUnread: report.unread } : {};
  const rows = hosts.map((h, i) => ({ ...h, summary: view.rows[i]!.facts, summaryError: view.rows[i]!.factsError }));
  return `${stringifyExact({ schema: 1, takenAt: new Date().toISOString(), hosts: rows, pairs: view.pairs, ...drift })}\n`;
}

export async function fleetCommand(f: FleetFlags, io: Io): Promise<number> {
  const terminal = {
    stdinIsTty: process.stdin.isTTY === true,
    stdoutIsTty: (io.stdout as { isTTY?: boolean }).isTTY === true,
    term: process.env.TERM,
  };
  if (wantsFleetScreen(f, terminal)) return fleetScreenCommand(f);
  const hosts = await readOnce(f);
  const report = f.drift ? driftOf(hosts) : undefined;
  if (f.json) io.stdout.write(fleetJson(hosts, report));
  else if (report) writeDriftLines(hosts, report, io);
  else io.stdout.write(fleetText(fleetView(hosts)));
  if (!hosts.every((h) => h.state === 'reachable') || (report?.unread.length ?? 0) > 0) return 3;
  return (report?.drift.length ?? 0) > 0 ? 1 : 0;
}
