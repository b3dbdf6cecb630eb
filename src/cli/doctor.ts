/**
 * `ipvstop doctor`: what is misconfigured or going wrong on this director, with
 * the remedy. Exit status as a monitoring plugin's: 0 OK, 1 WARNING,
 * 2 CRITICAL, 3 UNKNOWN (the IPVS table could not be read).
 */
import { countBySeverity, diagnose, EXIT_STATUS, statusOf, summaryLine } from '../doctor/diagnose.js';
import { DoctorGatherer, readTableOnce, withArpProbes } from '../doctor/gather.js';
import { errorLine } from '../errors.js';
import { IpvsClient } from '../kernel/ipvs/client.js';
import { readHa } from '../kernel/keepalived/haReading.js';
import { type DoctorReport, formatDoctorJson, formatDoctorText } from '../output/text/doctor.js';
import type { DoctorFlags, Io } from './program.js';

/** The doctor's report (`doctor --json` writes it; `snapshot` too, without loading ip_vs: `loadModule` false). */
export async function doctorReport(arp: boolean, loadModule = true): Promise<DoctorReport> {
  let ipvs: IpvsClient | undefined;
  let gatherer: DoctorGatherer | undefined;
  try {
    ipvs = await IpvsClient.open({ loadModule });
    gatherer = new DoctorGatherer();
    // On the HA backup the VIPs are the master's to hold: their absence here is expected, not critical.
    const input = await gatherer.gather(await readTableOnce(ipvs), { ha: await readHa(false) });
    const findings = diagnose(arp ? await withArpProbes(input) : input);
    const counts = countBySeverity(findings);
    const status = statusOf(counts);
    return { status, exitStatus: EXIT_STATUS[status], summary: summaryLine(status, counts), counts, findings };
  } catch (e) {
    const counts = countBySeverity([]);
    const summary = summaryLine('UNKNOWN', counts, `cannot read the IPVS table: ${errorLine(e)}`);
    return { status: 'UNKNOWN', exitStatus: EXIT_STATUS.UNKNOWN, summary, counts, findings: [] };
  } finally {
    await gatherer?.close();
    ipvs?.close();
  }
}

export async function doctorCommand(flags: DoctorFlags, io: Io): Promise<number> {
  const r = await doctorReport(flags.arp);
  io.stdout.write(flags.json ? formatDoctorJson(r) : formatDoctorText(r));
  return r.exitStatus;
}
