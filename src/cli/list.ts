/** `ipvstop list`: ipvsadm -L -n compatible text, or one JSON snapshot, or (--watch) one a line every SECONDS. */
import { IpvsClient } from '../kernel/ipvs/client.js';
import { forEachConnRow } from '../kernel/proc/connTable.js';
import { readSnapshot } from '../kernel/sources.js';
import { formatJson } from '../output/jsonSnapshot.js';
import { formatConnHeader, formatConnRow, formatDaemons, formatTimeouts } from '../output/text/listOptions.js';
import { formatServiceList, listFormat } from '../output/text/serviceList.js';
import type { ListFlags } from './listArgs.js';
import { readListJson, reportConnRead, selected } from './listJson.js';
import type { Io } from './program.js';

export { reportConnRead, sameService } from './listJson.js';

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

export async function listCommand(f: ListFlags, io: Io): Promise<number> {
  // Loaded only for --watch: a script running `list` in a loop does not pay for the doctor.
  if (f.watch !== undefined) return (await import('./listWatch.js')).listWatchCommand(f, f.watch, io);
  // -c alone reads only /proc: ipvsadm refuses it with a service, --timeout, --daemon or a counters format.
  if (f.connection && !f.json) return listConnections(io, f.persistentConn);
  const ipvs = await IpvsClient.open();
  try {
    if (f.json) {
      const r = await readListJson(ipvs, f.service, io);
      io.stdout.write(formatJson({ ...r, snap: { ...r.snap, services: r.services } }));
      return r.status;
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
