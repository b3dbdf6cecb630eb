/** The history store on disk: round trip, keyframes and deltas, limits, crash leftovers and refusals. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nextSample, seeded, syntheticTable } from '../../src/bench/historySamples.js';
import {
  StoreCorruptError,
  StoreForeignError,
  StoreTruncatedError,
  StoreVersionError,
} from '../../src/history/errors.js';
import { HistoryReader } from '../../src/history/reader.js';
import type { HistorySample } from '../../src/history/sample.js';
import { listSegments } from '../../src/history/segments.js';
import { HistoryWriter, type WriterOptions } from '../../src/history/writer.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ipvstop-history-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const T0 = Date.UTC(2026, 11, 4, 3, 0, 0);
const OPTS: WriterOptions = { host: 'lb1', intervalMs: 10_000, retainMs: 0, maxBytes: 0, sync: false };

/** `n` samples 10 s apart on a fake clock, busy; a weight changes at sample `n / 2`. */
function samples(n: number, services = 5, dests = 3): HistorySample[] {
  const rand = seeded(7);
  let s = syntheticTable(services, dests, T0);
  const out: HistorySample[] = [];
  for (let i = 0; i < n; i++) {
    s = nextSample(s, 10, true, rand);
    if (i === Math.floor(n / 2)) s.services[0]!.dests[0]!.weight = 0;
    out.push(s);
  }
  return out;
}

function write(list: HistorySample[], opts: Partial<WriterOptions> = {}): HistoryWriter {
  const w = new HistoryWriter(dir, { ...OPTS, ...opts });
  for (const s of list) w.append(s);
  w.close();
  return w;
}

describe('a store', () => {
  it('gives back every sample exactly, by time and between times, across keyframes and a structure change', () => {
    const list = samples(300);
    // A counter past 2^53 must come back exact.
    list[10]!.services[1]!.dests[2]!.stats.inBytes = 2n ** 63n + 5n;
    write(list, { keyframeEvery: 25 });
    const r = HistoryReader.open(dir);
    expect(r.times()).toEqual(list.map((s) => s.takenAt));
    for (const i of [0, 1, 10, 24, 25, 26, 149, 150, 151, 299]) expect(r.sampleAt(list[i]!.takenAt)).toEqual(list[i]);
    // Between two samples: the earlier one.
    expect(r.sampleAt(list[40]!.takenAt + 9_999)).toEqual(list[40]);
    expect(r.sampleAt(T0)).toBeUndefined();
    expect([...r.between(list[100]!.takenAt, list[160]!.takenAt)]).toEqual(list.slice(100, 161));
    expect(r.sampleAt(list[149]!.takenAt)?.services[0]?.dests[0]?.weight).toBe(100);
    expect(r.sampleAt(list[150]!.takenAt)?.services[0]?.dests[0]?.weight).toBe(0);
    expect(r.headers()[0]).toEqual({ host: 'lb1', intervalMs: 10_000, createdAt: list[0]!.takenAt });
  });

  it('keeps the retention over thousands of samples, deleting whole old segments', () => {
    const list = samples(3000, 2, 2); // 8 h 20 min at 10 s
    const retainMs = 3600_000;
    write(list, { retainMs });
    const times = HistoryReader.open(dir).times();
    const newest = list.at(-1)!.takenAt;
    expect(times.at(-1)).toBe(newest);
    // At least the retention is kept, and at most one segment (retention / 8) more.
    expect(times[0]).toBeLessThanOrEqual(newest - retainMs);
    expect(times[0]).toBeGreaterThanOrEqual(newest - retainMs - retainMs / 8);
    expect(times).toEqual(list.map((s) => s.takenAt).filter((t) => t >= times[0]!));
  });

  it('keeps under the size limit over thousands of samples', () => {
    const maxBytes = 300_000;
    const w = new HistoryWriter(dir, { ...OPTS, maxBytes });
    for (const s of samples(3000, 4, 3)) {
      w.append(s);
      expect(listSegments(dir).reduce((n, f) => n + f.bytes, 0)).toBeLessThanOrEqual(maxBytes);
    }
    w.close();
    const total = listSegments(dir).reduce((n, f) => n + f.bytes, 0);
    expect(total).toBeGreaterThan(maxBytes / 2);
    expect(HistoryReader.open(dir).times().length).toBeGreaterThan(100);
  });

  it('starts a new segment on each open, and reads across segments', () => {
    const list = samples(40);
    write(list.slice(0, 20));
    write(list.slice(20));
    expect(listSegments(dir)).toHaveLength(2);
    const r = HistoryReader.open(dir);
    expect([...r.between(0, Number.MAX_SAFE_INTEGER)]).toEqual(list);
  });
});

describe('after a crash', () => {
  it('reads every earlier sample, whatever byte of the last record the file was cut at', () => {
    const list = samples(12);
    // The same samples give the same bytes: a store of the first 11 is the full one without its last record.
    const w = new HistoryWriter(join(dir, 'first11'), OPTS);
    for (const s of list.slice(0, 11)) w.append(s);
    w.close();
    const before = readFileSync(listSegments(join(dir, 'first11'))[0]!.path);
    rmSync(join(dir, 'first11'), { recursive: true });
    write(list);
    const [seg] = listSegments(dir);
    const full = readFileSync(seg!.path);
    expect(full.subarray(0, before.length)).toEqual(before);
    const lastStart = before.length;
    for (let cut = lastStart; cut < full.length; cut++) {
      writeFileSync(seg!.path, full.subarray(0, cut));
      const r = HistoryReader.open(dir);
      expect(r.times()).toEqual(list.slice(0, 11).map((s) => s.takenAt));
      expect(r.sampleAt(list[11]!.takenAt)).toEqual(list[10]);
      expect(r.tornBytes()).toBe(cut - lastStart);
    }
    // A flipped byte in the last record is torn too; in an earlier one, corruption.
    const flipped = Buffer.from(full);
    flipped[full.length - 3]! ^= 0xff;
    writeFileSync(seg!.path, flipped);
    expect(HistoryReader.open(dir).times()).toHaveLength(11);
    const mid = Buffer.from(full);
    mid[lastStart - 5]! ^= 0xff;
    writeFileSync(seg!.path, mid);
    expect(() => HistoryReader.open(dir)).toThrow(StoreCorruptError);
    // A zero-filled tail (a power cut) is torn, not corruption.
    writeFileSync(seg!.path, Buffer.concat([before, Buffer.alloc(700)]));
    expect(HistoryReader.open(dir).times()).toHaveLength(11);
  });

  it('skips a newest segment cut inside its header, and refuses an older one', () => {
    write(samples(3));
    writeFileSync(join(dir, 'segment-999999999999999.ipvh'), Buffer.from('IPVSTO'));
    expect(HistoryReader.open(dir).times()).toHaveLength(3);
    writeFileSync(join(dir, 'segment-000000000000001.ipvh'), Buffer.alloc(0));
    expect(() => HistoryReader.open(dir)).toThrow(StoreTruncatedError);
    expect(() => HistoryReader.open(dir)).toThrow('segment-000000000000001.ipvh: history segment cut short');
  });
});

describe('a store that is not ours to read', () => {
  it('is refused with one line: another version, a foreign file, a corrupt header', () => {
    write(samples(3));
    const [seg] = listSegments(dir);
    const good = readFileSync(seg!.path);
    const future = Buffer.from(good);
    future.writeUInt16BE(2, 8);
    writeFileSync(seg!.path, future);
    expect(() => HistoryReader.open(dir)).toThrow(StoreVersionError);
    expect(() => HistoryReader.open(dir)).toThrow(/history format version 2, this ipvstop reads version 1 only$/);
    writeFileSync(seg!.path, Buffer.from('{"not": "ours"}\n'));
    expect(() => HistoryReader.open(dir)).toThrow(StoreForeignError);
    const badHeader = Buffer.from(good);
    badHeader[20]! ^= 0x01;
    writeFileSync(seg!.path, badHeader);
    expect(() => HistoryReader.open(dir)).toThrow(StoreCorruptError);
  });

  it('refuses, at once, a file named as a segment that is a FIFO, a symlink or larger than a segment can be', () => {
    const name = 'segment-001764979200000.ipvh';
    const path = join(dir, name);
    // A FIFO: reading it would wait for a writer forever.
    execFileSync('mkfifo', [path]);
    expect(() => HistoryReader.open(dir)).toThrow(new StoreCorruptError(`${name}: a FIFO`));
    rmSync(path);
    symlinkSync('/etc/hostname', path);
    expect(() => HistoryReader.open(dir)).toThrow(new StoreCorruptError(`${name}: a symlink, not followed`));
    rmSync(path);
    // Sparse: no disk used, and never read into memory.
    writeFileSync(path, '');
    truncateSync(path, 200 * 1024 * 1024);
    expect(() => HistoryReader.open(dir)).toThrow(/: 209715200 bytes, more than a segment holds \(134217728\)$/);
  });
});

describe('a write that fails half-way (a full disk)', () => {
  it('leaves the torn record last in its segment and goes on in a new one', () => {
    class FailingOnce extends HistoryWriter {
      failNext = false;
      protected override write(buf: Buffer): void {
        if (!this.failNext) return super.write(buf);
        this.failNext = false;
        super.write(buf.subarray(0, buf.length >> 1));
        throw new Error('ENOSPC: no space left on device, write');
      }
    }
    const list = samples(10);
    const w = new FailingOnce(dir, OPTS);
    for (const [i, s] of list.entries()) {
      w.failNext = i === 4;
      if (i === 4) expect(() => w.append(s)).toThrow('ENOSPC');
      else w.append(s);
    }
    w.close();
    expect(listSegments(dir)).toHaveLength(2);
    const r = HistoryReader.open(dir);
    expect([...r.between(0, Number.MAX_SAFE_INTEGER)]).toEqual([...list.slice(0, 4), ...list.slice(5)]);
    expect(r.tornBytes()).toBeGreaterThan(0);
  });
});
