/**
 * `ipvstop list --json --watch SECONDS`: the `list --json` document every SECONDS, one a line
 * (NDJSON), with this host's name, a sequence number and the doctor's counts, until stdout closes
 * (the form `ssh DIRECTOR ipvstop list --json --watch 2` is read in). The doctor runs over the
 * read the document shows: no second read of the IPVS table.
 */
import { hostname } from 'node:os';
import { countBySeverity, diagnose, statusOf } from '../doctor/diagnose.js';
import { DoctorGatherer } from '../doctor/gather.js';
import type { HaDaemonName } from '../doctor/types.js';
import { errorLine } from '../errors.js';
import { IpvsClient } from '../kernel/ipvs/client.js';
import { type DoctorCounts, formatWatchLine } from '../output/watchJson.js';
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

export async function listWatchCommand(f: ListFlags, seconds: number, io: Io): Promise<number> {
  const ipvs = await IpvsClient.open();
  const gatherer = new DoctorGatherer();
  const host = hostname();
  let seq = 0;
  let haSeen: HaDaemonName | undefined;
  try {
    return await writeLinesEvery({
      periodMs: seconds * 1000,
      io,
      next: async (stderr) => {
        const r = await readListJson(ipvs, f.service, { stdout: io.stdout, stderr });
        haSeen = r.reading.daemon ?? haSeen;
        const doctor = await doctorCounts(gatherer, r, haSeen, stderr);
        const read = { ...r, snap: { ...r.snap, services: r.services } };
        return formatWatchLine(read, { host, seq: ++seq, doctor });
      },
    });
  } finally {
    await gatherer.close();
    ipvs.close();
  }
}
