/** `ipvstop list`: ipvsadm -L -n compatible text, or one JSON snapshot. */
import { ipvsadmServiceArg } from '../actions/describe.js';
import { IpvsClient } from '../kernel/ipvs/client.js';
import type { ServiceId, ServiceWithDests } from '../kernel/ipvs/types.js';
import { forEachConnRow, readConnTable } from '../kernel/proc/connTable.js';
import { readSnapshot } from '../kernel/sources.js';
import { formatJson } from '../output/jsonSnapshot.js';
import { formatConnHeader, formatConnRow, formatDaemons, formatTimeouts } from '../output/text/other.js';
import { formatServiceList, listFormat } from '../output/text/serviceList.js';
import type { ListFlags } from './listArgs.js';
import type { Io } from './program.js';

const sameService = (a: ServiceId, b: ServiceId): boolean =>
  a.af === b.af && a.fwmark === b.fwmark
  && (a.fwmark !== 0 || (a.protocol === b.protocol && a.address === b.address && a.port === b.port));

/** Writes rows in large pieces: one write per row is slow for a big table. */
async function listConnections(io: Io, withPe: boolean): Promise<void> {
  let buf = formatConnHeader(withPe);
  await forEachConnRow((row) => {
    buf += formatConnRow(row, withPe);
    if (buf.length > 1 << 16) {
      io.stdout.write(buf);
      buf = '';
    }
  });
  io.stdout.write(buf);
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
  if (f.connection && !f.json) {
    await listConnections(io, f.persistentConn);
    return 0;
  }
  const ipvs = await IpvsClient.open();
  try {
    if (f.json) {
      const snap = await readSnapshot(ipvs);
      io.stdout.write(formatJson({ ...snap, services: selected(snap.services, f.service) }, await readConnTable()));
    } else if (f.timeout) {
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
