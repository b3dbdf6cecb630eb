/**
 * The one read behind `list --json` and each `list --json --watch` document: the HA daemon,
 * then the IPVS table with every real server, then the connection table. What cannot be read of
 * the connection table or the HA daemon is said on stderr and in the JSON, not thrown.
 */
import { ipvsadmServiceArg } from '../actions/describe.js';
import { type SavedWeights, savedWeightsIn } from '../actions/savedWeights.js';
import { savedWeightsNow } from '../actions/weights.js';
import { type HaStatus, haStatus } from '../domain/ha.js';
import { errorLine } from '../errors.js';
import type { IpvsClient } from '../kernel/ipvs/client.js';
import type { Destination, IpvsSnapshot, ServiceId, ServiceWithDests } from '../kernel/ipvs/types.js';
import { type HaReading, readHa } from '../kernel/keepalived/haReading.js';
import { ProcReadError } from '../kernel/proc/boundedRead.js';
import { IP_VS_CONN, readConnTable } from '../kernel/proc/connTable.js';
import { describeCut } from '../kernel/proc/limits.js';
import type { ConnTableSummary, ReadCutShort } from '../kernel/proc/types.js';
import { readSnapshot } from '../kernel/sources.js';
import { readIpvsSysctls } from '../kernel/sysctl.js';
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

/** The services asked for: all, or the one named (an error, as in ipvsadm, when it does not exist). */
export function selected(services: ServiceWithDests[], only: ServiceId | undefined): ServiceWithDests[] {
  if (only === undefined) return services;
  const match = services.filter((s) => sameService(s.service, only));
  if (match.length === 0) throw new Error(`no such service: ${ipvsadmServiceArg(only)}`);
  return match;
}

/** One read for --json; `snap` holds the whole table, `services` those asked for. */
export interface ListJsonRead {
  snap: IpvsSnapshot;
  services: ServiceWithDests[];
  conns?: ConnTableSummary;
  connError?: string;
  reading: HaReading;
  ha: HaStatus;
  /** The `net.ipv4.vs.*` settings; null when there are none (IPVS not loaded). */
  sysctls: Record<string, string> | null;
  /** The saved weights that apply to real servers of `services` (savedWeightsNow). */
  savedWeights: Map<Destination, number>;
  /** Why the saved weights could not be read (said on stderr). */
  savedWeightsError?: string;
  /** 1 when a part was missing or partial (said on stderr), else 0. */
  status: number;
}

/**
 * keepalived is read before the kernel table: it writes a weight to the kernel before its dump
 * calls the server down, so the table read after agrees with the dump.
 */
export async function readListJson(
  ipvs: IpvsClient,
  only: ServiceId | undefined,
  io: Io,
  saved: SavedWeights = savedWeightsIn(),
): Promise<ListJsonRead> {
  const reading = await readHa((await ipvs.daemons()).length > 0);
  const snap = await readSnapshot(ipvs);
  const services = selected(snap.services, only);
  const { conns, connError, status } = await jsonConns(io);
  const sysctls = await readIpvsSysctls();
  const ha = haStatus(reading, snap.services, snap.daemons);
  if (ha.error) io.stderr.write(`ipvstop: HA: ${ha.error}\n`);
  const { savedWeights, savedWeightsError } = await jsonSavedWeights(saved, services, io);
  const failed = Boolean(ha.error) || savedWeightsError !== undefined;
  const parts = { snap, services, conns, connError, reading, ha, sysctls, savedWeights, savedWeightsError };
  return { ...parts, status: Math.max(status, failed ? 1 : 0) };
}

/** The saved weights that apply now; an unreadable file is said on stderr and in the JSON, not thrown. */
async function jsonSavedWeights(
  saved: SavedWeights,
  services: ServiceWithDests[],
  io: Io,
): Promise<{ savedWeights: Map<Destination, number>; savedWeightsError?: string }> {
  try {
    return { savedWeights: savedWeightsNow(await saved.entries(), services) };
  } catch (e) {
    const why = errorLine(e);
    io.stderr.write(`ipvstop: ${why}; savedWeight is null in the JSON\n`);
    return { savedWeights: new Map(), savedWeightsError: why };
  }
}
