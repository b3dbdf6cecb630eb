/**
 * `ipvstop list --json --watch SECONDS`: the `list --json` document every SECONDS, one a line
 * (NDJSON), with this host's name, a sequence number and the doctor's counts, until stdout closes
 * (the form `ssh DIRECTOR ipvstop list --json --watch 2` is read in). The doctor runs over the
 * read a document shows (no second read of the IPVS table), at the monitor's pace (DoctorCadence).
 */
import { hostname } from 'node:os';
import { countBySeverity, diagnose, statusOf } from '../doctor/diagnose.js';
import { DoctorGatherer } from '../doctor/gather.js';
import type { HaDaemonName } from '../doctor/types.js';
import { errorLine } from '../errors.js';
import { IpvsClient } from '../kernel/ipvs/client.js';
import { type DoctorCounts, formatWatchLine } from '../output/watchJson.js';
import { pauseAfterRead } from '../state/poll/connReader.js';
import { DOCTOR_INTERVAL_MS } from '../state/poll/doctorReader.js';
import type { ListFlags } from './listArgs.js';
import { type ListJsonRead, readListJson } from './listJson.js';
import { writeLinesEvery } from './ndjsonWatch.js';
import type { Io } from './program.js';

/** The doctor over one read; `haSeen` is a daemon seen running before (its stop is a finding). */
async function doctorCounts(
  gatherer: DoctorGatherer,
  r: ListJsonRead,
  haSeen: HaDaemonName | undefined,
  stderr: NodeJS.WritableStream,
): Promise<DoctorCounts | null> {
  try {
    // The whole table, whatever service the document shows; the connection table as read for it
    // (null when it could not be read: the doctor says so, and does not read it again).
    const input = await gatherer.gather(r.snap.services, { conns: r.conns ?? null, ha: r.reading, haSeen });
    const counts = countBySeverity(diagnose(input));
    return { status: statusOf(counts), ...counts };
  } catch (e) {
    stderr.write(`ipvstop: doctor: ${errorLine(e)}; its counts are null in the JSON\n`);
    return null;
  }
}

/**
 * When the watch runs the doctor: at most every DOCTOR_INTERVAL_MS, or 4x its last run if that is longer, as
 * the monitor's Doctor pane. Each run reads routes, addresses, the kernel log and sysctl files; run with every
 * document at `--watch 1`, two directors' watches took a one-CPU lab guest's whole CPU. It runs at once when
 * the HA daemon found here changes (its stop is a finding), and again after a run that failed.
 */
export class DoctorCadence {
  private last: { counts: DoctorCounts | null; atMs: number; tookMs: number; daemon: string | null } | undefined;

  async counts(
    daemon: string | null,
    nowMs: number,
    run: () => Promise<DoctorCounts | null>,
    clock: () => number = () => performance.now(),
  ): Promise<DoctorCounts | null> {
    const l = this.last;
    const due =
      !l || l.counts === null || l.daemon !== daemon || nowMs - l.atMs >= pauseAfterRead(DOCTOR_INTERVAL_MS, l.tookMs);
    if (!due) return l.counts;
    const started = clock();
    const counts = await run();
    this.last = { counts, atMs: nowMs, tookMs: clock() - started, daemon };
    return counts;
  }
}

export async function listWatchCommand(f: ListFlags, seconds: number, io: Io): Promise<number> {
  const ipvs = await IpvsClient.open();
  const gatherer = new DoctorGatherer();
  const host = hostname();
  let seq = 0;
  let haSeen: HaDaemonName | undefined;
  const cadence = new DoctorCadence();
  try {
    return await writeLinesEvery({
      periodMs: seconds * 1000,
      io,
      next: async (stderr) => {
        const r = await readListJson(ipvs, f.service, { stdout: io.stdout, stderr });
        haSeen = r.reading.daemon ?? haSeen;
        const daemon = r.reading.daemon ?? null;
        const doctor = await cadence.counts(daemon, Date.now(), () => doctorCounts(gatherer, r, haSeen, stderr));
        const read = { ...r, snap: { ...r.snap, services: r.services } };
        return formatWatchLine(read, { host, seq: ++seq, doctor });
      },
    });
  } finally {
    await gatherer.close();
    ipvs.close();
  }
}
