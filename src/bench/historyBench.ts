/**
 * The recorder's store (src/history), natively: bytes per sample on disk and CPU per sample at
 * 100 x 4 and 1,000 x 10, idle and with traffic on every server, with the connection table's
 * counts and without (`--no-conns`), one keyframe cycle (60 samples,
 * 10 s apart on a fake clock) each, written through HistoryWriter to a temporary directory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listSegments } from '../history/segments.js';
import { HistoryWriter } from '../history/writer.js';
import { connSummaryOf, nextSample, seeded, syntheticTable, trafficFloorBytes } from './historySamples.js';

export interface HistoryFigure {
  services: number;
  dests: number;
  busy: boolean;
  /** The connection table's counts recorded with each sample (record's default; `--no-conns`: not). */
  conns: boolean;
  bytesPerSample: number;
  cpuMsPerSample: number;
  /** A day every 10 s (8,640 samples), in MB (10^6 bytes). */
  mbPerDay: number;
  /** The least a day of this traffic can take in any lossless store (trafficFloorBytes), in MB; 0 when idle. */
  floorMbPerDay: number;
}

const SAMPLES_PER_DAY = 8640;

const SAMPLES = 60;

export function historyFigure(services: number, dests: number, busy: boolean, conns: boolean): HistoryFigure {
  const dir = mkdtempSync(join(tmpdir(), 'ipvstop-history-bench-'));
  try {
    const rand = seeded(1);
    let s = syntheticTable(services, dests, Date.UTC(2026, 0, 1));
    const w = new HistoryWriter(dir, { host: 'bench', intervalMs: 10_000, retainMs: 0, maxBytes: 0 });
    let cpuUs = 0;
    for (let i = 0; i < SAMPLES; i++) {
      s = nextSample(s, 10, busy, rand);
      if (conns) s.conns = connSummaryOf(s);
      const before = process.cpuUsage();
      w.append(s);
      const used = process.cpuUsage(before);
      cpuUs += used.user + used.system;
    }
    w.close();
    const bytes = listSegments(dir).reduce((n, f) => n + f.bytes, 0);
    const bytesPerSample = bytes / SAMPLES;
    return {
      services,
      dests,
      busy,
      conns,
      bytesPerSample,
      cpuMsPerSample: cpuUs / 1000 / SAMPLES,
      mbPerDay: (bytesPerSample * SAMPLES_PER_DAY) / 1e6,
      floorMbPerDay: busy ? (trafficFloorBytes(services, dests, 10) * SAMPLES_PER_DAY) / 1e6 : 0,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A figure at 100 x 4 and 1,000 x 10, idle and with traffic on every server, in that order. */
export function atEachTable<T>(figure: (services: number, dests: number, busy: boolean) => T): T[] {
  const out: T[] = [];
  for (const [services, dests] of [
    [100, 4],
    [1000, 10],
  ] as const) {
    for (const busy of [false, true]) out.push(figure(services, dests, busy));
  }
  return out;
}

/** Each table as `record` writes it, with the connection counts, then as `record --no-conns` does. */
export const historyFigures = (): HistoryFigure[] =>
  [true, false].flatMap((conns) => atEachTable((services, dests, busy) => historyFigure(services, dests, busy, conns)));
