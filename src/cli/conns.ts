/**
 * `ipvstop conns`: the connection table as `ipvsadm -Lcn` prints it, filtered row by row as
 * it is read (by service, client, real server, state, templates), or its top talkers, or
 * JSON. Nothing but the rows being written is held: a table can hold a million entries.
 */
import { ipvsadmServiceArg } from '../actions/describe.js';
import { type ConnFilter, connFilterNeedle, connFilterTest, takesEveryRow } from '../domain/connFilter.js';
import { TopTalkers } from '../domain/topTalkers.js';
import { IpvsClient } from '../kernel/ipvs/client.js';
import { forEachConnRow, forEachConnRowBytes, IP_VS_CONN, type RowReadResult } from '../kernel/proc/connTable.js';
import type { ConnRow } from '../kernel/proc/types.js';
import { readSnapshot } from '../kernel/sources.js';
import { CONNS_JSON_START, connEntryLine, connsJsonEnd, topTalkersJson } from '../output/connsJson.js';
import { ConnRowBytes } from '../output/text/connRowBytes.js';
import { formatConnHeader, formatConnRow } from '../output/text/listOptions.js';
import { formatTopTalkers } from '../output/text/topTalkers.js';
import type { ConnsFlags } from './connsArgs.js';
import { UsageError } from './errors.js';
import { reportConnRead, sameService } from './list.js';
import type { Io } from './program.js';

/** The filter of the flags; a service is looked up in the kernel's table (with its real servers). */
async function filterOf(f: ConnsFlags): Promise<ConnFilter> {
  const filter: ConnFilter = { client: f.client, server: f.server, state: f.state, templatesOnly: f.templates };
  const wanted = f.service;
  if (!wanted) return filter;
  const ipvs = await IpvsClient.open();
  try {
    const table = (await readSnapshot(ipvs)).services;
    const service = table.find((s) => sameService(s.service, wanted));
    if (!service) throw new UsageError(`no such service: ${ipvsadmServiceArg(wanted)}`);
    return { ...filter, service, table };
  } finally {
    ipvs.close();
  }
}

/** Text written in pieces of about 64 KiB: one write per row is slow for a big table. */
function bufferedWriter(io: Io): { write(s: string): void; flush(): void } {
  let buf = '';
  return {
    write(s) {
      buf += s;
      if (buf.length > 1 << 16) {
        io.stdout.write(buf);
        buf = '';
      }
    },
    flush() {
      io.stdout.write(buf);
      buf = '';
    },
  };
}

/** Reads the table, handing `onRow` the rows that pass the filter, in the kernel's order. */
async function readMatching(filter: ConnFilter, onRow: (r: ConnRow) => void, path: string): Promise<RowReadResult> {
  const test = connFilterTest(filter);
  return forEachConnRow((r) => test(r) && onRow(r), path, undefined, connFilterNeedle(filter));
}

/** The header and every row, most rows straight from their bytes (a million-row table makes no garbage). */
async function everyRow(io: Io, path: string): Promise<RowReadResult> {
  const text = new ConnRowBytes((block) => io.stdout.write(block));
  text.text(formatConnHeader(false));
  const read = await forEachConnRowBytes(
    (b, start, layout) => text.fixedRow(b, start, layout),
    (r) => text.text(formatConnRow(r, false)),
    path,
  );
  text.flush();
  return read;
}

export async function connsCommand(f: ConnsFlags, io: Io, path = IP_VS_CONN): Promise<number> {
  const filter = await filterOf(f);
  const out = bufferedWriter(io);
  if (f.top !== undefined) {
    const talkers = new TopTalkers();
    const read = takesEveryRow(filter)
      ? await forEachConnRowBytes(
          (b, start, layout) => talkers.addFixed(b, start, layout),
          (r) => talkers.add(r),
          path,
        )
      : await readMatching(filter, (r) => talkers.add(r), path);
    const report = talkers.report(f.top);
    out.write(f.json ? topTalkersJson(report, read.malformed, read.truncated) : formatTopTalkers(report, f.top));
    out.flush();
    return reportConnRead(io, read, 'the counts are partial');
  }
  if (f.json) {
    let first = true;
    out.write(CONNS_JSON_START);
    const read = await readMatching(
      filter,
      (r) => {
        out.write(connEntryLine(r, first));
        first = false;
      },
      path,
    );
    out.write(connsJsonEnd(read.malformed, read.truncated));
    out.flush();
    return reportConnRead(io, read, 'the list is partial');
  }
  if (takesEveryRow(filter)) return reportConnRead(io, await everyRow(io, path), 'the list is partial');
  out.write(formatConnHeader(false));
  const read = await readMatching(filter, (r) => out.write(formatConnRow(r, false)), path);
  out.flush();
  return reportConnRead(io, read, 'the list is partial');
}
