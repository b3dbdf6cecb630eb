/** `ipvstop list`: ipvsadm -L -n compatible text, or one JSON snapshot. */
import { ipvsadmServiceArg } from '../actions/describe.js';
import { IpvsClient } from '../kernel/ipvs/client.js';
import type { ServiceId } from '../kernel/ipvs/types.js';
import { ProcReadError } from '../kernel/proc/boundedRead.js';
import { forEachConnRow, IP_VS_CONN, readConnTable } from '../kernel/proc/connTable.js';
import { describeCut } from '../kernel/proc/limits.js';
import type { ConnTableSummary, ReadCutShort } from '../kernel/proc/types.js';
import { readSnapshot } from '../kernel/sources.js';
import { formatJson } from '../output/jsonSnapshot.js';
import { formatConnHeader, formatConnRow, formatDaemons, formatTimeouts } from '../output/text/other.js';
import { formatServiceList, listFormat } from '../output/text/serviceList.js';
import type { Io, ListFlags } from './program.js';
import { parseFwmark, parseServiceAddress } from './serviceArg.js';
import { UsageError } from './errors.js';

/** The one service asked for with -t/-u/--sctp-service/-f, if any. */
function selectedService(f: ListFlags): ServiceId | undefined {
  const given = [
    f.tcpService !== undefined && parseServiceAddress(f.tcpService, 6),
    f.udpService !== undefined && parseServiceAddress(f.udpService, 17),
    f.sctpService !== undefined && parseServiceAddress(f.sctpService, 132),
    f.fwmarkService !== undefined && parseFwmark(f.fwmarkService, f.ipv6 === true),
  ].filter((s): s is ServiceId => s !== false);
  if (given.length > 1) throw new UsageError('give at most one of -t, -u, --sctp-service, -f');
  return given[0];
}

const sameService = (a: ServiceId, b: ServiceId): boolean =>
  a.af === b.af && a.fwmark === b.fwmark && (a.fwmark !== 0 || (a.protocol === b.protocol && a.address === b.address && a.port === b.port));

/**
 * One line on stderr for what a read of the connection table skipped or
 * missed (`partial` says what that leaves); the exit status it calls for.
 */
function reportConnRead(io: Io, read: { malformed: number; truncated?: ReadCutShort }, partial: string): number {
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

export async function listCommand(f: ListFlags, io: Io): Promise<number> {
  const only = selectedService(f);
  const opts = { format: listFormat(f), exact: f.exact === true, sort: f.sort };
  const listed = f.connection && !f.json ? await listConnections(io, f.persistentConn === true) : 0;
  if (f.connection && !f.timeout && !f.daemon && !f.json) return listed;
  const ipvs = await IpvsClient.open();
  try {
    if (f.json) {
      const snap = await readSnapshot(ipvs);
      const services = only ? snap.services.filter((s) => sameService(s.service, only)) : snap.services;
      const { conns, connError, status } = await jsonConns(io);
      io.stdout.write(formatJson({ ...snap, services }, conns, connError));
      return status;
    }
    if (f.timeout || f.daemon) {
      if (f.timeout) io.stdout.write(formatTimeouts(await ipvs.timeouts()));
      if (f.daemon) io.stdout.write(formatDaemons(await ipvs.daemons()));
      return listed;
    }
    const snap = await readSnapshot(ipvs);
    if (only) {
      const match = snap.services.filter((s) => sameService(s.service, only));
      if (match.length === 0) {
        io.stderr.write(`ipvstop: no such service: ${ipvsadmServiceArg(only)}\n`);
        return 1;
      }
      io.stdout.write(formatServiceList(snap.info, match, opts, true));
    } else {
      io.stdout.write(formatServiceList(snap.info, snap.services, opts));
    }
    return 0;
  } finally {
    ipvs.close();
  }
}
