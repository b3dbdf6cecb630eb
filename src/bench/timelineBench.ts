/**
 * The monitor's history (state/timeline.ts), natively: bytes per moment and CPU per moment, and
 * what 15 minutes at `-i 1` hold, at 100 x 4 and 1,000 x 10, idle and with traffic on every
 * server. The states are the monitor's own, folded by its reducer from polls of synthetic tables
 * one second apart; the real servers read are those of the first 40 services (about what a
 * 200x50 Services pane shows: a large table is read only where it is on screen), and the
 * connection table's counts are read before each poll (historySamples.ts connSummaryOf).
 */
import type { HistorySample } from '../history/sample.js';
import { serviceKey } from '../state/identity.js';
import { initialState, reducer } from '../state/model.js';
import { MonitorTimeline, timelineOptions } from '../state/timeline.js';
import { atEachTable } from './historyBench.js';
import { connSummaryOf, nextSample, seeded, syntheticTable } from './historySamples.js';

export interface TimelineFigure {
  services: number;
  dests: number;
  busy: boolean;
  bytesPerMoment: number;
  cpuMsPerMoment: number;
  /** 900 moments (15 minutes at -i 1), MiB; over the budget, older moments go. */
  mibPer15Min: number;
}

const MOMENTS = 120;
const SPAN_MS = 15 * 60_000;
/** Services whose real servers the monitor reads: those on a large screen. */
const ON_SCREEN = 40;

function pollOf(s: HistorySample, prevAt: number) {
  const dests = s.services
    .slice(0, ON_SCREEN)
    .map((x) => ({ key: serviceKey(x.service), dests: x.dests, at: s.takenAt, prevAt }));
  const { info, timeouts, daemons } = s;
  const table = {
    takenAt: s.takenAt,
    latencyMs: 1,
    info,
    timeouts,
    daemons,
    services: s.services.map((x) => x.service),
  };
  return { type: 'poll' as const, at: s.takenAt, prevAt, skipped: 0, table, dests };
}

export function timelineFigure(services: number, dests: number, busy: boolean): TimelineFigure {
  const rand = seeded(1);
  const timeline = new MonitorTimeline(timelineOptions(SPAN_MS));
  let sample = syntheticTable(services, dests, Date.UTC(2026, 0, 1));
  let state = initialState({ intervalMs: 1000, exact: false });
  let cpuUs = 0;
  for (let i = 0; i < MOMENTS; i++) {
    sample = nextSample(sample, 1, busy, rand);
    // The connection table read before each poll: its counts are kept with the table.
    state = reducer(state, { type: 'conn', summary: connSummaryOf(sample) });
    const e = pollOf(sample, state.lastPollAt ?? -Infinity);
    const next = reducer(state, e);
    const before = process.cpuUsage();
    timeline.note(state, next, e.at, e);
    const used = process.cpuUsage(before);
    cpuUs += used.user + used.system;
    state = next;
  }
  const bytesPerMoment = timeline.byteSize / MOMENTS;
  return {
    services,
    dests,
    busy,
    bytesPerMoment,
    cpuMsPerMoment: cpuUs / 1000 / MOMENTS,
    mibPer15Min: (bytesPerMoment * 900) / 2 ** 20,
  };
}

export const timelineFigures = (): TimelineFigure[] => atEachTable(timelineFigure);
