/**
 * `ipvstop record`: samples the whole IPVS table (services and every real server, and the HA
 * daemon's view as `list --json` reads it) at a fixed rate into a history store (src/history),
 * until SIGTERM or SIGINT. A record is written in one synchronous call, so a signal always finds
 * the last record whole.
 */
import { hostname } from 'node:os';
import { haStatus } from '../domain/ha.js';
import { errorLine } from '../errors.js';
import { HistoryReader } from '../history/reader.js';
import type { HistorySample } from '../history/sample.js';
import { HistoryWriter } from '../history/writer.js';
import { fsReason } from '../kernel/fs/fsReason.js';
import { IpvsClient } from '../kernel/ipvs/client.js';
import { readHa } from '../kernel/keepalived/haReading.js';
import { ProcReadError } from '../kernel/proc/boundedRead.js';
import { readConnTable } from '../kernel/proc/connTable.js';
import type { ConnTableSummary } from '../kernel/proc/types.js';
import { readSnapshot } from '../kernel/sources.js';
import { nextTick } from '../state/loop.js';
import { HISTORY_DIR_DEFAULT, type RecordFlags } from './historyArgs.js';
import type { Io } from './program.js';

/** What the loop needs from outside; tests pass fakes. */
export interface RecordDeps {
  sample(): Promise<HistorySample>;
  now(): number;
  /** Resolves after `ms`, or at once when `stop` fires. */
  sleep(ms: number, stop: AbortSignal): Promise<void>;
}

const sleep = (ms: number, stop: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const t = setTimeout(done, ms);
    stop.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(t);
      stop.removeEventListener('abort', done);
      resolve();
    }
  });

/**
 * The connection table counted, or nothing when it cannot be read (the sample then says its
 * counts were not recorded): one line on stderr, again only when the reason changes. `read`: the
 * table's reader (a test reads another file).
 */
export async function connCounts(
  io: Io,
  said: { line?: string },
  read: () => Promise<ConnTableSummary> = readConnTable,
): Promise<ConnTableSummary | undefined> {
  try {
    const conns = await read();
    said.line = undefined;
    return conns;
  } catch (e) {
    if (!(e instanceof ProcReadError)) throw e;
    if (said.line !== e.message) io.stderr.write(`ipvstop: record: ${e.message}; no connection counts recorded\n`);
    said.line = e.message;
    return undefined;
  }
}

/**
 * One sample: HA before the table, as `list --json` reads them (keepalived's weights reach the
 * kernel before its dump), then the connection table (its counts carry their own time).
 */
async function kernelSample(ipvs: IpvsClient, conns: (() => Promise<ConnTableSummary | undefined>) | undefined) {
  const reading = await readHa((await ipvs.daemons()).length > 0);
  const snap = await readSnapshot(ipvs);
  const { latencyMs: _l, ...table } = snap;
  const sample: HistorySample = { ...table, ha: haStatus(reading, snap.services, snap.daemons) };
  const counted = await conns?.();
  if (counted) sample.conns = counted;
  return sample;
}

/**
 * Samples every `interval` seconds on a fixed grid (a slow read skips the ticks it overran, it
 * does not shift the grid) until `stop` fires. A failed read is one line on stderr, once until
 * reads work again, and no record.
 */
export async function recordLoop(w: HistoryWriter, f: RecordFlags, deps: RecordDeps, io: Io, stop: AbortSignal) {
  const period = f.interval * 1000;
  const start = deps.now();
  let tick = 0;
  let failing: string | undefined;
  while (!stop.aborted) {
    try {
      w.append(await deps.sample());
      if (failing !== undefined) io.stderr.write('ipvstop: record: reading the table works again\n');
      failing = undefined;
    } catch (e) {
      const line = errorLine(e);
      if (line !== failing) io.stderr.write(`ipvstop: record: ${line}; no sample taken\n`);
      failing = line;
    }
    tick = nextTick(tick, deps.now() - start, period);
    await deps.sleep(Math.max(0, start + tick * period - deps.now()), stop);
  }
}

/** `uid`: the caller's (a test passes another). */
export async function recordCommand(f: RecordFlags, io: Io, uid = process.getuid?.()): Promise<number> {
  if (f.dir.replace(/\/+$/, '') === HISTORY_DIR_DEFAULT && uid !== 0) {
    io.stderr.write(`ipvstop: record: ${HISTORY_DIR_DEFAULT} is root's; run as root, or give --dir DIR\n`);
    return 1;
  }
  let w: HistoryWriter;
  try {
    w = new HistoryWriter(f.dir, {
      host: hostname(),
      intervalMs: f.interval * 1000,
      retainMs: f.retainMs,
      maxBytes: f.maxBytes,
    });
  } catch (e) {
    io.stderr.write(`ipvstop: record: cannot make the store ${f.dir}: ${fsReason(e)}\n`);
    return 1;
  }
  // A store this version cannot read is not written into: its segments and ours would not make one store.
  HistoryReader.open(f.dir);
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  const ipvs = await IpvsClient.open();
  try {
    const said = {};
    const conns = f.conns ? () => connCounts(io, said) : undefined;
    await recordLoop(w, f, { sample: () => kernelSample(ipvs, conns), now: Date.now, sleep }, io, stop.signal);
    return 0;
  } finally {
    w.close();
    ipvs.close();
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  }
}
