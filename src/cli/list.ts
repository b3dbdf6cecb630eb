/** `ipvstop list`: ipvsadm -L -n compatible text, or one JSON snapshot. */
import { ipvsadmServiceArg } from '../actions/describe.js';
import { haStatus } from '../ipvs/ha.js';
import { IpvsClient } from '../kernel/ipvs/client.js';
import type { IpvsSnapshot, ServiceId, ServiceWithDests } from '../kernel/ipvs/types.js';
import { type HaReading, readHa } from '../kernel/keepalived/haReading.js';
import { ProcReadError } from '../kernel/proc/boundedRead.js';
import { forEachConnRow, IP_VS_CONN, readConnTable } from '../kernel/proc/connTable.js';
import { describeCut } from '../kernel/proc/limits.js';
import type { ConnTableSummary, ReadCutShort } from '../kernel/proc/types.js';
import { readSnapshot } from '../kernel/sources.js';
import { formatJson } from '../output/jsonSnapshot.js';
import { formatConnHeader, formatConnRow, formatDaemons, formatTimeouts } from '../output/text/other.js';
import { formatServiceList, listFormat } from '../output/text/serviceList.js';
import type { ListFlags } from './listArgs.js';
import type { Io } from './program.js';

export const sameService = (a: ServiceId, b: ServiceId): boolean =>
  a.af === b.af &&
  a.fwmark === b.fwmark &&
  (a.fwmark !== 0 || (a.protocol === b.protocol && a.address === b.address && a.port === b.port));

/**
 * One line on stderr for what a read of the connection table skipped or
 * missed (`partial` says what that leaves); the exit status it calls for.
 */
export function reportConnRead(io: Io, read: { malformed: number; truncated?: ReadCutShort }, partial: string): number {
  const skipped = read.malformed ? `${read.malformed} malformed lines skipped` : '';
  if (read.truncated) {
    const also = skipped && `; ${skipped}`;
    io.stderr.write(`ipvstop: ${IP_VS_CONN} ${describeCut(read.truncated)}: read stopped there, ${partial}${also}\n`);
    return 1;
  }
  if (skipped) io.stderr.write(`ipvstop: warning: ${IP_VS_CONN}: ${skipped}\n`);
  return 0;
}

/** Writes rows in large pieces: one write per row is slow for a big table. */
async function listConnections(io: Io, withPe: boolean): Promise<number> {
  let buf = formatConnHeader(withPe);
  const read = await forEachConnRow((row) => {
    buf += formatConnRow(row, withPe);
    if (buf.length > 1 << 16) {
      io.stdout.write(buf);
      buf = '';
    }
  });
  io.stdout.write(buf);
  return reportConnRead(io, read, 'the list is partial');
}

/** The connection table for --json, or why it could not be read: the JSON then says that part is missing. */
async function jsonConns(io: Io): Promise<{ conns?: ConnTableSummary; connError?: string; status: number }> {
  try {
    const conns = await readConnTable();
    return { conns, status: reportConnRead(io, conns, 'connection counts are partial') };
  } catch (e) {
    if (!(e instanceof ProcReadError)) throw e;
    io.stderr.write(`ipvstop: ${e.message}; connection counts are null in the JSON\n`);
    return { connError: e.message, status: 1 };
  }
}

/**
 * The HA daemon's view for --json; a failure to read it is said on stderr and in the JSON.
 * keepalived is read before the kernel table: it writes a weight to the kernel before its dump
 * calls the server down, so the table read after agrees with the dump.
 */
function jsonHa(io: Io, reading: HaReading, snap: IpvsSnapshot) {
  const ha = haStatus(reading, snap.services, snap.daemons);
  if (ha.error) io.stderr.write(`ipvstop: HA: ${ha.error}\n`);
  return { ha, status: ha.error ? 1 : 0 };
}

/** The services asked for: all, or the one named (an error, as in ipvsadm, when it does not exist). */
function selected(services: ServiceWithDests[], only: ServiceId | undefined): ServiceWithDests[] {
  if (only === undefined) return services;
  const match = services.filter((s) => sameService(s.service, only));
  if (match.length === 0) throw new Error(`no such service: ${ipvsadmServiceArg(only)}`);
  return match;
}

export async function listCommand(f: ListFlags, io: Io): Promise<number> {
  // -c alone reads only /proc: ipvsadm refuses it with a service, --timeout, --daemon or a counters format.
  if (f.connection && !f.json) return listConnections(io, f.persistentConn);
  const ipvs = await IpvsClient.open();
  try {
    if (f.json) {
      const reading = await readHa((await ipvs.daemons()).length > 0);
      const snap = await readSnapshot(ipvs);
      const services = selected(snap.services, f.service);
      const { conns, connError, status } = await jsonConns(io);
      const ha = jsonHa(io, reading, snap);
      io.stdout.write(formatJson({ ...snap, services }, conns, connError, ha.ha));
      return Math.max(status, ha.status);
    }
    if (f.timeout) {
      io.stdout.write(formatTimeouts(await ipvs.timeouts()));
    } else if (f.daemon) {
      io.stdout.write(formatDaemons(await ipvs.daemons()));
    } else {
      const snap = await readSnapshot(ipvs);
      const opts = { format: listFormat(f), exact: f.exact, sort: f.sort };
      io.stdout.write(formatServiceList(snap.info, selected(snap.services, f.service), opts, f.service !== undefined));
    }
    return 0;
  } finally {
    ipvs.close();
  }
}
