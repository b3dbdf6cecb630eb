/**
 * `ipvstop replay --at TIME --json`: the `list --json` document of the recorded sample at or
 * before TIME (`--events` is replayEvents.ts). The connection counts are the ones recorded with it; a
 * sample without them (`record --no-conns`, or a table that could not be read) has null there, and
 * connError says so.
 */
import { HistoryReader } from '../history/reader.js';
import { formatJson } from '../output/jsonSnapshot.js';
import { UsageError } from './errors.js';
import type { ReplayFlags } from './historyArgs.js';
import type { Io } from './program.js';
import { replayEvents } from './replayEvents.js';
import { parseAt } from './timeArg.js';

const NOT_RECORDED = 'the connection table was not recorded with this sample';

const iso = (ms: number): string => new Date(ms).toISOString();

export async function replayCommand(f: ReplayFlags, io: Io, now = Date.now()): Promise<number> {
  if (f.events) return replayEvents(f, io, now);
  if (f.since !== undefined || f.until !== undefined) throw new UsageError('--since and --until go with --events');
  if (!f.json) return (await import('./replayMonitor.js')).replayMonitor(f, io, now);
  if (f.at === undefined) throw new UsageError('replay --json needs --at TIME (or --events)');
  const at = parseAt(f.at, now);
  const store = HistoryReader.open(f.dir);
  const times = store.times();
  const sample = store.sampleAt(at);
  if (!sample) {
    const held = times.length ? `it holds ${iso(times[0]!)} to ${iso(times.at(-1)!)}` : 'it holds no sample';
    io.stderr.write(`ipvstop: replay: no sample at or before ${iso(at)} in ${f.dir}; ${held}\n`);
    return 1;
  }
  const interval = store.headers().at(-1)?.intervalMs ?? 0;
  if (at - sample.takenAt > 2 * interval) {
    io.stderr.write(`ipvstop: replay: warning: the sample nearest before ${iso(at)} is of ${iso(sample.takenAt)}\n`);
  }
  const { ha, doctor: _doctor, conns, ...table } = sample;
  io.stdout.write(
    formatJson({
      snap: { ...table, latencyMs: 0 },
      ...(conns ? { conns } : { connError: NOT_RECORDED }),
      ha,
      savedWeightsError: 'the saved weights are not recorded',
    }),
  );
  return 0;
}
