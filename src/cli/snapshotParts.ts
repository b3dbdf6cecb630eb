/**
 * The parts of `ipvstop snapshot`'s archive (docs/snapshot.md), each a file read on its own: one
 * that fails is said in the manifest and the others are still taken. The IPVS table is read once,
 * as `list --json` reads it, and every `ipvsadm -L -n` text form is written from that one read
 * with `list`'s own formatters, so that the forms agree with each other and with list.json.
 */
import { errorLine } from '../errors.js';
import { listSegments } from '../history/segments.js';
import { runSystemTool } from '../kernel/exec/systemTool.js';
import { IpvsClient } from '../kernel/ipvs/client.js';
import { type HaReading, readHa } from '../kernel/keepalived/haReading.js';
import { bootTimeMs, KernelLogReader } from '../kernel/kmsg.js';
import { forEachConnRow } from '../kernel/proc/connTable.js';
import { readForwardingSysctls, readIpvsSysctls } from '../kernel/sysctl.js';
import { formatJson } from '../output/jsonSnapshot.js';
import { formatHaReading, formatKernelLog, formatSysctls } from '../output/snapshot.js';
import { formatDoctorJson } from '../output/text/doctor.js';
import { formatConnHeader, formatConnRow, formatDaemons, formatTimeouts } from '../output/text/listOptions.js';
import { formatServiceList, type ListFormat } from '../output/text/serviceList.js';
import { captureIo } from './captureIo.js';
import { doctorReport } from './doctor.js';
import { type ListJsonRead, readListJson, reportConnRead } from './listJson.js';
import { replayCommand } from './replay.js';
import { replayEvents } from './replayEvents.js';

/** The connection table's entries written at most: about 100 bytes each, 10 MB of text before gzip. */
export const CONN_CAP = 100_000;
/** How far back the recorder's history goes into the archive. */
export const HISTORY_WINDOW = '15m';
/** Each `ip` listing gets this long. */
const IP_TIMEOUT_MS = 5000;

/** What a part wrote (text, or bytes: the monitor's history); `partial` says what is missing from it. */
export interface PartText {
  text: string | Buffer;
  partial?: string;
}

/** Nothing to take, and why (the recorder's history on a director that does not record): not a failure. */
export interface Absent {
  absent: string;
}

/** One file of the archive: read() throws when it failed. */
export interface Part {
  file: string;
  read(): Promise<PartText | Absent>;
}

/** The connection table's entries written and left out, once its part was read. */
export interface ConnCount {
  written: number;
  leftOut: number;
}

/** The IPVS table as `list --json` reads it, once for every part that needs it; with what it said on stderr. */
export class TableRead {
  private client: Promise<IpvsClient> | undefined;
  private read: Promise<{ r: ListJsonRead; warnings: string }> | undefined;
  private haRead: Promise<HaReading> | undefined;

  list(): Promise<{ r: ListJsonRead; warnings: string }> {
    this.read ??= this.readList();
    return this.read;
  }

  private async readList(): Promise<{ r: ListJsonRead; warnings: string }> {
    // A snapshot records the director as it is: where ip_vs is not loaded, it says so, and does not load it.
    this.client = IpvsClient.open({ loadModule: false });
    const cap = captureIo();
    const r = await readListJson(await this.client, undefined, cap.io);
    return { r, warnings: cap.stderr().trim() };
  }

  /** The HA daemon's reading that the table's read took; its own read when the table could not be read (IPVS absent). */
  ha(): Promise<HaReading> {
    this.haRead ??= this.list().then(
      ({ r }) => r.reading,
      () => readHa(false),
    );
    return this.haRead;
  }

  async close(): Promise<void> {
    (await this.client?.catch(() => undefined))?.close();
  }
}

const TEXT_FORMS: [string, ListFormat][] = [
  ['', 'default'],
  ['-stats', 'stats'],
  ['-rate', 'rate'],
  ['-thresholds', 'thresholds'],
  ['-tun-info', 'tun-info'],
];

/** list.json, and what `ipvsadm -L -n` prints with each listing flag, from the one read. */
function tableParts(table: TableRead): Part[] {
  const listJson: Part = {
    file: 'list.json',
    read: async () => {
      const { r, warnings } = await table.list();
      const text = formatJson({ ...r, snap: { ...r.snap, services: r.services } });
      return { text, ...(warnings && { partial: warnings }) };
    },
  };
  const forms = TEXT_FORMS.map(
    ([suffix, format]): Part => ({
      file: `ipvsadm-L-n${suffix}.txt`,
      read: async () => {
        const { snap } = (await table.list()).r;
        return { text: formatServiceList(snap.info, snap.services, { format, exact: false, sort: true }) };
      },
    }),
  );
  const timeout: Part = {
    file: 'ipvsadm-L-n-timeout.txt',
    read: async () => ({ text: formatTimeouts((await table.list()).r.snap.timeouts) }),
  };
  const daemon: Part = {
    file: 'ipvsadm-L-n-daemon.txt',
    read: async () => ({ text: formatDaemons((await table.list()).r.snap.daemons) }),
  };
  return [listJson, ...forms, timeout, daemon];
}

/** `ipvsadm -L -n -c`, the first CONN_CAP entries; `count` gets how many were written and left out. */
async function connTable(count: (c: ConnCount) => void): Promise<PartText> {
  const rows: string[] = [formatConnHeader(false)];
  let all = 0;
  const read = await forEachConnRow((row) => {
    if (++all <= CONN_CAP) rows.push(formatConnRow(row, false));
  });
  const leftOut = Math.max(0, all - CONN_CAP);
  count({ written: all - leftOut, leftOut });
  const cap = captureIo();
  reportConnRead(cap.io, read, 'the table is partial');
  const problems = [leftOut ? `${leftOut} of ${all} entries left out (at most ${CONN_CAP} are written)` : ''];
  problems.push(
    cap
      .stderr()
      .trim()
      .replace(/^ipvstop: /, ''),
  );
  const partial = problems.filter(Boolean).join('; ');
  return { text: rows.join(''), ...(partial && { partial }) };
}

/** The HA daemon's reading, the doctor, the sysctls, the kernel log's IPVS lines. */
function directorParts(table: TableRead, count: (c: ConnCount) => void): Part[] {
  return [
    { file: 'ipvsadm-L-n-c.txt', read: () => connTable(count) },
    { file: 'doctor.json', read: async () => ({ text: formatDoctorJson(await doctorReport(false, false)) }) },
    {
      file: 'ha-daemon.json',
      read: async () => {
        const reading = await table.ha();
        return { text: formatHaReading(reading), ...(reading.error && { partial: reading.error }) };
      },
    },
    {
      file: 'sysctls.txt',
      read: async () => {
        const vs = await readIpvsSysctls();
        const text = formatSysctls({ ...vs, ...(await readForwardingSysctls()) });
        return { text, ...(vs === null && { partial: 'no net.ipv4.vs settings: IPVS is not loaded' }) };
      },
    },
    { file: 'kernel-log.txt', read: kernelLog },
  ];
}

async function kernelLog(): Promise<PartText> {
  const reader = new KernelLogReader();
  try {
    return { text: formatKernelLog(await reader.read(), await bootTimeMs()) };
  } finally {
    await reader.close();
  }
}

/** Addresses, routes (both families, every table) and neighbours, as `ip` prints them (run without a shell). */
function networkParts(): Part[] {
  const ip = (file: string, args: string[]): Part => ({
    file,
    read: async () => ({ text: (await runSystemTool('ip', args, IP_TIMEOUT_MS)).stdout }),
  });
  return [
    ip('ip-addr.txt', ['-d', 'addr', 'show']),
    ip('ip-route.txt', ['route', 'show', 'table', 'all']),
    ip('ip-6-route.txt', ['-6', 'route', 'show', 'table', 'all']),
    ip('ip-neigh.txt', ['neigh', 'show']),
  ];
}

/** A replay command's output; it failing (a store it cannot read) is this part failing. */
async function replayed(run: (io: ReturnType<typeof captureIo>['io']) => Promise<number>): Promise<PartText> {
  const cap = captureIo();
  const status = await run(cap.io);
  const said = cap
    .stderr()
    .trim()
    .replace(/^ipvstop: /, '');
  if (status !== 0) throw new Error(said || `replay exited ${status}`);
  return { text: cap.stdout(), ...(said && { partial: said }) };
}

/** Why `dir` holds no recorder's store, or undefined when it does. */
function noStore(dir: string): Absent | undefined {
  try {
    return listSegments(dir).length > 0 ? undefined : { absent: `no recorded history in ${dir}` };
  } catch (e) {
    return { absent: errorLine(e) };
  }
}

/** The recorder's last HISTORY_WINDOW: `replay --events --since -15m`, and `replay --at -0s --json`. */
function historyParts(dir: string): Part[] {
  const base = { dir, json: false, events: false };
  return [
    {
      file: 'history/events.txt',
      read: async () =>
        noStore(dir) ?? replayed((io) => replayEvents({ ...base, events: true, since: `-${HISTORY_WINDOW}` }, io)),
    },
    {
      file: 'history/now.json',
      read: async () => noStore(dir) ?? replayed((io) => replayCommand({ ...base, json: true, at: '-0s' }, io)),
    },
  ];
}

/** Every part, in the archive's order; `count` gets the connection table's counts when it is read. */
export function snapshotParts(table: TableRead, historyDir: string, count: (c: ConnCount) => void): Part[] {
  return [...tableParts(table), ...directorParts(table, count), ...networkParts(), ...historyParts(historyDir)];
}
