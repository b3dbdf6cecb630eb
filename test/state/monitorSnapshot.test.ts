/** The monitor's history in a snapshot: one store segment that `replay` reads as a recording of what the monitor kept. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HistoryReader } from '../../src/history/reader.js';
import type { Service } from '../../src/kernel/ipvs/types.js';
import { historySegment } from '../../src/state/monitorSnapshot.js';
import { MonitorTimeline } from '../../src/state/timeline.js';
import { dest, service, stats } from '../ui/fakes.js';
import { type DestsOf, noDests, poll, start } from './build.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** `count` polls a second apart, the weight of .12 going 1 -> 5 at the 12th; every state noted as the App does. */
function kept(count: number, destsOf: (i: number) => DestsOf) {
  const timeline = new MonitorTimeline({ spanMs: 60_000, maxBytes: 1 << 20 });
  let state = start();
  for (let i = 0; i < count; i++) {
    const at = Date.UTC(2026, 11, 5, 3, 0, i);
    const services: Service[] = [{ ...service('192.0.2.1'), stats: stats(100 + 9 * i * i) }, service('192.0.2.2')];
    const next = poll(state, at, services, destsOf(i));
    timeline.note(state, next, at, { at, prevAt: state.lastPollAt ?? -Infinity, skipped: 0 });
    state = next;
  }
  return timeline;
}

function readBack(bytes: Buffer, name: string): HistoryReader {
  const dir = mkdtempSync(join(tmpdir(), 'ipvstop-monitor-history-'));
  dirs.push(dir);
  writeFileSync(join(dir, name), bytes);
  return HistoryReader.open(dir);
}

describe("the monitor's history as a store segment", () => {
  it('reads back, table for table, as the monitor kept it: every number, across groups', () => {
    const timeline = kept(25, (i) => () => [dest('198.51.100.11'), dest('198.51.100.12', i < 12 ? 1 : 5)]);
    const segment = historySegment(timeline, 'lb1', 1000)!;
    expect(segment).toMatchObject({ tables: 25, withUnread: 0 });
    expect(segment.name).toBe(`segment-00${Date.UTC(2026, 11, 5, 3, 0, 0)}.ipvh`);
    const store = readBack(segment.bytes, segment.name);
    expect(store.headers()).toEqual([{ host: 'lb1', intervalMs: 1000, createdAt: Date.UTC(2026, 11, 5, 3, 0, 0) }]);
    const replayed = [...store.between(0, Number.MAX_SAFE_INTEGER)];
    const tables = timeline.keptTables();
    expect(replayed).toEqual(tables.map((t) => timeline.sampleOf(t)));
    const weightAt = (i: number) => replayed[i]!.services[0]!.dests[1]!.weight;
    expect([weightAt(11), weightAt(12)]).toEqual([1, 5]);
    expect(replayed[24]!.services[0]!.service.stats.connections).toBe(BigInt(100 + 9 * 24 * 24));
  });

  it('counts the tables that lack real servers the monitor had not read; nothing kept is no segment', () => {
    // Read from the third poll on: a service's real servers once read stay drawn until the next read.
    const timeline = kept(4, (i) => (i < 2 ? noDests : () => [dest('198.51.100.11')]));
    expect(historySegment(timeline, 'lb1', 1000)).toMatchObject({ tables: 4, withUnread: 2 });
    expect(historySegment(new MonitorTimeline({ spanMs: 60_000, maxBytes: 1 << 20 }), 'lb1', 1000)).toBeUndefined();
    expect(historySegment(undefined, 'lb1', 1000)).toBeUndefined();
  });
});
